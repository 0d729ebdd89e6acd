import { ExecutionContext } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ErrorCode, LlmopsError, RPC_HEADERS } from '@llmops/contract';
import { CallerGuard, promotionRule, readWriteRule } from './caller.guard';
import { authEnabled, secretFromEnv } from './secrets';

function contextFor(subject: string, payload: unknown, header?: string): ExecutionContext {
  const handler = () => undefined;
  Reflect.defineMetadata(PATTERN_METADATA, [subject], handler);
  const headers = header === undefined ? {} : { [RPC_HEADERS.caller]: header };
  return {
    getType: () => 'rpc',
    getHandler: () => handler,
    switchToRpc: () => ({ getData: () => payload, getContext: () => ({ getHeaders: () => headers }) }),
  } as unknown as ExecutionContext;
}

const caller = (roles: string[]) => JSON.stringify({ user: 'u', roles });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as LlmopsError).code;
  }
};

describe('CallerGuard', () => {
  const tracking = new CallerGuard(readWriteRule());
  const registry = new CallerGuard(promotionRule(['registry.v1.versions.transition-stage']));

  it('refuses a viewer writing, lets a viewer read and a developer write', () => {
    expect(codeOf(() => tracking.canActivate(contextFor('tracking.v1.runs.log-param', {}, caller(['viewer']))))).toBe(
      ErrorCode.PERMISSION_DENIED,
    );
    expect(codeOf(() => tracking.canActivate(contextFor('tracking.v1.runs.get', {}, caller(['viewer']))))).toBe(
      'allowed',
    );
    expect(
      codeOf(() => tracking.canActivate(contextFor('tracking.v1.runs.log-param', {}, caller(['developer'])))),
    ).toBe('allowed');
  });

  it("lets a viewer resolve where artifacts are (the proxy's reads) and read logged models, not finalize them", () => {
    for (const read of [
      'tracking.v1.artifacts.resolve-location',
      'tracking.v1.logged-models.get',
      'tracking.v1.logged-models.list-artifacts',
    ]) {
      expect(codeOf(() => tracking.canActivate(contextFor(read, {}, caller(['viewer']))))).toBe('allowed');
    }
    expect(
      codeOf(() => tracking.canActivate(contextFor('tracking.v1.logged-models.finalize', {}, caller(['viewer'])))),
    ).toBe(ErrorCode.PERMISSION_DENIED);
  });

  it('needs approver for Production or an override, developer for Staging', () => {
    const t = 'registry.v1.versions.transition-stage';
    expect(codeOf(() => registry.canActivate(contextFor(t, { stage: 'Production' }, caller(['developer']))))).toBe(
      ErrorCode.PERMISSION_DENIED,
    );
    expect(
      codeOf(() => registry.canActivate(contextFor(t, { stage: 'Staging', override: true }, caller(['developer'])))),
    ).toBe(ErrorCode.PERMISSION_DENIED);
    expect(codeOf(() => registry.canActivate(contextFor(t, { stage: 'Staging' }, caller(['developer']))))).toBe(
      'allowed',
    );
    expect(codeOf(() => registry.canActivate(contextFor(t, { stage: 'production' }, caller(['approver']))))).toBe(
      'allowed',
    );
    // Normalised as the transition reads it (issue 10, finding 8): trimmed, any case.
    for (const stage of ['PRODUCTION ', ' production', 'Production\t']) {
      expect(codeOf(() => registry.canActivate(contextFor(t, { stage }, caller(['developer']))))).toBe(
        ErrorCode.PERMISSION_DENIED,
      );
    }
    expect(codeOf(() => registry.canActivate(contextFor(t, { stage: 'Production' }, caller(['admin']))))).toBe(
      'allowed',
    );
  });

  it('lets service-to-service calls through (no gateway identity in the header)', () => {
    expect(codeOf(() => tracking.canActivate(contextFor('tracking.v1.runs.log-param', {})))).toBe('allowed');
    expect(codeOf(() => tracking.canActivate(contextFor('tracking.v1.runs.log-param', {}, 'alice')))).toBe('allowed');
  });
});

describe('secrets and the auth switch', () => {
  it('reads NAME or NAME_FILE, and auth is on unless explicitly off', () => {
    expect(secretFromEnv('X', { X: 'v' })).toBe('v');
    expect(secretFromEnv('X', {})).toBeUndefined();
    expect(secretFromEnv('X', { X_FILE: __filename })).toContain('secrets and the auth switch');
    // Read as loadConfig reads any variable: both set, or an unreadable file, is refused.
    expect(() => secretFromEnv('X', { X: 'v', X_FILE: __filename })).toThrow(/set X or X_FILE, not both/);
    expect(() => secretFromEnv('X', { X_FILE: '/nonexistent/secret' })).toThrow(/X_FILE: cannot read/);
    expect(authEnabled({})).toBe(true);
    expect(authEnabled({ LLMOPS_AUTH: 'off' })).toBe(false);
    expect(authEnabled({ LLMOPS_AUTH: 'on' })).toBe(true);
  });
});
