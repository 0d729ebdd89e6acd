import { Injectable } from '@nestjs/common';
import { InvalidParameterError } from '@llmops/contract';
import { Param } from '../../runs/domain/run';
import { validateParam } from '../../shared/validation';
import { TrackingStore } from '../../store/tracking-store';
import { requireLoggedModel } from '../logged-model-lookup';

/** MLflow 3's LogLoggedModelParams: params are immutable, as a run's (the same value again is fine). */
@Injectable()
export class LogLoggedModelParamsHandler {
  constructor(private readonly store: TrackingStore) {}

  async execute(modelId: string, params: Param[]): Promise<void> {
    params.forEach((p) => validateParam(p.key, p.value, 'param'));
    await this.store.transaction(async ({ loggedModels }) => {
      await requireLoggedModel(loggedModels, modelId, { lock: true });
      const existing = new Map(
        (
          await loggedModels.findParams(
            modelId,
            params.map((p) => p.key),
          )
        ).map((p) => [p.key, p.value]),
      );
      const given = new Map<string, string>();
      for (const p of params) {
        const before = existing.get(p.key) ?? given.get(p.key);
        if (before !== undefined && before !== p.value) {
          throw new InvalidParameterError(
            `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${before}' for logged model ID='${modelId}'. Attempted logging new value '${p.value}'.`,
          );
        }
        given.set(p.key, p.value);
      }
      await loggedModels.insertParams(
        modelId,
        [...given.entries()].filter(([k]) => !existing.has(k)).map(([key, value]) => ({ key, value })),
      );
    });
  }
}
