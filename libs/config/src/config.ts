import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Raised at boot when the environment is not a valid configuration; lists every problem. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Reads a configuration class from environment variables (property name = variable name),
 * applying defaults declared on the class, and fails fast with every problem at once. Any variable
 * may instead come from the file its `<NAME>_FILE` twin names (Docker and Kubernetes secrets, so a
 * password inside DATABASE_URL never sits in the environment or a compose file); the trailing
 * newline is dropped, and setting both is refused.
 */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new schema() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(defaults)) {
    const value = valueOf(key, env, problems);
    raw[key] = value !== undefined && value !== '' ? fromEnv(value, defaults[key]) : defaults[key];
  }
  const config = plainToInstance(schema, raw, { enableImplicitConversion: true });
  const errors = validateSync(config, { whitelist: true });
  problems.push(...errors.flatMap(describe));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

function valueOf(key: string, env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const { value, problem } = readEnvOrFile(key, env);
  if (problem) problems.push(problem);
  return value;
}

/**
 * `NAME` from the environment, or the contents of the file `NAME_FILE` names (Docker and Kubernetes
 * secrets; trailing newline dropped). Setting both, or naming an unreadable file, is a problem that
 * names the variable and the file, never the contents.
 */
export function readEnvOrFile(name: string, env: NodeJS.ProcessEnv): { value?: string; problem?: string } {
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return { value: env[name] };
  if (env[name] !== undefined && env[name] !== '') return { problem: `${name}: set ${name} or ${name}_FILE, not both` };
  try {
    return { value: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    return { problem: `${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/**
 * Environment values are strings. A property whose default is a number or a boolean takes the
 * value converted, so `PORT=8080` works whether or not the compiler emitted type metadata for the
 * property; a value that does not convert is kept as given, for the validator to name.
 */
function fromEnv(value: string, fallback: unknown): unknown {
  if (typeof fallback === 'number') {
    const n = Number(value.trim());
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  if (typeof fallback === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(value.trim())) return true;
    if (/^(false|0|no|off)$/i.test(value.trim())) return false;
  }
  return value;
}

function describe(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {}).map(
    (m) => `${error.property}: ${m} (got ${JSON.stringify(error.value)})`,
  );
}
