import { HistoryAction, ModelStage, TransitionEvaluation } from '@llmops/contract';

/** Domain objects of the registry: no decorators, no wire names. Times are epoch ms. */

export interface Tag {
  key: string;
  value: string;
}

export interface RegisteredModel {
  id: string;
  name: string;
  description: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  tags: Tag[];
  aliases: Array<{ alias: string; version: number }>;
}

export interface ModelVersion {
  modelId: string;
  name: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  userId: string;
  stage: ModelStage;
  description: string;
  source: string;
  runId: string;
  /** Served location of the package (`mlflow-artifacts:/...`; `file://` for versions from before). */
  storageLocation: string;
  /** MLflow 3's logged model registered, when the source is one. */
  loggedModelId: string | null;
  tags: Tag[];
  aliases: string[];
}

/** One line of a model's audit trail: a stage transition, an alias move, a version leaving. */
export interface HistoryEntry {
  id: string;
  modelId: string;
  name: string;
  version: number;
  action: HistoryAction;
  fromStage: ModelStage | null;
  toStage: ModelStage | null;
  alias: string | null;
  previousVersion: number | null;
  userId: string;
  at: number;
  reason: string | null;
  evaluationRunId: string | null;
  evaluation: TransitionEvaluation | null;
  override: boolean;
}

export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'modelId' | 'name'>;

/** Who acts, as the gateway established it; 'anonymous' without one. */
export const ANONYMOUS = 'anonymous';
