/** MLflow clients call the REST API under both prefixes (the UI uses `ajax-api`). */
export const MLFLOW_PREFIXES = ['api/2.0/mlflow', 'ajax-api/2.0/mlflow'];

/** The artifact proxy's prefixes (`/artifacts/...`, `/mpu/...` below them). */
export const MLFLOW_ARTIFACTS_PREFIXES = ['api/2.0/mlflow-artifacts', 'ajax-api/2.0/mlflow-artifacts'];
