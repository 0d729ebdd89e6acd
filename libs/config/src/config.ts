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
 * applying defaults declared on the class, and fails fast with every problem at once.
 */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new schema() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    raw[key] = env[key] !== undefined && env[key] !== '' ? env[key] : defaults[key];
  }
  const config = plainToInstance(schema, raw, { enableImplicitConversion: true });
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) throw new ConfigurationError(errors.flatMap(describe));
  return config;
}

function describe(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {}).map(
    (m) => `${error.property}: ${m} (got ${JSON.stringify(error.value)})`,
  );
}
