import { ErrorCode } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { parseProxiedPath } from './mlflow-artifacts.controller';

describe('MLflow artifact proxy paths', () => {
  it('names the experiment, the run and the path inside the run', () => {
    expect(parseProxiedPath('3/abc/artifacts/model/MLmodel')).toEqual({
      experimentId: '3',
      runId: 'abc',
      path: 'model/MLmodel',
    });
    expect(parseProxiedPath('3/abc/artifacts')).toEqual({ experimentId: '3', runId: 'abc', path: '' });
  });

  it.each(['3/abc/other/x', '3', '', '3/abc/artifacts/../../../x', '/3/abc/artifacts/x', '3/abc/artifacts/%2e%2e/x'])(
    'refuses %j',
    async (raw) => {
      const error = await rejectionOf(Promise.resolve().then(() => parseProxiedPath(raw)));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    },
  );
});
