import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SummarizerSpec } from '@llmops/pipeline';

/** The bundled pipeline-test model: real ONNX code path, random weights. */
export const FIXTURE_MODEL_DIR = resolve(__dirname, '../../../../libs/pipeline/test-fixtures/tiny-random-t5');
export const DEFAULT_HUB_MODEL = 'Xenova/distilbart-cnn-6-6';

export interface Candidate {
  /** Short name used in run names and output. */
  key: string;
  label: string;
  spec: SummarizerSpec;
  /** Said next to the candidate wherever it is printed. */
  note?: string;
}

export interface CandidateChoice {
  /** `--model <hf-id|dir>`, when given. */
  model?: string;
  /** Whether the Hugging Face hub answered (decides the default abstractive model). */
  hubReachable: boolean;
}

/**
 * The candidates of a walkthrough: the extractive baselines always (TextRank, and Lead-3, the
 * classic news baseline it must beat), plus one abstractive ONNX model: the one asked for, the
 * default hub model where the hub is reachable, else the bundled test model, labelled as such.
 */
export function chooseCandidates(choice: CandidateChoice): Candidate[] {
  const candidates: Candidate[] = [
    {
      key: 'extractive-textrank',
      label: 'extractive TextRank (no weights)',
      spec: { flavor: 'extractive', settings: { method: 'textrank', maxSentences: 3 } },
    },
    {
      key: 'extractive-lead3',
      label: 'extractive Lead-3 baseline (the first three sentences)',
      spec: { flavor: 'extractive', settings: { method: 'lead', maxSentences: 3, maxWords: 0 } },
    },
  ];
  candidates.push(abstractiveCandidate(choice));
  return candidates;
}

function abstractiveCandidate(choice: CandidateChoice): Candidate {
  if (choice.model) {
    const local = existsSync(choice.model);
    const model = local ? resolve(choice.model) : choice.model;
    return {
      key: 'onnx-custom',
      label: `ONNX seq2seq ${model}`,
      spec: {
        flavor: 'onnx-seq2seq',
        model,
        allowRemoteModels: !local,
        settings: seq2seqSettingsFor(model),
      },
    };
  }
  if (choice.hubReachable) {
    return {
      key: 'onnx-distilbart',
      label: `ONNX seq2seq ${DEFAULT_HUB_MODEL} (from the Hugging Face hub)`,
      spec: {
        flavor: 'onnx-seq2seq',
        model: DEFAULT_HUB_MODEL,
        allowRemoteModels: true,
        settings: seq2seqSettingsFor(DEFAULT_HUB_MODEL),
      },
    };
  }
  return {
    key: 'onnx-tiny-random-t5',
    label: 'ONNX seq2seq tiny-random-t5 (bundled)',
    note:
      'pipeline-test model with RANDOM weights (the hub is not reachable): it exercises the real ONNX path ' +
      'and the gate is expected to reject it. Pass --model <hf-id|dir> for a real model.',
    spec: { flavor: 'onnx-seq2seq', model: FIXTURE_MODEL_DIR, settings: seq2seqSettingsFor('t5') },
  };
}

function seq2seqSettingsFor(model: string) {
  const isT5 = /t5/i.test(model);
  return {
    taskPrefix: isT5 ? 'summarize: ' : '',
    maxInputTokens: 512,
    minNewTokens: 10,
    maxNewTokens: 60,
    numBeams: 1,
    noRepeatNgramSize: 3,
  };
}

/** Whether the Hugging Face hub answers, within a short bound (offline machines say no at once). */
export async function hubReachable(timeoutMs = 3000): Promise<boolean> {
  if (process.env.HF_HUB_OFFLINE === '1' || process.env.LLMOPS_OFFLINE === '1') return false;
  try {
    const response = await fetch('https://huggingface.co/api/models?limit=1', {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}
