import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCode } from '@llmops/contract';
import { artifactRepositoryFor } from '@llmops/artifacts';
import { trackingFixture } from '../../testing/tracking-fixture';
import { ListArtifactsHandler } from './list-artifacts.handler';

describe('ListArtifactsHandler', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-list-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("lists a directory of the run's artifacts and refuses paths that leave it", async () => {
    const f = trackingFixture(pathToFileURL(dir).href);
    const { run, runId } = await f.experimentAndRun();
    // Stored as a place in the served store; its bytes are under the configured root.
    expect(run.info.artifactUri).toBe(`mlflow-artifacts:/1/${runId}/artifacts`);
    const repo = artifactRepositoryFor(f.locations.storageUri(run.info.artifactUri));
    expect(repo.rootUri).toBe(`${pathToFileURL(dir).href}/1/${runId}/artifacts`);
    await repo.writeFile('model/MLmodel', 'flavors: {}');
    await repo.writeFile('notes.txt', 'hi');
    const handler = new ListArtifactsHandler(f.store, f.artifacts, f.locations);

    const root = await handler.execute(runId);
    expect(root.rootUri).toBe(`mlflow-artifacts:/1/${runId}/artifacts`);
    expect(root.files).toEqual([
      { path: 'model', is_dir: true },
      { path: 'notes.txt', is_dir: false, file_size: 2 },
    ]);
    expect((await handler.execute(runId, 'model/')).files).toEqual([
      { path: 'model/MLmodel', is_dir: false, file_size: 11 },
    ]);
    for (const bad of ['..', '../..', '%2e%2e', '/etc', 'model/../../x']) {
      await expect(handler.execute(runId, bad)).rejects.toMatchObject({ code: ErrorCode.INVALID_PARAMETER_VALUE });
    }
    await expect(handler.execute('b'.repeat(32))).rejects.toMatchObject({ code: ErrorCode.RESOURCE_DOES_NOT_EXIST });
  });
});
