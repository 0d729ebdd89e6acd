/** NATS subjects served (and events published) by the model registry. */
export const REGISTRY_SUBJECTS = {
  health: 'registry.v1.health',
  models: {
    create: 'registry.v1.models.create',
    get: 'registry.v1.models.get',
    search: 'registry.v1.models.search',
    rename: 'registry.v1.models.rename',
    update: 'registry.v1.models.update',
    delete: 'registry.v1.models.delete',
    setTag: 'registry.v1.models.set-tag',
    deleteTag: 'registry.v1.models.delete-tag',
    /** Latest version per stage (MLflow's GetLatestVersions). */
    getLatestVersions: 'registry.v1.models.get-latest-versions',
    /** `models:/...` or `runs:/...` to a concrete storage location. */
    resolve: 'registry.v1.models.resolve',
  },
  versions: {
    create: 'registry.v1.versions.create',
    get: 'registry.v1.versions.get',
    search: 'registry.v1.versions.search',
    update: 'registry.v1.versions.update',
    delete: 'registry.v1.versions.delete',
    setTag: 'registry.v1.versions.set-tag',
    deleteTag: 'registry.v1.versions.delete-tag',
    transitionStage: 'registry.v1.versions.transition-stage',
    /** The version's run, with its params, metrics and datasets (asked of tracking). */
    getLineage: 'registry.v1.versions.get-lineage',
  },
  aliases: {
    set: 'registry.v1.aliases.set',
    delete: 'registry.v1.aliases.delete',
    /** The version an alias points at (MLflow's GetModelVersionByAlias). */
    get: 'registry.v1.aliases.get',
  },
  history: {
    /** Every stage transition and alias move of a model, oldest first. */
    list: 'registry.v1.history.list',
    /** Which version was in stage S (or held alias A) at time T. */
    at: 'registry.v1.history.at',
  },
  /** Published to every subscriber (not a queue group); payloads in registry.events.ts. */
  events: {
    versionCreated: 'registry.v1.events.version-created',
    versionDeleted: 'registry.v1.events.version-deleted',
    stageChanged: 'registry.v1.events.stage-changed',
    aliasSet: 'registry.v1.events.alias-set',
    aliasDeleted: 'registry.v1.events.alias-deleted',
    modelRenamed: 'registry.v1.events.model-renamed',
    modelDeleted: 'registry.v1.events.model-deleted',
  },
} as const;
