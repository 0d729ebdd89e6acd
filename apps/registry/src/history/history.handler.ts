import { Injectable } from '@nestjs/common';
import { InvalidParameterError, ModelStage, ResourceNotFoundError } from '@llmops/contract';
import { validateAlias } from '../domain/alias-rules';
import { aliasHolderAt, versionsInStageAt } from '../domain/history-at';
import { HistoryEntry } from '../domain/registry.model';
import { parseStage } from '../domain/stage-rules';
import { RegistryStore } from '../ports/registry.store';

export interface HolderAt {
  stage: ModelStage | null;
  alias: string | null;
  version: number | null;
  versions: number[];
}

@Injectable()
export class HistoryHandler {
  constructor(private readonly store: RegistryStore) {}

  async list(name: string, version?: number): Promise<HistoryEntry[]> {
    await this.requireModel(name);
    return this.store.history(name, version);
  }

  /** Which version was in `stage` (or held `alias`) at time `at`, replayed from the history. */
  async at(q: { name: string; stage?: string; alias?: string; at: number }): Promise<HolderAt> {
    if ((q.stage === undefined) === (q.alias === undefined)) {
      throw new InvalidParameterError('Give exactly one of stage or alias');
    }
    const stage = q.stage !== undefined ? parseStage(q.stage) : null;
    const alias = q.alias !== undefined ? validateAlias(q.alias) : null;
    await this.requireModel(q.name);
    const entries = await this.store.history(q.name);
    if (stage) {
      const versions = versionsInStageAt(entries, await this.store.listVersions(q.name), stage, q.at);
      return { stage, alias: null, version: versions.length ? versions[versions.length - 1] : null, versions };
    }
    const holder = aliasHolderAt(entries, alias as string, q.at);
    return { stage: null, alias, version: holder, versions: holder === null ? [] : [holder] };
  }

  private async requireModel(name: string): Promise<void> {
    if (!(await this.store.findModel(name))) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
  }
}
