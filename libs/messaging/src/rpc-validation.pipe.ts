import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidParameterError } from '@llmops/contract';

/** class-validator on message payloads; a violation is INVALID_PARAMETER_VALUE naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
