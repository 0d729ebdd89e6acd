// Summarizers behind one port
export * from './summarizer/summarizer';
export * from './summarizer/summarizer-spec';
export { createSummarizer, isSummarizerFlavor } from './summarizer/create-summarizer';
export { resolveSettings } from './summarizer/settings';
export type { LoadOptions } from './summarizer/flavor-registry';
export * from './onnx-seq2seq/onnx-seq2seq.settings';
export * from './extractive/extractive.settings';
export { ExtractiveSummarizer } from './extractive/extractive.summarizer';
export { splitSentences } from './extractive/sentence-splitter';
export { OnnxSeq2SeqSummarizer } from './onnx-seq2seq/onnx-seq2seq.summarizer';
export { defaultModelCacheDir } from './onnx-seq2seq/model-source';

// Packaged model format (MLflow-like)
export * from './model-package/mlmodel';
export * from './model-package/model-package';

// Logging models and predictions to tracking (through a port)
export * from './tracking/tracking-sink';
export * from './tracking/log-model';
export * from './tracking/run-pipeline-on-dataset';

// Datasets, evaluation, statistics
export * from './dataset/dataset';
export * from './dataset/tabular-file';
export * from './rouge/rouge';
export { porterStem } from './rouge/porter-stemmer';
export * from './stats/percentiles';
export * from './stats/bootstrap';

// Test helpers (an in-memory TrackingSink)
export * from './testing/in-memory-tracking-sink';
