// Generated from the gateway's OpenAPI document (/docs-json) by tools/openapi/generate-dashboard-client.ts.
// Do not edit: run `npm run generate:api`.
export interface paths {
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log, newest first: promotions, gate overrides, token and permission changes */
        get: operations["IdentityAdminController_audit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batch-jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Batch jobs, newest first (optionally ?state=RUNNING&limit=20) */
        get: operations["BatchJobsController_list"];
        put?: never;
        /** Run the production model over a dataset, appending to a Delta table */
        post: operations["BatchJobsController_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batch-jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch job with its progress, partitions and failed rows */
        get: operations["BatchJobsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batch-jobs/{jobId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of a batch job as server-sent events */
        get: operations["BatchJobsController_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batch-jobs/{jobId}/table": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The job's output Delta table: schema, rows, files, and its versions newest first (a page at a time) */
        get: operations["BatchJobsController_describeTable"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/batch-jobs/{jobId}/table/rows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The first rows of the job's output table at a version (time travel; default the latest) */
        get: operations["BatchJobsController_tableRows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Uploaded datasets you may read (?prefix=&limit=) */
        get: operations["DatasetsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datasets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A dataset: format, size, sha256, rows, columns, who uploaded it */
        get: operations["DatasetsController_get"];
        /** Upload a dataset (raw body; Content-Type application/x-ndjson, text/csv, application/vnd.apache.parquet, or application/octet-stream for the format of the name). 201 when created, 200 when the same bytes are already there. */
        put: operations["DatasetsController_upload"];
        post?: never;
        /** Delete a dataset (MANAGE; refused while a running job reads it) */
        delete: operations["DatasetsController_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search experiments (MLflow filter grammar), a page at a time */
        get: operations["ExperimentsController_search"];
        put?: never;
        /** Create an experiment; answers its id */
        post: operations["ExperimentsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experimentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an experiment */
        get: operations["ExperimentsController_get"];
        put?: never;
        post?: never;
        /** Delete an experiment (restorable) */
        delete: operations["ExperimentsController_delete"];
        options?: never;
        head?: never;
        /** Rename an experiment */
        patch: operations["ExperimentsController_update"];
        trace?: never;
    };
    "/api/v1/experiments/{experimentId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a deleted experiment */
        post: operations["ExperimentsController_restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/{experimentId}/tags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set an experiment tag */
        put: operations["ExperimentsController_setTag"];
        post?: never;
        /** Delete an experiment tag */
        delete: operations["ExperimentsController_deleteTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/by-name/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an experiment by name */
        get: operations["ExperimentsController_getByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/experiments/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search experiments with a JSON body */
        post: operations["ExperimentsController_searchByBody"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The message bus's and each service's readiness (what /readyz checks), with the failures' messages */
        get: operations["ServicesHealthController_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/logged-models/{modelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a logged model: info (status, artifact location), params, tags */
        get: operations["LoggedModelsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Finalize a logged model: LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED */
        patch: operations["LoggedModelsController_finalize"];
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller: user name, roles, and whether authentication is on */
        get: operations["CallerController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/models/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Resolve models:/name/version|stage, models:/name@alias or runs:/ to the packaged model */
        get: operations["ModelsResolveController_resolve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Permissions, optionally ?user=&kind=&resource_id= */
        get: operations["IdentityAdminController_listPermissions"];
        put?: never;
        /** Grant READ, EDIT or MANAGE on an experiment or registered model */
        post: operations["IdentityAdminController_grant"];
        /** Revoke a permission: ?user=&kind=&resource_id= */
        delete: operations["IdentityAdminController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search registered models (e.g. filter `name LIKE '%news%'`) */
        get: operations["RegisteredModelsController_search"];
        put?: never;
        /** Register a model name */
        post: operations["RegisteredModelsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A registered model with its latest version per stage, tags and aliases */
        get: operations["RegisteredModelsController_get"];
        put?: never;
        post?: never;
        /** Delete a registered model and all its versions */
        delete: operations["RegisteredModelsController_delete"];
        options?: never;
        head?: never;
        /** Rename (new_name) and/or describe (description) a registered model */
        patch: operations["RegisteredModelsController_update"];
        trace?: never;
    };
    "/api/v1/registered-models/{name}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Point an alias (e.g. champion) at a version */
        put: operations["RegisteredModelsController_setAlias"];
        post?: never;
        /** Remove an alias */
        delete: operations["RegisteredModelsController_deleteAlias"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}/gate-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The model's promotion gate policy (stored for it, else the registry's default, else none)
         * @description Every promotion to Production is decided by it, also MLflow clients' `transition_model_version_stage`, against the version's latest evaluation recorded by the evaluation service.
         */
        get: operations["RegisteredModelsController_gatePolicy"];
        /** Store the model's promotion gate policy (approver; audited) */
        put: operations["RegisteredModelsController_setGatePolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stage transitions and alias moves (with gate decisions); or, with at=, who held a stage/alias then */
        get: operations["RegisteredModelsController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The model's versions (search within it) */
        get: operations["RegisteredModelsController_listVersions"];
        put?: never;
        /** Register a version from a packaged model (source runs:/<run_id>/<path>) */
        post: operations["RegisteredModelsController_createVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A model version */
        get: operations["RegisteredModelsController_getVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}/versions/{version}/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate a version on a held-out JSONL set (ROUGE, latency, failure rate); logs an evaluation run
         * @description Summarizes every article through the inference service: this takes minutes for real models.
         */
        post: operations["RegisteredModelsController_evaluate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/registered-models/{name}/versions/{version}/stage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a version to a stage; Production must pass the promotion gate (400 INVALID_STATE otherwise)
         * @description For Production: the model's gate policy (GET .../gate-policy; a `gate` given here can only tighten it) and `evaluation_run_id` (from POST .../evaluations; default: the version's latest), or `override_reason`. Answers the version and the gate decision (every check with its values), also recorded in the history.
         */
        post: operations["RegisteredModelsController_transition"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a run in an experiment */
        post: operations["RunsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a run: info, params, metrics (latest), tags, dataset inputs */
        get: operations["RunsController_get"];
        put?: never;
        post?: never;
        /** Delete a run (restorable) */
        delete: operations["RunsController_delete"];
        options?: never;
        head?: never;
        /** Update status, end time or name (e.g. mark FINISHED) */
        patch: operations["RunsController_update"];
        trace?: never;
    };
    "/api/v1/runs/{runId}/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a directory of the run's artifacts (the root when no path) */
        get: operations["ArtifactsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/artifacts/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one artifact file (streamed) */
        get: operations["ArtifactsController_download"];
        /** Upload one artifact file: the raw request body, streamed to the artifact store */
        put: operations["ArtifactsController_upload"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log metrics, params and tags at once (MLflow's log-batch limits) */
        post: operations["RunsController_logBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the datasets a run used (MLflow log-inputs) */
        post: operations["RunsController_logInputs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/logged-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a package in the run's artifacts (`artifact_path`) as an MLflow 3 logged model (PENDING) */
        post: operations["LoggedModelsController_record"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log a metric value ('NaN', 'Infinity', '-Infinity' allowed) */
        post: operations["RunsController_logMetric"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/metrics/{key}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every value logged for a metric, by step */
        get: operations["RunsController_metricHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/params": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log a parameter (immutable once logged) */
        post: operations["RunsController_logParam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/predictions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List logged predictions in logging order, a page at a time */
        get: operations["PredictionsController_list"];
        put?: never;
        /** Append prediction rows (inputs, outputs, latency, extra columns) */
        post: operations["PredictionsController_log"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/predictions/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Write the predictions as JSONL into the run's artifacts */
        post: operations["PredictionsController_export"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a deleted run */
        post: operations["RunsController_restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/{runId}/tags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a run tag */
        put: operations["RunsController_setTag"];
        post?: never;
        /** Delete a run tag */
        delete: operations["RunsController_deleteTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/runs/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Search runs of experiments (e.g. filter `metrics.rouge1 > 0.3 and params.model = 't5'`) */
        post: operations["RunsController_search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/summarize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Summarize 1..N articles with a model by URI (runs:/, models:/ or the built-in "extractive") */
        post: operations["SummarizeController_summarize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tables you may read (?limit=) */
        get: operations["TablesController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tables/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A table: location, latest version, schema, files and rows (READ) */
        get: operations["TablesController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API tokens (never their secrets), optionally ?user= */
        get: operations["IdentityAdminController_listTokens"];
        put?: never;
        /** Create an API token for a user; the secret is in this answer only */
        post: operations["IdentityAdminController_createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: operations["IdentityAdminController_revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users and their roles */
        get: operations["IdentityAdminController_listUsers"];
        put?: never;
        /** Create a user with roles (viewer, developer, approver, admin) */
        post: operations["IdentityAdminController_createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AliasDeletedResponse: {
            alias: string;
            name: string;
            previous_version: string;
        };
        AliasResponse: {
            alias: string;
            name: string;
            /** @description The version that held the alias before (null when it was new). */
            previous_version: string | null;
            version: string;
        };
        AuditEntryView: {
            action: string;
            actor: string;
            at: number;
            details: {
                [key: string]: unknown;
            };
            id: string;
            target: string;
        };
        BatchDatasetView: {
            columns: string[];
            createdAt: number | null;
            /** @description Who uploaded it (null: placed by an operator). */
            createdBy: string | null;
            /**
             * @description As uploaded; for a placed file, from its extension (null when it has none we know).
             * @enum {string|null}
             */
            format: "jsonl" | "csv" | "parquet" | null;
            /** @description Canonical name relative to the dataset roots (`news/prod.jsonl`): what jobs and grants name. */
            name: string;
            rows: number | null;
            /** @description sha256 of the content, hex (null for a file an operator placed without uploading). */
            sha256: string | null;
            sizeBytes: number;
        };
        BatchJobDetailView: {
            createdAt: number;
            /** @enum {string} */
            datasetFormat: "jsonl" | "csv" | "parquet";
            /** @description The dataset's canonical name (relative to the dataset roots). */
            datasetUri: string;
            error: string | null;
            /** @description Per-row failures across partitions (the rows' errors are in the partitions). */
            failedRowIds: string[];
            finishedAt: number | null;
            idColumn: string;
            jobId: string;
            keepColumns: string[];
            model: components["schemas"]["BatchModelView"];
            /** @description The table's canonical name (relative to the table roots). */
            outputTable: string;
            /** @description Who submitted it (null: submitted by a service, or before jobs had owners). */
            owner: string | null;
            partitionDetails: components["schemas"]["BatchPartitionView"][];
            partitions: {
                deadLettered: number;
                done: number;
                pending: number;
                total: number;
            };
            partitionSize: number;
            rows: {
                failed: number;
                written: number;
            };
            /** @enum {string} */
            state: "RUNNING" | "SUCCEEDED" | "PARTIALLY_FAILED" | "FAILED";
            textColumn: string;
            /** @description Rows written per second of wall time since the job started. */
            throughputRowsPerSec: number | null;
            totalRows: number;
        };
        BatchJobEvent: {
            jobId: string;
            partitionsDeadLettered: number;
            rowsFailed: number;
            rowsWritten: number;
            /** @enum {string} */
            state: "RUNNING" | "SUCCEEDED" | "PARTIALLY_FAILED" | "FAILED";
        };
        BatchJobView: {
            createdAt: number;
            /** @enum {string} */
            datasetFormat: "jsonl" | "csv" | "parquet";
            /** @description The dataset's canonical name (relative to the dataset roots). */
            datasetUri: string;
            error: string | null;
            finishedAt: number | null;
            idColumn: string;
            jobId: string;
            keepColumns: string[];
            model: components["schemas"]["BatchModelView"];
            /** @description The table's canonical name (relative to the table roots). */
            outputTable: string;
            /** @description Who submitted it (null: submitted by a service, or before jobs had owners). */
            owner: string | null;
            partitions: {
                deadLettered: number;
                done: number;
                pending: number;
                total: number;
            };
            partitionSize: number;
            rows: {
                failed: number;
                written: number;
            };
            /** @enum {string} */
            state: "RUNNING" | "SUCCEEDED" | "PARTIALLY_FAILED" | "FAILED";
            textColumn: string;
            /** @description Rows written per second of wall time since the job started. */
            throughputRowsPerSec: number | null;
            totalRows: number;
        };
        BatchModelView: {
            /** @description The pinned URI every partition loads (`models:/news/3`, or the `runs:/` URI). */
            modelUri: string;
            name: string | null;
            /** @description What the caller asked for (e.g. `models:/news/Production`). */
            requestedUri: string;
            runId: string;
            storageLocation: string;
            version: string | null;
        };
        BatchPartitionEvent: {
            error: string | null;
            failedRowIds: string[];
            job: {
                deadLettered: number;
                done: number;
                rowsWritten: number;
                /** @enum {string} */
                state: "RUNNING" | "SUCCEEDED" | "PARTIALLY_FAILED" | "FAILED";
                total: number;
            };
            jobId: string;
            partition: number;
            rowsWritten: number;
            /** @enum {string} */
            state: "PENDING" | "DONE" | "DEAD_LETTERED";
        };
        BatchPartitionView: {
            /** @description Time the orchestrator spent committing the partition's file to the Delta table. */
            commitMs: number | null;
            deliveries: number;
            endRow: number;
            error: string | null;
            failedRowIds: string[];
            partition: number;
            rowsWritten: number;
            startRow: number;
            /** @enum {string} */
            state: "PENDING" | "DONE" | "DEAD_LETTERED";
            /** @description Time the worker spent summarizing the partition's rows. */
            summarizeMs: number | null;
            tableVersion: number | null;
            workerId: string | null;
        };
        BatchStreamMessage: {
            data: components["schemas"]["BatchJobDetailView"];
            /** @enum {string} */
            type: "job";
        } | {
            data: components["schemas"]["BatchPartitionEvent"];
            /** @enum {string} */
            type: "partition";
        } | {
            data: components["schemas"]["BatchJobDetailView"] | components["schemas"]["BatchJobEvent"];
            /** @enum {string} */
            type: "finished";
        };
        BatchTableRowsView: {
            columns: components["schemas"]["DeltaColumnView"][];
            files: number;
            jobId: string;
            rows: {
                [key: string]: (string | number | boolean) | null;
            }[];
            table: string;
            /** @description Epoch ms of that version's commit. */
            timestamp: number;
            /** @description Rows and data files in the table at that version. */
            totalRows: number;
            version: number;
        };
        BatchTableView: {
            columns: components["schemas"]["DeltaColumnView"][];
            /** @description Epoch ms of the table's creation. */
            createdTime: number | null;
            description: string | null;
            /** @description Data files and rows of the latest version. */
            files: number;
            jobId: string;
            latestVersion: number;
            name: string | null;
            /** @description Pass as `before` for the next (older) page; null when this page reaches version 0. */
            nextBefore: number | null;
            partitionColumns: string[];
            rows: number;
            /** @description Where the table is (the job's `outputTable`). */
            table: string;
            /** @description Newest first. */
            versions: components["schemas"]["DeltaVersionView"][];
        };
        CallerResponse: {
            /**
             * @description `off` when the gateway runs without authentication (every request is the local admin).
             * @enum {string}
             */
            authentication: "on" | "off";
            roles: ("viewer" | "developer" | "approver" | "admin")[];
            user: string;
        };
        CreateExperimentResponse: {
            experiment_id: string;
        };
        CreateTokenResponse: {
            secret: string;
            token: components["schemas"]["TokenView"];
        };
        DatasetInputView: {
            dataset: components["schemas"]["DatasetView"];
            /** @description Context of use, MLflow's `mlflow.data.context` tag (e.g. training, evaluation). */
            tags: components["schemas"]["TrackingTagView"][];
        };
        DatasetView: {
            digest: string;
            name: string;
            /** @description Optional JSON string of summary statistics, e.g. `{"num_rows": 1000}`. */
            profile?: string;
            /** @description Optional JSON string describing the columns. */
            schema?: string;
            /** @description Where the data came from, as MLflow records it (usually a JSON string, e.g. `{"uri": ...}`). */
            source: string;
            source_type: string;
        };
        DeltaColumnView: {
            name: string;
            nullable: boolean;
            /** @description A partition column (its values live in the log, one folder per value). */
            partition: boolean;
            type: string;
        };
        DeltaVersionView: {
            addedFiles: number;
            /** @description Rows this version added (from the added files' stats). */
            addedRows: number;
            /** @description The batch job and partition whose rows this version committed, when a job wrote it. */
            batchJobId: string | null;
            /** @description `CREATE TABLE`, `WRITE`, ... */
            operation: string;
            operationParameters: {
                [key: string]: string;
            };
            partition: number | null;
            removedFiles: number;
            /** @description Epoch ms. */
            timestamp: number;
            version: number;
        };
        EvaluationMetricsView: {
            articles: number;
            /** @description Failed articles / articles, 0..1. */
            failure_rate: number;
            /** @description Over the articles that were summarized; null when none was. */
            latency_p50_ms: number | null;
            latency_p95_ms: number | null;
            /** @description Mean per-article F1 (0..1); a failed article counts as an empty summary (F1 0). */
            rouge1: number;
            rouge2: number;
            rougeL: number;
            rougeLsum: number;
        };
        ExperimentView: {
            artifact_location: string;
            creation_time: number;
            experiment_id: string;
            last_update_time: number;
            /** @enum {string} */
            lifecycle_stage: "active" | "deleted";
            name: string;
            tags: components["schemas"]["TrackingTagView"][];
        };
        ExportPredictionsResponse: {
            artifact_path: string;
            artifact_uri: string;
            rows: number;
        };
        FileInfoView: {
            file_size?: number;
            is_dir: boolean;
            path: string;
        };
        /** @enum {string} */
        GateCheckName: "policy" | "evaluation" | "min_rouge_l" | "min_rouge_2" | "max_latency_p95_ms" | "max_failure_rate" | "max_regression_vs_champion";
        GateCheckView: {
            /** @description The candidate's value (for the champion check: champion ROUGE-L minus candidate ROUGE-L). */
            actual: number | null;
            check: components["schemas"]["GateCheckName"];
            message: string;
            passed: boolean;
            threshold: number | null;
        };
        GateDecisionView: {
            /** @description The version in Production when the gate decided, and the evaluation run compared with. */
            champion: {
                evaluation_run_id: string | null;
                rouge_l: number | null;
                version: string;
            } | null;
            checks: components["schemas"]["GateCheckView"][];
            /** @description Epoch ms. */
            decided_at: number;
            evaluation_run_id: string | null;
            model_uri: string;
            /** @description The transition went ahead on an operator's override (whatever `passed` says). */
            overridden: boolean;
            override_reason: string | null;
            /** @description Every check passed. */
            passed: boolean;
            policy: components["schemas"]["PromotionGatePolicy"];
        };
        GatedTransitionResponse: {
            archived_versions: string[];
            /** @description True when nothing was changed (`dry_run`): `model_version` is the version as it is. */
            dry_run: boolean;
            /** @description Null for transitions that need no gate (anything but Production). */
            gate_decision: components["schemas"]["GateDecisionView"] | null;
            model_version: components["schemas"]["ModelVersionView"];
        };
        GatePolicyResponse: {
            name: string;
            /** @description The policy promotions of this model are decided by; null when there is none. */
            policy: components["schemas"]["PromotionGatePolicy"] | null;
            /**
             * @description `model`: stored for this model; `default`: the registry's configured default; `none`.
             * @enum {string}
             */
            source: "default" | "model" | "none";
            updated_at: number | null;
            /** @description Who stored it and when (epoch ms); null unless `source` is `model`. */
            user_id: string | null;
        };
        GetExperimentResponse: {
            experiment: components["schemas"]["ExperimentView"];
        };
        GetMetricHistoryResponse: {
            metrics: components["schemas"]["MetricView"][];
            next_page_token?: string;
        };
        HistoryEntryView: {
            /** @enum {string} */
            action: "stage_transition" | "alias_set" | "alias_deleted" | "version_deleted";
            /** @description Alias moves: the alias, and the version that held it before (null when it was new). */
            alias: string | null;
            evaluation: components["schemas"]["TransitionEvaluation"] | null;
            evaluation_run_id: string | null;
            /**
             * @description Stage before/after (stage transitions and version deletions).
             * @enum {string|null}
             */
            from_stage: "None" | "Staging" | "Production" | "Archived" | null;
            id: string;
            name: string;
            /** @description The caller asked to bypass the promotion gate (recorded for audit). */
            override: boolean;
            previous_version: string | null;
            reason: string | null;
            timestamp: number;
            /** @enum {string|null} */
            to_stage: "None" | "Staging" | "Production" | "Archived" | null;
            /** @description Caller identity from the `x-llmops-caller` header, 'anonymous' when absent. */
            user_id: string;
            version: string;
        };
        ListArtifactsResponse: {
            /** @description Paths relative to the run's artifact root, as MLflow lists them. */
            files: components["schemas"]["FileInfoView"][];
            root_uri: string;
        };
        ListAuditResponse: {
            entries: components["schemas"]["AuditEntryView"][];
        };
        ListModelHistoryResponse: {
            entries: components["schemas"]["HistoryEntryView"][];
        };
        ListPermissionsResponse: {
            permissions: components["schemas"]["PermissionView"][];
        };
        ListPredictionsResponse: {
            next_page_token?: string;
            predictions: components["schemas"]["PredictionView"][];
        };
        ListTokensResponse: {
            tokens: components["schemas"]["TokenView"][];
        };
        ListUsersResponse: {
            users: components["schemas"]["UserView"][];
        };
        LoggedModelInfoView: {
            /** @description As clients see it: `mlflow-artifacts:/<experiment_id>/models/<model_id>/artifacts` when served. */
            artifact_uri: string;
            creation_timestamp_ms: number;
            experiment_id: string;
            last_updated_timestamp_ms: number;
            model_id: string;
            model_type?: string;
            name: string;
            registrations: {
                name: string;
                version: string;
            }[];
            source_run_id?: string;
            /** @enum {string} */
            status: "LOGGED_MODEL_PENDING" | "LOGGED_MODEL_READY" | "LOGGED_MODEL_UPLOAD_FAILED";
            status_message?: string;
            tags: components["schemas"]["TrackingTagView"][];
        };
        LoggedModelResponse: {
            model: components["schemas"]["LoggedModelView"];
        };
        LoggedModelView: {
            data: {
                metrics: components["schemas"]["MetricView"][];
                params: components["schemas"]["ParamView"][];
            };
            info: components["schemas"]["LoggedModelInfoView"];
        };
        LogPredictionsResponse: {
            count: number;
            /** @description row_index of the first appended row. */
            first_row_index: number;
        };
        MetricView: {
            key: string;
            step: number;
            timestamp: number;
            value: components["schemas"]["WireDouble"];
        };
        ModelHistoryAtResponse: {
            alias: string | null;
            at: number;
            name: string;
            stage: string | null;
            /** @description The version that held it (for a stage: the latest of those in it); null if none. */
            version: string | null;
            /** @description For a stage: every version that was in it at that time, ascending. */
            versions: string[];
        };
        ModelVersionResponse: {
            model_version: components["schemas"]["ModelVersionView"];
        };
        /** @enum {string} */
        ModelVersionStatus: "PENDING_REGISTRATION" | "FAILED_REGISTRATION" | "READY";
        ModelVersionView: {
            aliases: string[];
            creation_timestamp: number;
            /** @enum {string} */
            current_stage: "None" | "Staging" | "Production" | "Archived";
            description: string;
            last_updated_timestamp: number;
            /** @description MLflow 3: the logged model registered, when the source is one. */
            model_id?: string;
            name: string;
            /** @description The run that produced the model ('' for a logged model without one). */
            run_id: string;
            /**
             * @description What the caller registered: `runs:/<run_id>/<path>`, MLflow 3's `models:/<model_id>`, or a URI
             *     inside the run's (or logged model's) artifacts.
             */
            source: string;
            status: components["schemas"]["ModelVersionStatus"];
            /** @description Where the packaged model is, as the artifact proxy serves it (`mlflow-artifacts:/...`). */
            storage_location: string;
            tags: components["schemas"]["RegistryTagView"][];
            user_id: string;
            version: string;
        };
        ParamView: {
            key: string;
            value: string;
        };
        PermissionResponse: {
            permission: components["schemas"]["PermissionView"];
        };
        PermissionView: {
            /** @enum {string} */
            kind: "experiment" | "registered_model" | "table" | "dataset" | "batch_job";
            /** @enum {string} */
            permission: "NONE" | "READ" | "EDIT" | "MANAGE";
            resource_id: string;
            user: string;
        };
        PlatformHealthResponse: {
            /** @description Epoch ms. */
            checked_at: number;
            /** @description Every replica of every service heard from in the last three heartbeat intervals. */
            replicas: components["schemas"]["ReplicaView"][];
            services: components["schemas"]["ServiceHealthView"][];
            /** @enum {string} */
            status: "ok" | "unavailable";
        };
        PredictionView: {
            /** @description Extra columns (e.g. reference summary, ROUGE of the row). */
            extra: {
                [key: string]: unknown;
            } | null;
            inputs: unknown;
            latency_ms: number | null;
            outputs: unknown;
            /** @description Position of the row in the run's table, from 0, in logging order. */
            row_index: number;
            timestamp: number;
        };
        PromotionGatePolicy: {
            max_failure_rate?: number;
            max_latency_p95_ms?: number;
            max_regression_vs_champion?: number;
            min_rouge_2?: number;
            min_rouge_l?: number;
        };
        RegisteredModelAliasView: {
            alias: string;
            version: string;
        };
        RegisteredModelResponse: {
            registered_model: components["schemas"]["RegisteredModelView"];
        };
        RegisteredModelView: {
            aliases: components["schemas"]["RegisteredModelAliasView"][];
            creation_timestamp: number;
            description: string;
            last_updated_timestamp: number;
            /** @description The latest version of each stage that has one (as MLflow's `latest_versions`). */
            latest_versions: components["schemas"]["ModelVersionView"][];
            name: string;
            tags: components["schemas"]["RegistryTagView"][];
            user_id: string;
        };
        RegistryTagView: {
            key: string;
            value: string;
        };
        ReplicaView: {
            last_seen: number;
            replica: string;
            service: string;
            /** @description Epoch ms. */
            started_at: number;
        };
        ResolvedModel: {
            /** @description The URI that was asked for, as given. */
            modelUri: string;
            name: string | null;
            runId: string;
            storageLocation: string;
            version: number | null;
        };
        ResolvedModelView: {
            model_uri: string;
            name: string | null;
            run_id: string | null;
            storage_location: string;
            version: number | null;
        };
        RevokeTokenResponse: {
            token: components["schemas"]["TokenView"];
        };
        RunEvaluationResponse: {
            dataset_digest: string;
            evaluation_run_id: string;
            experiment_id: string;
            metrics: components["schemas"]["EvaluationMetricsView"];
            model_uri: string;
        };
        RunInfoView: {
            artifact_uri: string;
            end_time: number | null;
            experiment_id: string;
            /** @enum {string} */
            lifecycle_stage: "active" | "deleted";
            run_id: string;
            run_name: string;
            /** @description MLflow's older name of `run_id`, kept because MLflow clients still read it. */
            run_uuid: string;
            start_time: number;
            /** @enum {string} */
            status: "RUNNING" | "FAILED" | "SCHEDULED" | "FINISHED" | "KILLED";
            user_id: string;
        };
        RunResponse: {
            run: components["schemas"]["RunView"];
        };
        RunView: {
            data: {
                metrics: components["schemas"]["MetricView"][];
                params: components["schemas"]["ParamView"][];
                tags: components["schemas"]["TrackingTagView"][];
            };
            info: components["schemas"]["RunInfoView"];
            inputs: {
                dataset_inputs: components["schemas"]["DatasetInputView"][];
            };
            /** @description MLflow 3: the logged models the run produced (runs/get only). */
            outputs?: {
                model_outputs: {
                    model_id: string;
                    step: number;
                }[];
            };
        };
        SearchExperimentsResponse: {
            experiments: components["schemas"]["ExperimentView"][];
            /** @description Absent on the last page. */
            next_page_token?: string;
        };
        SearchModelVersionsResponse: {
            model_versions: components["schemas"]["ModelVersionView"][];
            next_page_token?: string;
        };
        SearchRegisteredModelsResponse: {
            next_page_token?: string;
            registered_models: components["schemas"]["RegisteredModelView"][];
        };
        SearchRunsResponse: {
            /** @description Absent on the last page. */
            next_page_token?: string;
            runs: components["schemas"]["RunView"][];
        };
        ServiceHealthView: {
            message: string | null;
            /** @description `bus` (the message transport) or a service name. */
            name: string;
            /** @enum {string} */
            status: "ok" | "failing";
        };
        SummarizeResponse: {
            model: components["schemas"]["ResolvedModelView"];
            /** @description The replica that answered (host:pid), to see the load spread across the queue group. */
            replica: string;
            /** @description One per article, in request order. */
            results: components["schemas"]["SummaryView"][];
        };
        SummaryView: {
            latency_ms: number;
            summary: string;
            tokens_in: number;
            tokens_out: number;
            /** @description The article was cut (to the model's input tokens, or to the service's character bound). */
            truncated: boolean;
        };
        TableEntryView: {
            /** @description null for a table an operator placed (not created by a job). */
            createdAt: number | null;
            createdBy: string | null;
            /** @description Canonical name relative to the table roots (`news_summaries`, `lake/news_summaries`). */
            name: string;
        };
        TableView: {
            columns: {
                name: string;
                type: string;
            }[];
            /** @description null for a table an operator placed (not created by a job). */
            createdAt: number | null;
            createdBy: string | null;
            /** @description `file://` URI of the table directory, for readers (DuckDB, Spark) on the shared volume. */
            location: string;
            /** @description Canonical name relative to the table roots (`news_summaries`, `lake/news_summaries`). */
            name: string;
            numFiles: number;
            numRows: number;
            partitionColumns: string[];
            /** @description The latest Delta version, its columns and size; null while the table has no log. */
            version: number | null;
        };
        TokenView: {
            created_at: number;
            /** @description Epoch ms after which the token is refused (null: until revoked). */
            expires_at: number | null;
            id: string;
            last_used_at: number | null;
            name: string;
            revoked_at: number | null;
            user: string;
        };
        TrackingTagView: {
            key: string;
            value: string;
        };
        TransitionEvaluation: {
            run_id?: string;
        } & {
            [key: string]: unknown;
        };
        UpdateRunResponse: {
            run_info: components["schemas"]["RunInfoView"];
        };
        UserResponse: {
            user: components["schemas"]["UserView"];
        };
        UserView: {
            created_at: number;
            name: string;
            roles: ("viewer" | "developer" | "approver" | "admin")[];
        };
        WireDouble: number | "NaN" | "Infinity" | "-Infinity";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    IdentityAdminController_audit: {
        parameters: {
            query?: {
                action?: unknown;
                actor?: unknown;
                max_results?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListAuditResponse"];
                };
            };
        };
    };
    BatchJobsController_list: {
        parameters: {
            query?: {
                limit?: number;
                state?: "RUNNING" | "SUCCEEDED" | "PARTIALLY_FAILED" | "FAILED";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: components["schemas"]["BatchJobView"][];
                    };
                };
            };
        };
    };
    BatchJobsController_submit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {unknown} */
                    datasetFormat?: "jsonl" | "csv" | "parquet";
                    datasetUri: string;
                    idColumn?: string;
                    keepColumns?: string[];
                    maxDeliver?: number;
                    modelName?: string;
                    modelUri?: string;
                    outputTable: string;
                    partitionSize?: number;
                    textColumn?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchJobDetailView"];
                };
            };
        };
    };
    BatchJobsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchJobDetailView"];
                };
            };
        };
    };
    BatchJobsController_stream: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["BatchStreamMessage"];
                };
            };
        };
    };
    BatchJobsController_describeTable: {
        parameters: {
            query?: {
                /** @description only versions older than this one */
                before?: number;
                /** @description versions per page (default 20, at most 200) */
                limit?: number;
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchTableView"];
                };
            };
        };
    };
    BatchJobsController_tableRows: {
        parameters: {
            query?: {
                /** @description rows (default 20, at most 200) */
                limit?: number;
                version?: number;
            };
            header?: never;
            path: {
                jobId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchTableRowsView"];
                };
            };
        };
    };
    DatasetsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        datasets: components["schemas"]["BatchDatasetView"][];
                    };
                };
            };
        };
    };
    DatasetsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dataset: components["schemas"]["BatchDatasetView"];
                    };
                };
            };
        };
    };
    DatasetsController_upload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        dataset: components["schemas"]["BatchDatasetView"];
                    };
                };
            };
        };
    };
    DatasetsController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    ExperimentsController_search: {
        parameters: {
            query?: {
                filter?: unknown;
                max_results?: number;
                order_by?: string[];
                page_token?: unknown;
                view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchExperimentsResponse"];
                };
            };
        };
    };
    ExperimentsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    artifact_location?: string;
                    name: string;
                    tags?: {
                        key: string;
                        value: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateExperimentResponse"];
                };
            };
        };
    };
    ExperimentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experimentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetExperimentResponse"];
                };
            };
        };
    };
    ExperimentsController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experimentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    ExperimentsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experimentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    new_name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    ExperimentsController_restore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experimentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    ExperimentsController_setTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experimentId: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    value: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    ExperimentsController_deleteTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                experimentId: string;
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    ExperimentsController_getByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetExperimentResponse"];
                };
            };
        };
    };
    ExperimentsController_searchByBody: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    filter?: string;
                    max_results?: number;
                    order_by?: string[];
                    page_token?: string;
                    /** @enum {unknown} */
                    view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchExperimentsResponse"];
                };
            };
        };
    };
    ServicesHealthController_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlatformHealthResponse"];
                };
            };
        };
    };
    LoggedModelsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                modelId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoggedModelResponse"];
                };
            };
        };
    };
    LoggedModelsController_finalize: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                modelId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {unknown} */
                    status: "LOGGED_MODEL_READY" | "LOGGED_MODEL_UPLOAD_FAILED";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoggedModelResponse"];
                };
            };
        };
    };
    CallerController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallerResponse"];
                };
            };
        };
    };
    ModelsResolveController_resolve: {
        parameters: {
            query: {
                uri: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResolvedModel"];
                };
            };
        };
    };
    IdentityAdminController_listPermissions: {
        parameters: {
            query?: {
                kind?: "experiment" | "registered_model" | "table" | "dataset" | "batch_job";
                resource_id?: unknown;
                user?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPermissionsResponse"];
                };
            };
        };
    };
    IdentityAdminController_grant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {unknown} */
                    kind: "experiment" | "registered_model" | "table" | "dataset" | "batch_job";
                    /** @enum {unknown} */
                    permission: "READ" | "EDIT" | "MANAGE";
                    resource_id: string;
                    user: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PermissionResponse"];
                };
            };
        };
    };
    IdentityAdminController_revoke: {
        parameters: {
            query: {
                kind: "experiment" | "registered_model" | "table" | "dataset" | "batch_job";
                resource_id: unknown;
                user: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    RegisteredModelsController_search: {
        parameters: {
            query?: {
                filter?: unknown;
                max_results?: number;
                order_by?: string[];
                page_token?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchRegisteredModelsResponse"];
                };
            };
        };
    };
    RegisteredModelsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    name: string;
                    tags?: {
                        key: string;
                        value: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModelResponse"];
                };
            };
        };
    };
    RegisteredModelsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModelResponse"];
                };
            };
        };
    };
    RegisteredModelsController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RegisteredModelsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    new_name?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModelResponse"] | null;
                };
            };
        };
    };
    RegisteredModelsController_setAlias: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AliasResponse"];
                };
            };
        };
    };
    RegisteredModelsController_deleteAlias: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alias: string;
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AliasDeletedResponse"];
                };
            };
        };
    };
    RegisteredModelsController_gatePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatePolicyResponse"];
                };
            };
        };
    };
    RegisteredModelsController_setGatePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    policy: {
                        max_failure_rate?: number;
                        max_latency_p95_ms?: number;
                        max_regression_vs_champion?: number;
                        min_rouge_2?: number;
                        min_rouge_l?: number;
                    };
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatePolicyResponse"];
                };
            };
        };
    };
    RegisteredModelsController_history: {
        parameters: {
            query?: {
                alias?: unknown;
                /** @description ISO 8601 time */
                at?: unknown;
                stage?: unknown;
                version?: unknown;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListModelHistoryResponse"] | components["schemas"]["ModelHistoryAtResponse"];
                };
            };
        };
    };
    RegisteredModelsController_listVersions: {
        parameters: {
            query?: {
                filter?: unknown;
                max_results?: number;
                order_by?: string[];
                page_token?: unknown;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchModelVersionsResponse"];
                };
            };
        };
    };
    RegisteredModelsController_createVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    model_id?: string;
                    run_id?: string;
                    source: string;
                    tags?: {
                        key: string;
                        value: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionResponse"];
                };
            };
        };
    };
    RegisteredModelsController_getVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionResponse"];
                };
            };
        };
    };
    RegisteredModelsController_evaluate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    chunk_size?: number;
                    dataset_path: string;
                    limit?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunEvaluationResponse"];
                };
            };
        };
    };
    RegisteredModelsController_transition: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    archive_existing_versions?: boolean;
                    dry_run?: boolean;
                    evaluation_run_id?: string;
                    gate?: {
                        max_failure_rate?: number;
                        max_latency_p95_ms?: number;
                        max_regression_vs_champion?: number;
                        min_rouge_2?: number;
                        min_rouge_l?: number;
                    };
                    override_reason?: string;
                    reason?: string;
                    stage: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatedTransitionResponse"];
                };
            };
        };
    };
    RunsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                    run_name?: string;
                    start_time?: number;
                    tags?: {
                        key: string;
                        value: string;
                    }[];
                    user_id?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunResponse"];
                };
            };
        };
    };
    RunsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunResponse"];
                };
            };
        };
    };
    RunsController_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RunsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    end_time?: number;
                    run_name?: string;
                    /** @enum {unknown} */
                    status?: "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpdateRunResponse"];
                };
            };
        };
    };
    ArtifactsController_list: {
        parameters: {
            query?: {
                path?: string;
            };
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListArtifactsResponse"];
                };
            };
        };
    };
    ArtifactsController_download: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ArtifactsController_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        file_size: number;
                        path: string;
                    };
                };
            };
        };
    };
    RunsController_logBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    metrics?: {
                        key: string;
                        step?: number;
                        timestamp?: number;
                        value: number | ("NaN" | "Infinity" | "-Infinity");
                    }[];
                    params?: {
                        key: string;
                        value: string;
                    }[];
                    tags?: {
                        key: string;
                        value: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RunsController_logInputs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    datasets: {
                        dataset: {
                            digest: string;
                            name: string;
                            profile?: string;
                            schema?: string;
                            source: string;
                            source_type: string;
                        };
                        tags?: {
                            key: string;
                            value: string;
                        }[];
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    LoggedModelsController_record: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    artifact_path: string;
                    model_type?: string;
                    name?: string;
                    params?: Record<string, never>[];
                    tags?: Record<string, never>[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoggedModelResponse"];
                };
            };
        };
    };
    RunsController_logMetric: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    step?: number;
                    timestamp?: number;
                    value: number | ("NaN" | "Infinity" | "-Infinity");
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RunsController_metricHistory: {
        parameters: {
            query?: {
                max_results?: number;
                page_token?: unknown;
            };
            header?: never;
            path: {
                key: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetMetricHistoryResponse"];
                };
            };
        };
    };
    RunsController_logParam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    value: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    PredictionsController_list: {
        parameters: {
            query?: {
                max_results?: number;
                page_token?: unknown;
            };
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPredictionsResponse"];
                };
            };
        };
    };
    PredictionsController_log: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    rows: {
                        extra?: Record<string, never>;
                        inputs: unknown;
                        latency_ms?: number;
                        outputs: unknown;
                        timestamp?: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogPredictionsResponse"];
                };
            };
        };
    };
    PredictionsController_export: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportPredictionsResponse"];
                };
            };
        };
    };
    RunsController_restore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RunsController_setTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    value: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RunsController_deleteTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    RunsController_search: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_ids: string[];
                    filter?: string;
                    max_results?: number;
                    order_by?: string[];
                    page_token?: string;
                    /** @enum {unknown} */
                    run_view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchRunsResponse"];
                };
            };
        };
    };
    SummarizeController_summarize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    articles: unknown[];
                    model_uri: string;
                    settings?: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SummarizeResponse"];
                };
            };
        };
    };
    TablesController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tables: components["schemas"]["TableEntryView"][];
                    };
                };
            };
        };
    };
    TablesController_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        table: components["schemas"]["TableView"];
                    };
                };
            };
        };
    };
    IdentityAdminController_listTokens: {
        parameters: {
            query?: {
                user?: unknown;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListTokensResponse"];
                };
            };
        };
    };
    IdentityAdminController_createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    expires_at?: number;
                    name?: string;
                    user: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateTokenResponse"];
                };
            };
        };
    };
    IdentityAdminController_revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokeTokenResponse"];
                };
            };
        };
    };
    IdentityAdminController_listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListUsersResponse"];
                };
            };
        };
    };
    IdentityAdminController_createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: unknown;
                    roles: ("viewer" | "developer" | "approver" | "admin")[];
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserResponse"];
                };
            };
        };
    };
}
