import { ErrorCode } from '@llmops/contract';
import { historyQuery, modelPatch, versionsOfModelQuery } from './registry-rest.mappers';

describe('registry REST mappers', () => {
  it('lists the versions of one model, quoting its name in the filter', () => {
    expect(versionsOfModelQuery("bob's", { max_results: '10' })).toEqual({
      max_results: '10',
      filter: "name = 'bob\\'s'",
    });
    expect(versionsOfModelQuery('m', { filter: "run_id = 'x'" }).filter).toBe("name = 'm' AND run_id = 'x'");
  });

  it('turns ?at=<ISO>&stage= into history.at with epoch ms', () => {
    expect(historyQuery('m', { at: '2026-01-31T12:00:00Z', stage: 'Production' })).toEqual({
      kind: 'at',
      payload: { name: 'm', stage: 'Production', alias: undefined, at: Date.parse('2026-01-31T12:00:00Z') },
    });
    expect(historyQuery('m', {})).toEqual({ kind: 'list', payload: { name: 'm' } });
    let code: unknown;
    try {
      historyQuery('m', { at: 'yesterday', stage: 'Production' });
    } catch (error) {
      code = (error as { code: unknown }).code;
    }
    expect(code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it('splits a PATCH into rename and update, refusing an empty or unknown one', () => {
    const patch = modelPatch('m', { new_name: 'n', description: 'd' });
    expect(patch.rename).toEqual({ name: 'm', new_name: 'n' });
    expect(patch.update?.('n')).toEqual({ name: 'n', description: 'd' });
    expect(() => modelPatch('m', {})).toThrow(/Nothing to change/);
    expect(() => modelPatch('m', { stage: 'x' })).toThrow(/Unknown field/);
  });
});
