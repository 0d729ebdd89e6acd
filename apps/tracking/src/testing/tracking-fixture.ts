import { ArtifactRepositoryFactory } from '@llmops/artifacts';
import { ArtifactLocations } from '../artifacts/artifact-locations';
import { CreateExperimentHandler } from '../experiments/create-experiment/create-experiment.handler';
import { CreateRunHandler } from '../runs/create-run/create-run.handler';
import { TrackingSettings } from '../store/tracking-store';
import { FixedClock, InMemoryTrackingStore } from './in-memory-tracking.store';

/** Handlers wired to the in-memory store, a fixed clock and a given artifact root. */
export function trackingFixture(artifactRoot = 'file:///artifacts', serveArtifacts = true) {
  const store = new InMemoryTrackingStore();
  const clock = new FixedClock();
  const settings: TrackingSettings = { artifactRoot, serveArtifacts };
  const artifacts = new ArtifactRepositoryFactory();
  const locations = new ArtifactLocations(settings);
  const createExperiment = new CreateExperimentHandler(store, settings, clock, locations);
  const createRun = new CreateRunHandler(store, clock, locations);
  return {
    store,
    clock,
    settings,
    artifacts,
    locations,
    createExperiment,
    createRun,
    async experimentAndRun(name = 'exp') {
      const experiment = await createExperiment.execute({ name });
      const run = await createRun.execute({ experimentId: experiment.id, runName: 'r' });
      return { experiment, run, runId: run.info.runId };
    },
  };
}
