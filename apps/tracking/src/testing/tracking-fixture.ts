import { ArtifactRepositoryFactory } from '@llmops/artifacts';
import { CreateExperimentHandler } from '../experiments/create-experiment/create-experiment.handler';
import { CreateRunHandler } from '../runs/create-run/create-run.handler';
import { TrackingSettings } from '../store/tracking-store';
import { FixedClock, InMemoryTrackingStore } from './in-memory-tracking.store';

/** Handlers wired to the in-memory store, a fixed clock and a given artifact root. */
export function trackingFixture(artifactRoot = 'file:///artifacts') {
  const store = new InMemoryTrackingStore();
  const clock = new FixedClock();
  const settings: TrackingSettings = { artifactRoot };
  const artifacts = new ArtifactRepositoryFactory();
  const createExperiment = new CreateExperimentHandler(store, settings, clock);
  const createRun = new CreateRunHandler(store, clock);
  return {
    store,
    clock,
    settings,
    artifacts,
    createExperiment,
    createRun,
    async experimentAndRun(name = 'exp') {
      const experiment = await createExperiment.execute({ name });
      const run = await createRun.execute({ experimentId: experiment.id, runName: 'r' });
      return { experiment, run, runId: run.info.runId };
    },
  };
}
