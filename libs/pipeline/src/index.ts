// Summarizers behind one port
export * from './summarizer/summarizer';
export * from './summarizer/summarizer-spec';
export { createSummarizer, isSummarizerFlavor } from './summarizer/create-summarizer';
export { resolveSettings } from './summarizer/settings';
export type { LoadOptions } from './summarizer/flavor-registry';
export * from './onnx-seq2seq/onnx-seq2seq.settings';
export * from './extractive/extractive.settings';

// Packaged model format (MLflow-like)
export * from './model-package/mlmodel';
export * from './model-package/model-package';

// Logging models and predictions to tracking (through a port)
export * from './tracking/tracking-sink';
export * from './tracking/log-model';
export * from './tracking/run-pipeline-on-dataset';

// Datasets, evaluation, statistics
export * from './dataset/dataset';
export * from './rouge/rouge';
export { porterStem } from './rouge/porter-stemmer';
export * from './stats/percentiles';
