import { ErrorCode } from '@llmops/contract';
import { DeleteRunHandler } from '../../runs/delete-run/delete-run.handler';
import { trackingFixture } from '../../testing/tracking-fixture';
import { DeleteExperimentHandler } from './delete-experiment.handler';

describe('DeleteExperimentHandler', () => {
  it('deletes the runs with the experiment and restores only those', async () => {
    const f = trackingFixture();
    const handler = new DeleteExperimentHandler(f.store, f.clock);
    const runs = new DeleteRunHandler(f.store, f.clock);
    const { experiment, runId } = await f.experimentAndRun();
    const earlier = (await f.createRun.execute({ experimentId: experiment.id })).info.runId;
    f.clock.time += 10;
    await runs.delete(earlier);
    f.clock.time += 10;

    await handler.delete(experiment.id);
    expect(f.store.state.experiments.get(experiment.id)?.lifecycleStage).toBe('deleted');
    expect(f.store.state.runs.get(runId)?.info.lifecycleStage).toBe('deleted');

    f.clock.time += 10;
    await handler.restore(experiment.id);
    expect(f.store.state.experiments.get(experiment.id)?.lifecycleStage).toBe('active');
    expect(f.store.state.runs.get(runId)?.info.lifecycleStage).toBe('active');
    expect(f.store.state.runs.get(earlier)?.info.lifecycleStage).toBe('deleted');
  });

  it('refuses the Default experiment and unknown ids', async () => {
    const f = trackingFixture();
    const handler = new DeleteExperimentHandler(f.store, f.clock);
    await expect(handler.delete('0')).rejects.toMatchObject({ code: ErrorCode.INVALID_PARAMETER_VALUE });
    await expect(handler.delete('42')).rejects.toMatchObject({ code: ErrorCode.RESOURCE_DOES_NOT_EXIST });
    await expect(handler.delete('abc')).rejects.toMatchObject({ code: ErrorCode.RESOURCE_DOES_NOT_EXIST });
  });
});
