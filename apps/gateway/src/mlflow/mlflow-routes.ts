/** MLflow clients call the REST API under both prefixes (the UI uses `ajax-api`). */
export const MLFLOW_PREFIXES = ['api/2.0/mlflow', 'ajax-api/2.0/mlflow'];

/** The artifact proxy's prefixes (`/artifacts/...`, `/mpu/...` below them). */
export const MLFLOW_ARTIFACTS_PREFIXES = ['api/2.0/mlflow-artifacts', 'ajax-api/2.0/mlflow-artifacts'];

/** MLflow 3's endpoints that exist only under the 3.0 prefix (traces, assessments). */
export const MLFLOW_V3_PREFIXES = ['api/3.0/mlflow', 'ajax-api/3.0/mlflow'];
