import {
  InvalidParameterError,
  MODEL_ALIAS_MAX_LENGTH,
  MODEL_ALIAS_PATTERN,
  RESERVED_ALIAS_PATTERN,
} from '@llmops/contract';

/** MLflow's alias rule; `latest` and `v<N>` are reserved because `models:/` URIs use them as selectors. */
export function validateAlias(alias: string): string {
  if (typeof alias !== 'string' || alias.length === 0) {
    throw new InvalidParameterError('Alias must be a non-empty string');
  }
  if (alias.length > MODEL_ALIAS_MAX_LENGTH) {
    throw new InvalidParameterError(`Alias must be at most ${MODEL_ALIAS_MAX_LENGTH} characters`);
  }
  if (!MODEL_ALIAS_PATTERN.test(alias)) {
    throw new InvalidParameterError(
      `Invalid alias '${alias}': only letters, digits, underscores and dashes are allowed`,
    );
  }
  if (RESERVED_ALIAS_PATTERN.test(alias)) {
    throw new InvalidParameterError(`Alias '${alias}' is reserved ('latest' and 'v<number>' cannot be aliases)`);
  }
  return alias;
}
