import { Prediction } from './prediction';

/** Persistence port of logged predictions (bound to one transaction). */
export abstract class PredictionRepository {
  /** The row index the next appended row gets (= rows logged so far). */
  abstract nextRowIndex(runId: string): Promise<number>;
  abstract append(runId: string, rows: Prediction[]): Promise<void>;
  /** Rows by row index. */
  abstract list(runId: string, offset: number, limit: number): Promise<Prediction[]>;
}
