import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { assertStorableText, InvalidParameterError } from '@llmops/contract';

/**
 * class-validator on message payloads; a violation is INVALID_PARAMETER_VALUE naming each field.
 * Before it, text no service can store (NUL, lone surrogates) is refused anywhere in the payload:
 * one check for every field of every subject, rather than a 500 from the database.
 */
class RpcValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') assertStorableText(value);
    // A request class may check its common shape in one pass (see LogBatchRequest.fastPath).
    const fast = (metadata.metatype as { fastPath?: (value: unknown) => unknown } | undefined)?.fastPath?.(value);
    if (fast !== undefined) return fast;
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RpcValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => new InvalidParameterError(describeValidationErrors(errors)),
  });
}

export function describeValidationErrors(errors: ValidationError[], prefix = ''): string {
  return errors
    .flatMap((error) => {
      const path = prefix ? `${prefix}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {}).map((m) => m.replace(error.property, path));
      const nested = error.children?.length ? [describeValidationErrors(error.children, path)] : [];
      return [...own, ...nested];
    })
    .filter(Boolean)
    .join('; ');
}
