import { ModelStage } from '@llmops/contract';
import { HistoryEntry, ModelVersion, NewHistoryEntry, RegisteredModel, Tag } from '../domain/registry.model';
import { SearchCondition, SortKey } from '../search/search-filter';

export interface NewRegisteredModel {
  name: string;
  description: string;
  userId: string;
  at: number;
  tags: Tag[];
}

export interface SearchQuery {
  conditions: SearchCondition[];
  /** Leave out MLflow 3 prompts (models, or versions of models, tagged `mlflow.prompt.is_prompt` = 'true'). */
  excludePrompts?: boolean;
  orderBy: SortKey[];
  offset: number;
  limit: number;
  /** Only the models of these names (what the caller may read); undefined: every one. */
  visibleNames?: string[];
}

/**
 * The changes one can make to a model while holding its row lock (`SELECT ... FOR UPDATE`), so
 * that version numbering, stage transitions and alias moves of one model are serialised.
 * Implementations must not let work inside escape the transaction.
 */
export interface LockedModel {
  readonly model: RegisteredModel;
  versions(): Promise<ModelVersion[]>;
  /** The next version number of this model: never reused, even after deletions. */
  allocateVersionNumber(): Promise<number>;
  addVersion(version: Omit<ModelVersion, 'aliases'>): Promise<void>;
  updateVersion(version: number, patch: { stage?: ModelStage; description?: string; updatedAt: number }): Promise<void>;
  removeVersion(version: number): Promise<void>;
  setVersionTag(version: number, tag: Tag): Promise<void>;
  deleteVersionTag(version: number, key: string): Promise<boolean>;
  updateModel(patch: { name?: string; description?: string; updatedAt: number }): Promise<void>;
  setModelTag(tag: Tag): Promise<void>;
  deleteModelTag(key: string): Promise<boolean>;
  removeModel(): Promise<void>;
  setAlias(alias: string, version: number): Promise<void>;
  deleteAlias(alias: string): Promise<void>;
  record(entries: NewHistoryEntry[]): Promise<void>;
}

export abstract class RegistryStore {
  /** Throws ResourceAlreadyExistsError when the name is taken. */
  abstract createModel(model: NewRegisteredModel): Promise<RegisteredModel>;
  abstract findModel(name: string): Promise<RegisteredModel | null>;
  abstract searchModels(query: SearchQuery): Promise<RegisteredModel[]>;
  abstract findVersion(name: string, version: number): Promise<ModelVersion | null>;
  abstract listVersions(name: string): Promise<ModelVersion[]>;
  abstract searchVersions(query: SearchQuery): Promise<ModelVersion[]>;
  abstract history(name: string, version?: number): Promise<HistoryEntry[]>;
  /** Runs `work` in one transaction holding the model's row lock; ResourceNotFoundError if absent. */
  abstract withModel<T>(name: string, work: (locked: LockedModel) => Promise<T>): Promise<T>;
  abstract ping(): Promise<void>;
}
