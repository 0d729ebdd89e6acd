/** One logged query of an LLM pipeline and its result. */
export interface Prediction {
  rowIndex: number;
  inputs: unknown;
  outputs: unknown;
  latencyMs: number | null;
  extra: Record<string, unknown> | null;
  timestamp: number;
}
