import { ExtractiveSpec } from '../extractive/extractive.settings';
import { OnnxSeq2SeqSpec } from '../onnx-seq2seq/onnx-seq2seq.settings';

/** What `createSummarizer` builds: the flavor name picks the implementation. */
export type SummarizerSpec = OnnxSeq2SeqSpec | ExtractiveSpec;
