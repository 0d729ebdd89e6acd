import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import generatedResponses from './openapi-responses.json';

/** What each route answers, generated from the controllers' return types (see the file's generator). */
interface GeneratedResponses {
  operations: Record<string, { contentType: string; schema: SchemaObject }>;
  components: Record<string, SchemaObject>;
}

/** OpenAPI of the platform REST API (/api/v1) at /docs, its JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json', raw: ['json'] });
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('LLMOps platform API')
    .setDescription(
      'Tracking (experiments, runs, params, metrics, tags, datasets, predictions, artifacts), the model registry ' +
        'with gated promotion, inference, batch jobs and access control, for dashboards and CI. ' +
        'Errors are `{error_code, message}` with MLflow codes. The MLflow-compatible API lives under /api/2.0/mlflow.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API token (llmops_...)' })
    .addTag('experiments')
    .addTag('runs')
    .addTag('artifacts')
    .addTag('predictions')
    .build();
  return withResponses(SwaggerModule.createDocument(app, config), generatedResponses as GeneratedResponses);
}

/** Puts each operation's answer schema on its success response, and the named schemas in components. */
export function withResponses(document: OpenAPIObject, generated: GeneratedResponses): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Array<{
      operationId?: string;
      responses?: Record<string, object>;
    }>) {
      const answer = operation?.operationId ? generated.operations[operation.operationId] : undefined;
      if (!answer || !operation.responses) continue;
      const success = Object.keys(operation.responses).find((code) => /^2\d\d$/.test(code)) ?? '200';
      operation.responses[success] = {
        ...(operation.responses[success] ?? {}),
        description: 'OK',
        content: { [answer.contentType]: { schema: answer.schema } },
      };
    }
  }
  document.components = {
    ...document.components,
    schemas: { ...generated.components, ...(document.components?.schemas ?? {}) },
  };
  document.security = [{ bearer: [] }];
  return document;
}
