import { ModelStage } from '../model-uri/model-uri';

/**
 * Payloads of `SUBJECTS.registry.events.*`. `modelUris` lists every `models:/` URI whose target
 * may have changed, so a server of one of them (inference) knows to reload.
 */
interface RegistryEventBase {
  name: string;
  modelUris: string[];
  /** Epoch ms. */
  at: number;
  userId: string;
}

export interface ModelVersionCreatedEvent extends RegistryEventBase {
  version: number;
  runId: string;
  source: string;
  storageLocation: string;
}

export interface ModelVersionDeletedEvent extends RegistryEventBase {
  version: number;
  fromStage: ModelStage;
  /** Aliases that pointed at the version and are gone with it. */
  aliases: string[];
}

export interface StageChangedEvent extends RegistryEventBase {
  version: number;
  fromStage: ModelStage;
  toStage: ModelStage;
  reason: string | null;
  /** For a version archived by `archive_existing_versions`: the version whose promotion did it. */
  archivedBy: number | null;
}

export interface AliasSetEvent extends RegistryEventBase {
  alias: string;
  version: number;
  previousVersion: number | null;
}

export interface AliasDeletedEvent extends RegistryEventBase {
  alias: string;
  previousVersion: number;
}

export interface ModelRenamedEvent extends RegistryEventBase {
  oldName: string;
}

export interface ModelDeletedEvent extends RegistryEventBase {
  versions: number[];
}
