import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiResponses, OPENAPI_RESPONSES_FILE, renderOpenApiResponses } from './generate-openapi-responses';

/**
 * The chain that keeps the UI and the API together: controllers' return types -> the OpenAPI
 * document's answers -> the dashboard's client types. Either generated file being stale fails here.
 */
describe('generated API descriptions', () => {
  it("the OpenAPI answers match the gateway controllers' return types (else: npm run generate:api)", () => {
    const current = readFileSync(OPENAPI_RESPONSES_FILE, 'utf8');
    const wanted = renderOpenApiResponses(generateOpenApiResponses());
    if (current !== wanted) throw new Error(`${OPENAPI_RESPONSES_FILE} is stale: run npm run generate:api`);
    const parsed = JSON.parse(current) as { operations: Record<string, unknown>; components: Record<string, unknown> };
    expect(parsed.operations.RunsController_get).toEqual({
      contentType: 'application/json',
      schema: { $ref: '#/components/schemas/RunResponse' },
    });
    expect(Object.keys(parsed.components)).toEqual(
      expect.arrayContaining(['RunView', 'GateDecisionView', 'BatchTableView']),
    );
  });

  it("the dashboard's client types are generated from the gateway's current /docs-json (else: npm run generate:api)", () => {
    // In a process of its own: openapi-typescript's dependencies are ES modules, which Jest's
    // CommonJS runtime cannot load (Node itself can).
    const root = join(__dirname, '../..');
    const check = spawnSync(
      process.execPath,
      [join(root, 'tools/run.js'), join(__dirname, 'generate-dashboard-client.ts'), '--check'],
      { cwd: root, encoding: 'utf8', timeout: 50_000, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect({ status: check.status, stderr: check.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    expect(check.stdout).toMatch(/schema\.gen\.ts is up to date/);
  });
});
