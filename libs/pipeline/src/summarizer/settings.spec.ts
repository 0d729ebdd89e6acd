import { InvalidParameterError } from '@llmops/contract';
import { EXTRACTIVE_PARAMS } from '../extractive/extractive.settings';
import { SEQ2SEQ_PARAMS } from '../onnx-seq2seq/onnx-seq2seq.settings';
import { createSummarizer, isSummarizerFlavor } from './create-summarizer';
import { resolveSettings } from './settings';
import { SummarizerSpec } from './summarizer-spec';

describe('resolveSettings', () => {
  it('applies defaults, then base settings, then overrides; string forms are coerced', () => {
    expect(resolveSettings(EXTRACTIVE_PARAMS, { maxSentences: 2 }, { maxWords: '40', positionWeight: '0.25' })).toEqual(
      {
        method: 'textrank',
        maxSentences: 2,
        maxWords: 40,
        positionWeight: 0.25,
        redundancyThreshold: 0.3,
        damping: 0.85,
        forwardWeight: 0.3,
        backwardWeight: -0.7,
        edgeThreshold: 0.1,
      },
    );
  });

  it('rejects unknown names, wrong types, out-of-range values and bad choices', () => {
    expect(() => resolveSettings(EXTRACTIVE_PARAMS, { temperature: 1 })).toThrow(/Unknown setting 'temperature'/);
    expect(() => resolveSettings(EXTRACTIVE_PARAMS, {}, { maxSentences: 2.5 })).toThrow(/integer/);
    expect(() => resolveSettings(EXTRACTIVE_PARAMS, {}, { maxSentences: 'many' })).toThrow(/number/);
    expect(() => resolveSettings(EXTRACTIVE_PARAMS, {}, { damping: 1.5 })).toThrow(/<= 1/);
    expect(() => resolveSettings(EXTRACTIVE_PARAMS, {}, { method: 'llm' })).toThrow(/one of textrank, pacsum, lead/);
    expect(() => resolveSettings(SEQ2SEQ_PARAMS, {}, { dtype: 'q8' }, true)).toThrow(InvalidParameterError);
    expect(resolveSettings(SEQ2SEQ_PARAMS, {}, { dtype: 'q8' }, false).dtype).toBe('q8');
  });
});

describe('createSummarizer', () => {
  it('knows its flavors and rejects others', async () => {
    expect(isSummarizerFlavor('extractive')).toBe(true);
    expect(isSummarizerFlavor('onnx-seq2seq')).toBe(true);
    expect(isSummarizerFlavor('gpt')).toBe(false);
    await expect(createSummarizer({ flavor: 'gpt' } as unknown as SummarizerSpec)).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
  });
});
