import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI of the platform REST API (/api/v1) at /docs, its JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('LLMOps platform API')
    .setDescription(
      'Tracking (experiments, runs, params, metrics, tags, datasets, predictions, artifacts) for dashboards and CI. ' +
        'Errors are `{error_code, message}` with MLflow codes. The MLflow-compatible API lives under /api/2.0/mlflow.',
    )
    .setVersion('1')
    .addTag('experiments')
    .addTag('runs')
    .addTag('artifacts')
    .addTag('predictions')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}
