import { ValidateBy, ValidationOptions, buildMessage } from 'class-validator';

/** A number, or one of the strings MLflow uses for non-finite doubles ('NaN', 'Infinity', '-Infinity'). */
export function isWireDouble(value: unknown): boolean {
  return (
    (typeof value === 'number' && !Number.isNaN(value)) ||
    value === 'NaN' ||
    value === 'Infinity' ||
    value === '-Infinity' ||
    (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
  );
}

export function IsWireDouble(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWireDouble',
      validator: {
        validate: isWireDouble,
        defaultMessage: buildMessage((each) => `${each}$property must be a number, 'NaN', 'Infinity' or '-Infinity'`),
      },
    },
    options,
  );
}

/** Any JSON value except `undefined` (objects, arrays, strings, numbers, booleans, null). */
export function IsJsonValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonValue',
      validator: {
        validate: (value: unknown) => value !== undefined,
        defaultMessage: buildMessage((each) => `${each}$property must be a JSON value`),
      },
    },
    options,
  );
}

/** A plain JSON object (not an array, not null). */
export function IsPlainJsonObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainJsonObject',
      validator: {
        validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a JSON object`),
      },
    },
    options,
  );
}

/** A JSON object as `JSON.parse` makes it (the fast paths of the request DTOs take nothing else). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/** Every key of `value` is one of `allowed`. */
export function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}
