import { Injectable } from '@nestjs/common';
import { InvalidParameterError, TRACKING_LIMITS } from '@llmops/contract';
import { validateKey, validateValueLength } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { DatasetInput, assertRunActive } from '../domain/run';
import { requireRunInfo } from '../run-lookup';

/** MLflow's dataset field limits (mlflow/store/tracking/dbmodels). */
const LIMITS = { name: 500, digest: 36, sourceType: 36, source: 65535, schema: 1048575, profile: 16384, tagValue: 500 };

@Injectable()
export class LogInputsHandler {
  constructor(private readonly store: TrackingStore) {}

  /** Records which datasets the run used, each with its context tag (training, evaluation...). */
  async execute(runId: string, inputs: DatasetInput[]): Promise<void> {
    if (inputs.length > TRACKING_LIMITS.maxDatasetsPerLog) {
      throw new InvalidParameterError(`At most ${TRACKING_LIMITS.maxDatasetsPerLog} datasets per log-inputs call`);
    }
    inputs.forEach((input, i) => validateInput(input, `datasets[${i}]`));
    await this.store.transaction(async ({ runs }) => {
      const info = await requireRunInfo(runs, runId, { lock: true });
      assertRunActive(info);
      await runs.addInputs(runId, info.experimentId, inputs);
    });
  }
}

function validateInput(input: DatasetInput, field: string): void {
  const d = input.dataset;
  validateValueLength(d.name, LIMITS.name, `${field}.dataset.name`);
  validateValueLength(d.digest, LIMITS.digest, `${field}.dataset.digest`);
  validateValueLength(d.sourceType, LIMITS.sourceType, `${field}.dataset.source_type`);
  validateValueLength(d.source, LIMITS.source, `${field}.dataset.source`);
  if (d.schema !== null) validateValueLength(d.schema, LIMITS.schema, `${field}.dataset.schema`);
  if (d.profile !== null) validateValueLength(d.profile, LIMITS.profile, `${field}.dataset.profile`);
  input.tags.forEach((t, j) => {
    validateKey(t.key, `${field}.tags[${j}].key`);
    validateValueLength(t.value, LIMITS.tagValue, `${field}.tags[${j}].value`);
  });
}
