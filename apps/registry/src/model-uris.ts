import { formatModelUri, ModelStage } from '@llmops/contract';

/** The `models:/` URIs whose target can move when a version changes stage or alias. */
export function versionUri(name: string, version: number): string {
  return formatModelUri({ kind: 'model-version', name, version });
}

export function stageUri(name: string, stage: ModelStage): string {
  return formatModelUri({ kind: 'model-stage', name, stage });
}

export function aliasUri(name: string, alias: string): string {
  return formatModelUri({ kind: 'model-alias', name, alias });
}

export function latestUri(name: string): string {
  return `models:/${name}/latest`;
}
