import { llmSpanAttributes } from './llm-trace';

describe('LLM span attributes (MLflow GenAI shape)', () => {
  it('keeps articles as previews, names the model and its version as searchable trace metadata', () => {
    const attributes = llmSpanAttributes({
      articles: ['short', 'x'.repeat(50)],
      modelUri: 'models:/news/3',
      modelName: 'news',
      modelVersion: '3',
      replica: 'host:1',
      previewChars: 10,
    });
    expect(attributes).toMatchObject({
      'mlflow.spanType': 'LLM',
      'mlflow.llm.model': 'models:/news/3',
      'llmops.model.version': '3',
      'llmops.replica': 'host:1',
      'mlflow.trace.metadata.llmops.modelVersion': '3',
      'mlflow.trace.metadata.llmops.modelName': 'news',
      'mlflow.trace.metadata.llmops.modelUri': 'models:/news/3',
    });
    expect(JSON.parse(attributes['mlflow.spanInputs'] as string)).toEqual({
      articles: ['short', `${'x'.repeat(10)}…`],
      preview_chars: 10,
    });
  });

  it('names no version for a model outside the registry', () => {
    const attributes = llmSpanAttributes({ articles: ['a'], modelUri: 'extractive', previewChars: 100 });
    expect(Object.keys(attributes)).not.toContain('mlflow.trace.metadata.llmops.modelVersion');
    expect(attributes['mlflow.trace.metadata.llmops.modelUri']).toBe('extractive');
  });
});
