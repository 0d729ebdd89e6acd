import { ConfigurationError, readEnvOrFile } from '@llmops/config';

/**
 * A secret from the environment: `NAME`, or the contents of the file `NAME_FILE` names, as
 * `loadConfig` reads every variable (both set, or an unreadable file, is refused). Never logged;
 * undefined when neither is set.
 */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { value, problem } = readEnvOrFile(name, env);
  if (problem) throw new ConfigurationError([problem]);
  return value === undefined || value === '' ? undefined : value;
}

/** Whether the gateway authenticates: on unless LLMOPS_AUTH is explicitly `off`. */
export function authEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.LLMOPS_AUTH ?? 'on').trim().toLowerCase() !== 'off';
}
