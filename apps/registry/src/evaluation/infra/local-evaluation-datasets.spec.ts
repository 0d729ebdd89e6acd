import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCode } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { LocalEvaluationDatasets } from './local-evaluation-datasets';

describe('LocalEvaluationDatasets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-datasets-'));
  const good = join(dir, 'good.jsonl');
  writeFileSync(good, '{"id":"1","article":"A.","reference":"a"}\n');
  const secret = join(dir, 'secret.txt');
  writeFileSync(secret, 'root:supersecret\n');

  it('reads a path or a file:// URI', async () => {
    const datasets = new LocalEvaluationDatasets();
    expect(await datasets.read(good)).toEqual([{ id: '1', article: 'A.', reference: 'a' }]);
    expect(await datasets.read(pathToFileURL(good).href)).toHaveLength(1);
  });

  it('never echoes the text of a file that is not JSONL', async () => {
    const error = await rejectionOf(new LocalEvaluationDatasets().read(secret));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(error.message).toMatch(/secret.txt:1: not valid JSON$/);
    expect(error.message).not.toMatch(/supersecret/);
  });

  it('keeps to its root when it has one, and refuses other schemes', async () => {
    const rooted = new LocalEvaluationDatasets(dir);
    expect(await rooted.read('good.jsonl')).toHaveLength(1);
    expect((await rejectionOf(rooted.read('/etc/passwd'))).code).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await rejectionOf(rooted.read('../x.jsonl'))).code).toBe(ErrorCode.PERMISSION_DENIED);
    expect((await rejectionOf(rooted.read('s3://bucket/x.jsonl'))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect((await rejectionOf(rooted.read('missing.jsonl'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });
});
