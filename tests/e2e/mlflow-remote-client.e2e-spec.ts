import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { call, MODES, SecureWorld } from './security/harness';

/**
 * An MLflow client on another machine: its own data directory, nothing shared with the server but
 * HTTP. It logs and reads artifacts and models as MLflow's Python client does (HttpArtifactRepository
 * on the `mlflow-artifacts:/` locations the server hands out, a large file by multipart upload,
 * MLflow 2's log_model + register + download of `models:/`, MLflow 3's logged models), and the test
 * fails if any byte lands outside the server's artifact store, or in the client's own directory
 * except where it downloads on purpose.
 */

const ML = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts';

/** Every file under `dir` (relative path -> sha256), skipping the named top-level folders. */
function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const rel = relative(dir, full);
      if (skip.includes(rel.split('/')[0])) continue;
      if (statSync(full).isDirectory()) walk(full);
      else files.set(rel, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The client side: what MLflow's RestStore and HttpArtifactRepository send, from its own directory. */
class RemoteClient {
  constructor(
    readonly url: string,
    readonly auth: string,
    readonly dir: string,
  ) {}

  async json(method: string, path: string, body?: unknown): Promise<any> {
    const answer = await call(this.url, method, path, this.auth, body);
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  }

  /** MLflow resolves `mlflow-artifacts:/<path>` against the tracking server: the proxy's URL path. */
  proxyPath(artifactUri: string): string {
    const match = /^mlflow-artifacts:\/(.*)$/.exec(artifactUri);
    if (!match) throw new Error(`not a served location (the client would write to its own disk): ${artifactUri}`);
    return match[1].replace(/\/+$/, '');
  }

  async logArtifact(artifactUri: string, localFile: string, artifactPath = ''): Promise<void> {
    const name = localFile.split('/').pop()!;
    const target = [this.proxyPath(artifactUri), artifactPath, name].filter((p) => p !== '').join('/');
    const answer = await call(this.url, 'PUT', `${PROXY}/artifacts/${target}`, this.auth, readFileSync(localFile), {
      'content-type': 'application/octet-stream',
    });
    if (answer.status !== 200) throw new Error(`upload ${target}: ${answer.status} ${answer.text}`);
  }

  async logArtifacts(artifactUri: string, localDir: string, artifactPath: string): Promise<void> {
    for (const rel of snapshot(localDir).keys()) {
      const sub = [artifactPath, dirname(rel) === '.' ? '' : dirname(rel)].filter((p) => p !== '').join('/');
      await this.logArtifact(artifactUri, join(localDir, rel), sub);
    }
  }

  /** `_try_multipart_upload`: create, parts in parallel to the URLs given (no credentials), complete. */
  async multipartUpload(artifactUri: string, localFile: string, artifactPath: string, chunk: number): Promise<number> {
    const data = readFileSync(localFile);
    const parts = Math.ceil(data.length / chunk);
    const base = [this.proxyPath(artifactUri), artifactPath].filter((p) => p !== '').join('/');
    const created = await this.json('POST', `${PROXY}/mpu/create/${base}`, { path: localFile, num_parts: parts });
    const uploaded = await Promise.all(
      created.credentials.map(async (c: { url: string; part_number: number; headers: Record<string, string> }) => {
        const url = new URL(c.url);
        const body = data.subarray((c.part_number - 1) * chunk, c.part_number * chunk);
        const answer = await call(this.url, 'PUT', `${url.pathname}${url.search}`, undefined, body, c.headers);
        if (answer.status !== 200) throw new Error(`part ${c.part_number}: ${answer.status} ${answer.text}`);
        return { part_number: c.part_number, etag: String(answer.headers.etag ?? ''), url: c.url };
      }),
    );
    await this.json('POST', `${PROXY}/mpu/complete/${base}`, {
      path: localFile,
      upload_id: created.upload_id,
      parts: uploaded,
    });
    return parts;
  }

  /** `download_artifacts` of a directory: list through the proxy, recurse, download each file. */
  async downloadTree(artifactUri: string, into: string): Promise<void> {
    const root = this.proxyPath(artifactUri);
    const walk = async (path: string) => {
      const listing = await this.json('GET', `${PROXY}/artifacts?path=${encodeURIComponent(path)}`);
      for (const f of listing.files ?? []) {
        const child = `${path}/${f.path}`;
        if (f.is_dir) {
          await walk(child);
          continue;
        }
        const answer = await call(this.url, 'GET', `${PROXY}/artifacts/${child}`, this.auth);
        if (answer.status !== 200) throw new Error(`download ${child}: ${answer.status}`);
        const local = join(into, child.slice(root.length + 1));
        mkdirSync(dirname(local), { recursive: true });
        writeFileSync(local, answer.raw);
      }
    };
    await walk(root);
  }
}

describe.each(MODES)('an MLflow client on another machine, %s', (_mode, start) => {
  const world = new SecureWorld(
    start,
    { dev: 'developer' },
    { services: ['identity', 'tracking', 'registry'], requestLog: () => undefined },
  );
  let clientDir: string;
  let client: RemoteClient;
  let serverBefore: Map<string, string>;

  beforeAll(async () => {
    await world.start();
    clientDir = mkdtempSync(join(tmpdir(), 'llmops-remote-client-'));
    client = new RemoteClient(world.url, world.as('dev'), clientDir);
    // Everything the server keeps outside its artifact store (its database changes; nothing else may).
    serverBefore = snapshot(world.platform.root, ['artifacts', 'db']);
  }, 120_000);
  afterAll(async () => {
    await world.stop();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('logs artifacts, a large file by multipart upload and models through the server only, and reads them back', async () => {
    const s = world.s;
    // The client's own files: a small artifact, a 5 MB file sent in 1 MB parts, a model directory.
    const src = join(clientDir, 'src');
    mkdirSync(join(src, 'model', 'weights'), { recursive: true });
    const files: Record<string, Buffer> = {
      'notes.txt': Buffer.from('remote notes\n'),
      'big.bin': randomBytes(5 * 1024 * 1024 + 123),
      'model/MLmodel': Buffer.from('artifact_path: model\nflavors:\n  python_function: {}\n'),
      'model/weights/w.bin': randomBytes(4096),
    };
    for (const [rel, data] of Object.entries(files)) writeFileSync(join(src, rel), data);
    const clientBefore = snapshot(clientDir);

    const { experiment_id } = await client.json('POST', `${ML}/experiments/create`, { name: `remote-${s}` });
    const { run } = await client.json('POST', `${ML}/runs/create`, { experiment_id, run_name: 'remote' });
    const runId: string = run.info.run_id;
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment_id}/${runId}/artifacts`);

    await client.logArtifact(run.info.artifact_uri, join(src, 'notes.txt'));
    expect(await client.multipartUpload(run.info.artifact_uri, join(src, 'big.bin'), 'data', 1024 * 1024)).toBe(6);
    await client.logArtifacts(run.info.artifact_uri, join(src, 'model'), 'model');
    await client.json('POST', `${ML}/runs/log-model`, {
      run_id: runId,
      model_json: JSON.stringify({ run_id: runId, artifact_path: 'model', flavors: { python_function: {} } }),
    });

    // MLflow 2: register from the run's served location, then download models:/<name>/<version>.
    const name = `remote-model-${s}`;
    await client.json('POST', `${ML}/registered-models/create`, { name });
    const { model_version } = await client.json('POST', `${ML}/model-versions/create`, {
      name,
      source: `${run.info.artifact_uri}/model`,
      run_id: runId,
    });
    const { artifact_uri: downloadUri } = await client.json(
      'GET',
      `${ML}/model-versions/get-download-uri?name=${name}&version=${model_version.version}`,
    );
    const downloads = join(clientDir, 'downloads');
    await client.downloadTree(downloadUri, join(downloads, 'v1'));

    // MLflow 3: a logged model with its own served location, registered as models:/<model_id>.
    const { model } = await client.json('POST', `${ML}/logged-models`, {
      experiment_id,
      name: 'model',
      source_run_id: runId,
    });
    await client.logArtifacts(model.info.artifact_uri, join(src, 'model'), '');
    await client.json('PATCH', `${ML}/logged-models/${model.info.model_id}`, { status: 'LOGGED_MODEL_READY' });
    const v2 = await client.json('POST', `${ML}/model-versions/create`, {
      name,
      source: `models:/${model.info.model_id}`,
      model_id: model.info.model_id,
    });
    const uri2 = await client.json(
      'GET',
      `${ML}/model-versions/get-download-uri?name=${name}&version=${v2.model_version.version}`,
    );
    await client.downloadTree(uri2.artifact_uri, join(downloads, 'v2'));
    const bigBack = await call(
      world.url,
      'GET',
      `${PROXY}/artifacts/${experiment_id}/${runId}/artifacts/data/big.bin`,
      world.as('dev'),
    );
    expect(sha(bigBack.raw)).toBe(sha(files['big.bin']));

    // The server's store holds every byte, where the proxy put it, and nothing else.
    const store = snapshot(join(world.platform.root, 'artifacts'));
    const expected = new Map<string, string>([
      [`${experiment_id}/${runId}/artifacts/notes.txt`, sha(files['notes.txt'])],
      [`${experiment_id}/${runId}/artifacts/data/big.bin`, sha(files['big.bin'])],
      [`${experiment_id}/${runId}/artifacts/model/MLmodel`, sha(files['model/MLmodel'])],
      [`${experiment_id}/${runId}/artifacts/model/weights/w.bin`, sha(files['model/weights/w.bin'])],
      [`${experiment_id}/models/${model.info.model_id}/artifacts/MLmodel`, sha(files['model/MLmodel'])],
      [`${experiment_id}/models/${model.info.model_id}/artifacts/weights/w.bin`, sha(files['model/weights/w.bin'])],
    ]);
    const ours = new Map([...store].filter(([path]) => path.startsWith(`${experiment_id}/`)));
    expect(ours).toEqual(expected);

    // Nothing outside the store changed on the server; the client's directory holds its own files
    // and the downloads it asked for, byte for byte, and nothing else (no local "artifact store").
    expect(snapshot(world.platform.root, ['artifacts', 'db'])).toEqual(serverBefore);
    const clientAfter = snapshot(clientDir);
    const downloaded = new Map([...clientAfter].filter(([path]) => path.startsWith('downloads/')));
    expect(new Map([...clientAfter].filter(([path]) => !path.startsWith('downloads/')))).toEqual(clientBefore);
    for (const version of ['v1', 'v2']) {
      expect(downloaded.get(`downloads/${version}/MLmodel`)).toBe(sha(files['model/MLmodel']));
      expect(downloaded.get(`downloads/${version}/weights/w.bin`)).toBe(sha(files['model/weights/w.bin']));
    }
    expect(downloaded.size).toBe(4);
  }, 120_000);
});
