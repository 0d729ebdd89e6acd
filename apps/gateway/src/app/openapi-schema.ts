import { getMetadataStorage } from 'class-validator';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

// class-transformer keeps `@Type(() => X)` here (no typings for the path); read only, for nested DTOs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TypeStorage };

type Ctor = abstract new (...args: never[]) => unknown;

/**
 * An OpenAPI schema read from a contract DTO's class-validator decorators, so the docs follow the
 * rules the service enforces without a second copy of every field (the contract cannot carry
 * Swagger decorators: it depends on nothing).
 */
export function schemaOf(dto: Ctor, omit: string[] = [], depth = 0): SchemaObject {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto as never, '', true, false);
  const properties: Record<string, SchemaObject> = {};
  const optional = new Set<string>();
  for (const m of metadata) {
    if (omit.includes(m.propertyName)) continue;
    const property = (properties[m.propertyName] ??= {});
    const name = m.name ?? '';
    if (m.type === 'conditionalValidation') optional.add(m.propertyName);
    else if (m.type === 'nestedValidation') {
      const nested = defaultMetadataStorage.findTypeMetadata(dto, m.propertyName)?.typeFunction();
      const item = nested && depth < 4 ? schemaOf(nested as Ctor, [], depth + 1) : { type: 'object' as const };
      if (m.each) property.items = item;
      else Object.assign(property, item);
    } else if (m.each) {
      property.type = 'array';
      property.items = { ...(property.items as SchemaObject | undefined), ...fragment(name, m.constraints) };
    } else Object.assign(property, fragment(name, m.constraints));
  }
  const required = Object.keys(properties).filter((p) => !optional.has(p));
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

interface TypeStorage {
  findTypeMetadata(target: unknown, property: string): { typeFunction: () => unknown } | undefined;
}

function fragment(name: string, constraints: unknown[] = []): SchemaObject {
  switch (name) {
    case 'isString':
      return { type: 'string' };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isArray':
      return { type: 'array' };
    case 'isIn':
      return { enum: constraints[0] as unknown[] };
    case 'min':
      return { minimum: constraints[0] as number };
    case 'max':
      return { maximum: constraints[0] as number };
    case 'isWireDouble':
      return { oneOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }] };
    case 'isPlainJsonObject':
      return { type: 'object' };
    default:
      return {};
  }
}
