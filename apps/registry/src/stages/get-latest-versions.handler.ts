import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { ModelVersion } from '../domain/registry.model';
import { latestPerStage, parseStage } from '../domain/stage-rules';
import { RegistryStore } from '../ports/registry.store';

@Injectable()
export class GetLatestVersionsHandler {
  constructor(private readonly store: RegistryStore) {}

  async execute(name: string, stages?: string[]): Promise<ModelVersion[]> {
    const wanted = stages && stages.length > 0 ? stages.map(parseStage) : undefined;
    if (!(await this.store.findModel(name))) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
    return latestPerStage(await this.store.listVersions(name), wanted);
  }
}
