import { RPC_HEADERS } from '@llmops/contract';
import { visibleHeader, visibleIdsOf } from './visibility';

const ctx = (headers: Record<string, string>) => ({ getHeaders: () => headers });
const caller = (roles: string[]) => JSON.stringify({ user: 'u', roles });

describe('visibleIdsOf', () => {
  it('reads the visible set the gateway sent for the kind asked', () => {
    const headers = {
      [RPC_HEADERS.caller]: caller(['developer']),
      [RPC_HEADERS.visible]: visibleHeader({ kind: 'experiment', ids: ['1', '7'] }),
    };
    expect(visibleIdsOf(ctx(headers), 'experiment')).toEqual(['1', '7']);
  });

  it('fails closed for an identified non-admin: no header, a malformed one or another kind is nothing', () => {
    const developer = { [RPC_HEADERS.caller]: caller(['viewer']) };
    expect(visibleIdsOf(ctx(developer), 'experiment')).toEqual([]);
    expect(visibleIdsOf(ctx({ ...developer, [RPC_HEADERS.visible]: 'not json' }), 'experiment')).toEqual([]);
    const models = visibleHeader({ kind: 'registered_model', ids: ['m'] });
    expect(visibleIdsOf(ctx({ ...developer, [RPC_HEADERS.visible]: models }), 'experiment')).toEqual([]);
  });

  it('applies no constraint to admins and to service-to-service calls (no gateway identity)', () => {
    expect(visibleIdsOf(ctx({ [RPC_HEADERS.caller]: caller(['admin']) }), 'experiment')).toBeUndefined();
    expect(visibleIdsOf(ctx({}), 'registered_model')).toBeUndefined();
    expect(visibleIdsOf(ctx({ [RPC_HEADERS.caller]: 'batch-orchestrator' }), 'experiment')).toBeUndefined();
  });
});
