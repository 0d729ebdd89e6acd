/**
 * `node tools/run.js tools/openapi/generate-openapi-responses.ts [--check]`: reads what each route
 * of the gateway's platform REST API answers (the return type of its controller method, through
 * TypeScript's type checker, down to the contract's wire interfaces) and writes it as OpenAPI
 * schemas to apps/gateway/src/app/openapi-responses.json, which the gateway merges into /docs-json.
 * With --check it fails when that file is stale. The dashboard's API client is generated from
 * /docs-json (tools/openapi/generate-dashboard-client.ts), so a change of a response shape shows
 * in the document and then in the UI's types.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { Schema, TypeToSchema } from './type-to-schema';

const ROOT = resolve(__dirname, '../..');
const GATEWAY_SRC = join(ROOT, 'apps/gateway/src');
export const OPENAPI_RESPONSES_FILE = join(GATEWAY_SRC, 'app/openapi-responses.json');

const HTTP_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Sse']);

export interface OpenApiResponses {
  /** By operation id (`<Controller>_<method>`, as @nestjs/swagger names them). */
  operations: Record<string, { contentType: 'application/json' | 'text/event-stream'; schema: Schema }>;
  components: Record<string, Schema>;
}

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

function decoratorsOf(node: ts.Node): ts.Decorator[] {
  return ts.canHaveDecorators(node) ? [...(ts.getDecorators(node) ?? [])] : [];
}

function decoratorName(decorator: ts.Decorator): string | undefined {
  const call = decorator.expression;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) ? call.expression.text : undefined;
}

/** `@Res()` without `passthrough` means the method writes the response itself (a stream). */
function writesResponseItself(method: ts.MethodDeclaration): boolean {
  return method.parameters.some((p) =>
    decoratorsOf(p).some((d) => {
      if (decoratorName(d) !== 'Res') return false;
      const arg = (d.expression as ts.CallExpression).arguments[0];
      return !(arg && ts.isObjectLiteralExpression(arg) && arg.getText().includes('passthrough'));
    }),
  );
}

export function generateOpenApiResponses(): OpenApiResponses {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = controllerFiles(GATEWAY_SRC).sort();
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const converter = new TypeToSchema(checker);
  const operations: OpenApiResponses['operations'] = {};
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`cannot read ${relative(ROOT, file)}`);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      const classDecorators = decoratorsOf(statement).map(decoratorName);
      if (!classDecorators.includes('Controller') || classDecorators.includes('ApiExcludeController')) continue;
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        const verb = decoratorsOf(member)
          .map(decoratorName)
          .find((n) => n && HTTP_DECORATORS.has(n));
        if (!verb || writesResponseItself(member)) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (!signature) continue;
        let answer = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature)) ?? checker.getAnyType();
        if (verb === 'Sse') {
          // Observable<T>: the events' type.
          answer = checker.getTypeArguments(answer as ts.TypeReference)[0] ?? checker.getAnyType();
        }
        if (answer.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) continue;
        operations[`${statement.name.text}_${member.name.text}`] = {
          contentType: verb === 'Sse' ? 'text/event-stream' : 'application/json',
          schema: converter.schemaOf(answer),
        };
      }
    }
  }
  const components = Object.fromEntries(Object.entries(converter.components).sort(([a], [b]) => a.localeCompare(b)));
  return { operations, components };
}

export function renderOpenApiResponses(responses: OpenApiResponses): string {
  return JSON.stringify(responses, null, 2) + '\n';
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) {
  const rendered = renderOpenApiResponses(generateOpenApiResponses());
  const target = relative(ROOT, OPENAPI_RESPONSES_FILE);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OPENAPI_RESPONSES_FILE, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== rendered) {
      console.error(`${target} is stale: run npm run generate:api`);
      process.exit(1);
    }
    console.log(`${target} is up to date`);
  } else {
    writeFileSync(OPENAPI_RESPONSES_FILE, rendered);
    console.log(`wrote ${target}`);
  }
}
