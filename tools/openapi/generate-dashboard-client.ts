/**
 * `node tools/run.js tools/openapi/generate-dashboard-client.ts [--check]`: starts the gateway
 * in-process, reads its OpenAPI document at /docs-json and writes the dashboard's API types
 * (apps/dashboard/src/api/schema.gen.ts, with openapi-typescript). The dashboard calls the API only
 * through a client typed by that file, so a route, parameter or answer that changes in the gateway
 * breaks the dashboard's type check; with --check this fails when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { createGatewayApp } from '@llmops/gateway-app';
import { InProcessBus } from '@llmops/messaging';

const ROOT = resolve(__dirname, '../..');
export const DASHBOARD_SCHEMA_FILE = join(ROOT, 'apps/dashboard/src/api/schema.gen.ts');

/** The gateway's /docs-json, as a client would read it. */
export async function gatewayOpenApiDocument(): Promise<Record<string, unknown>> {
  const app = await createGatewayApp(
    { LOG_REQUESTS: 'false', LLMOPS_AUTH: 'on', DASHBOARD_DIR: 'off' },
    { kind: 'in-process', bus: new InProcessBus() },
    { logger: false },
  );
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

export async function dashboardClientSource(): Promise<string> {
  const document = await gatewayOpenApiDocument();
  const ast = await openapiTS(document as never, { alphabetize: true });
  return (
    "// Generated from the gateway's OpenAPI document (/docs-json) by tools/openapi/generate-dashboard-client.ts.\n" +
    '// Do not edit: run `npm run generate:api`.\n' +
    astToString(ast)
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) {
  void (async () => {
    const source = await dashboardClientSource();
    const target = relative(ROOT, DASHBOARD_SCHEMA_FILE);
    if (process.argv.includes('--check')) {
      let current = '';
      try {
        current = readFileSync(DASHBOARD_SCHEMA_FILE, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== source) {
        console.error(`${target} is stale: run npm run generate:api`);
        process.exit(1);
      }
      console.log(`${target} is up to date`);
    } else {
      writeFileSync(DASHBOARD_SCHEMA_FILE, source);
      console.log(`wrote ${target}`);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
