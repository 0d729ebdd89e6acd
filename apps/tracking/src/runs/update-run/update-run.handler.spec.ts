import { ErrorCode } from '@llmops/contract';
import { trackingFixture } from '../../testing/tracking-fixture';
import { DeleteRunHandler } from '../delete-run/delete-run.handler';
import { GetRunHandler } from '../get-run/get-run.handler';
import { UpdateRunHandler } from './update-run.handler';

describe('UpdateRunHandler', () => {
  it('sets status, end time and name, keeping the mlflow.runName tag in step', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    const info = await new UpdateRunHandler(f.store).execute({
      runId,
      status: 'FINISHED',
      endTime: 123,
      runName: 'final',
    });
    expect(info).toMatchObject({ status: 'FINISHED', endTime: 123, runName: 'final' });
    const run = await new GetRunHandler(f.store).execute(runId);
    expect(run.tags).toContainEqual({ key: 'mlflow.runName', value: 'final' });
  });

  it('keeps what is not given', async () => {
    const f = trackingFixture();
    const { runId, run } = await f.experimentAndRun();
    const info = await new UpdateRunHandler(f.store).execute({ runId, status: 'KILLED' });
    expect(info).toMatchObject({ status: 'KILLED', endTime: null, runName: run.info.runName });
  });

  it('refuses deleted and unknown runs', async () => {
    const f = trackingFixture();
    const { runId } = await f.experimentAndRun();
    await new DeleteRunHandler(f.store, f.clock).delete(runId);
    const handler = new UpdateRunHandler(f.store);
    await expect(handler.execute({ runId, status: 'FINISHED' })).rejects.toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
    });
    await expect(handler.execute({ runId: 'nope', status: 'FINISHED' })).rejects.toMatchObject({
      code: ErrorCode.RESOURCE_DOES_NOT_EXIST,
    });
    expect(f.store.state.runs.get(runId)?.info.status).toBe('RUNNING');
  });
});
