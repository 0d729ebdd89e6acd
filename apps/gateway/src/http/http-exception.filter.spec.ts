import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ALL_ERROR_CODES, ErrorCode, errorFromWire, InternalError, ResourceAlreadyExistsError } from '@llmops/contract';
import { HTTP_STATUS_OF_CODE } from './error-status';
import { httpErrorOf } from './http-exception.filter';

describe('HTTP error mapping', () => {
  it.each([
    ['INVALID_PARAMETER_VALUE', 400],
    ['RESOURCE_DOES_NOT_EXIST', 404],
    ['RESOURCE_ALREADY_EXISTS', 400],
    ['RESOURCE_CONFLICT', 409],
    ['INVALID_STATE', 400],
    ['PERMISSION_DENIED', 403],
    ['UNAUTHENTICATED', 401],
    ['REQUEST_LIMIT_EXCEEDED', 429],
    ['TEMPORARILY_UNAVAILABLE', 503],
    ['DEADLINE_EXCEEDED', 504],
    ['ENDPOINT_NOT_FOUND', 404],
    ['MODEL_LOAD_FAILED', 422],
    ['INTERNAL_ERROR', 500],
  ] as const)('answers %s with HTTP %i and MLflow body', (code, status) => {
    const error = errorFromWire({ code, message: `about ${code}` });
    expect(httpErrorOf(error)).toEqual({ status, body: { error_code: code, message: `about ${code}` } });
  });

  it('has a status for every error code of the contract', () => {
    expect(Object.keys(HTTP_STATUS_OF_CODE).sort()).toEqual([...ALL_ERROR_CODES].sort());
  });

  it('keeps the named error class code (RESOURCE_ALREADY_EXISTS is 400 as in MLflow)', () => {
    expect(httpErrorOf(new ResourceAlreadyExistsError('exp x exists')).status).toBe(400);
  });

  it('maps an unknown route to 404 ENDPOINT_NOT_FOUND', () => {
    expect(httpErrorOf(new NotFoundException('Cannot GET /api/2.0/mlflow/nope'))).toEqual({
      status: 404,
      body: { error_code: ErrorCode.ENDPOINT_NOT_FOUND, message: 'No endpoint GET /api/2.0/mlflow/nope' },
    });
  });

  it('maps framework bad requests and too large bodies to INVALID_PARAMETER_VALUE', () => {
    expect(httpErrorOf(new BadRequestException(['a must be a string', 'b is missing']))).toEqual({
      status: 400,
      body: { error_code: ErrorCode.INVALID_PARAMETER_VALUE, message: 'a must be a string; b is missing' },
    });
    expect(httpErrorOf(new PayloadTooLargeException()).body.error_code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(httpErrorOf(new PayloadTooLargeException()).status).toBe(413);
  });

  it("maps body-parser's own errors (http-errors) by their status", () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(httpErrorOf(tooLarge)).toEqual({
      status: 413,
      body: {
        error_code: ErrorCode.INVALID_PARAMETER_VALUE,
        message: 'Request body is larger than the configured limit',
      },
    });
  });

  it('hides unexpected errors behind a bare 500 INTERNAL_ERROR', () => {
    const answer = httpErrorOf(new TypeError('secret stack detail'));
    expect(answer).toEqual({ status: 500, body: { error_code: ErrorCode.INTERNAL_ERROR, message: 'Internal error' } });
    expect(httpErrorOf(new InternalError('Internal error')).status).toBe(500);
  });
});
