import { ExecutionContext } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ErrorCode, LlmopsError, RPC_HEADERS } from '@llmops/contract';
import { ReservedTagsGuard, tagKeysOf } from './reserved-tags.guard';

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

const user = JSON.stringify({ user: 'mallory', roles: ['admin'] });
/** `header` null: no caller header at all (another service's request). */
const outcome = (guard: ReservedTagsGuard, subject: string, payload: unknown, header: string | null = user) => {
  try {
    guard.canActivate(contextFor(subject, payload, header ?? undefined));
    return 'allowed';
  } catch (error) {
    return (error as LlmopsError).code;
  }
};

describe('ReservedTagsGuard', () => {
  const guard = new ReservedTagsGuard(['tracking.v1.runs.create']);

  it('finds every tag key a request writes or deletes', () => {
    expect(tagKeysOf('tracking.v1.runs.set-tag', { key: 'a', tags: [{ key: 'b' }] })).toEqual(['b', 'a']);
    expect(tagKeysOf('tracking.v1.logged-models.delete-tag', { tag_key: 'c' })).toEqual(['c']);
    expect(tagKeysOf('x.v1.create', { tags: { d: '1' } })).toEqual(['d']);
    expect(tagKeysOf('x.v1.update', { key: 'not a tag' })).toEqual([]);
  });

  it('refuses llmops.* and mlflow.user from any gateway caller, even an admin, on any field', () => {
    for (const [subject, payload] of [
      ['tracking.v1.runs.set-tag', { key: 'llmops.evaluation.model_name' }],
      ['tracking.v1.runs.set-tag', { key: ' LLMOPS.run_kind' }],
      ['tracking.v1.runs.delete-tag', { key: 'mlflow.user' }],
      ['tracking.v1.runs.log-batch', { tags: [{ key: 'ok' }, { key: 'llmops.x' }] }],
      ['tracking.v1.runs.create', { tags: [{ key: 'llmops.x' }] }],
      ['registry.v1.versions.create', { tags: [{ key: 'mlflow.user' }] }],
      ['tracking.v1.logged-models.set-tags', { tags: [{ key: 'llmops.flavor' }] }],
    ] as const) {
      expect([subject, payload, outcome(guard, subject, payload)]).toEqual([
        subject,
        payload,
        ErrorCode.PERMISSION_DENIED,
      ]);
    }
  });

  it("allows run creation's mlflow.user (the handler replaces it), other tags, and service calls", () => {
    expect(outcome(guard, 'tracking.v1.runs.create', { tags: [{ key: 'mlflow.user', value: 'x' }] })).toBe('allowed');
    expect(outcome(guard, 'tracking.v1.runs.set-tag', { key: 'mlflow.runName' })).toBe('allowed');
    expect(outcome(guard, 'tracking.v1.runs.set-tag', { key: 'llmops.x' }, null)).toBe('allowed');
    // A bare name claims no identity: a service's own request.
    expect(outcome(guard, 'tracking.v1.runs.set-tag', { key: 'llmops.x' }, 'registry')).toBe('allowed');
  });
});
