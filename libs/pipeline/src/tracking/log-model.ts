import { InternalError } from '@llmops/contract';
import { MLmodelDocument } from '../model-package/mlmodel';
import { Summarizer } from '../summarizer/summarizer';
import { TrackingSink } from './tracking-sink';

/** MLflow's run tag listing the models logged in a run (a JSON array). */
export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';

/**
 * Packages the summarizer into a temp directory, uploads it as run artifacts under `artifactPath`
 * and appends its entry to the run's `mlflow.log-model.history` tag. Returns the MLmodel written.
 */
export async function logModel(
  _sink: TrackingSink,
  _runId: string,
  _summarizer: Summarizer,
  _artifactPath: string,
): Promise<MLmodelDocument> {
  throw new InternalError('logModel: not implemented yet');
}
