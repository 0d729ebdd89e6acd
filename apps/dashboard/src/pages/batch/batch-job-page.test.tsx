import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { eventStream, fakeApi } from '../../test/fake-api';
import { job } from '../../test/fixtures';
import BatchJobPage from './batch-job-page';

const table = {
  jobId: 'job-1',
  table: '/data/tables/news',
  name: 'batch_summaries',
  description: null,
  createdTime: 1,
  latestVersion: 0,
  columns: [{ name: 'summary', type: 'string', nullable: true, partition: false }],
  partitionColumns: [],
  files: 0,
  rows: 0,
  versions: [],
  nextBefore: null,
};

describe('a batch job followed live', () => {
  it('updates from the SSE stream partition by partition, then reads the finished job', async () => {
    const stream = eventStream();
    let finished = false;
    const api = fakeApi({
      'GET /api/v1/batch-jobs/:jobId': () => (finished ? job('SUCCEEDED', 10) : job('RUNNING', 0)),
      'GET /api/v1/batch-jobs/:jobId/events': () => stream.response(),
      'GET /api/v1/batch-jobs/:jobId/table': () => table,
      'GET /api/v1/batch-jobs/:jobId/table/rows': () => ({
        ...table,
        version: 0,
        timestamp: 1,
        totalRows: 0,
        rows: [],
      }),
    });
    render(<BatchJobPage jobId="job-1" />);
    expect((await screen.findByTestId('job-state')).textContent).toBe('RUNNING');
    await screen.findByText(/Live: following/);
    const events = api.seen.find((s) => s.path === '/api/v1/batch-jobs/job-1/events');
    expect(events).toBeTruthy();

    stream.send('partition', {
      jobId: 'job-1',
      partition: 0,
      state: 'DONE',
      rowsWritten: 5,
      failedRowIds: [],
      error: null,
      job: { state: 'RUNNING', done: 1, deadLettered: 0, total: 2, rowsWritten: 5 },
    });
    await waitFor(() => expect(screen.getByText('50%')).toBeTruthy());
    expect(screen.getByText('1 / 0 / 1')).toBeTruthy();

    finished = true;
    stream.send('finished', {
      jobId: 'job-1',
      state: 'SUCCEEDED',
      rowsWritten: 10,
      rowsFailed: 0,
      partitionsDeadLettered: 0,
    });
    stream.end();
    await waitFor(() => expect(screen.getByTestId('job-state').textContent).toBe('SUCCEEDED'));
    expect(screen.getByText('100%')).toBeTruthy();
    expect(screen.getByText(/^Finished/)).toBeTruthy();
  });

  it('reads a finished job once and opens no stream', async () => {
    const api = fakeApi({
      'GET /api/v1/batch-jobs/:jobId': () => job('SUCCEEDED', 10),
      'GET /api/v1/batch-jobs/:jobId/table': () => table,
      'GET /api/v1/batch-jobs/:jobId/table/rows': () => ({
        ...table,
        version: 0,
        timestamp: 1,
        totalRows: 0,
        rows: [],
      }),
    });
    render(<BatchJobPage jobId="job-1" />);
    await waitFor(() => expect(screen.getByTestId('job-state').textContent).toBe('SUCCEEDED'));
    expect(api.seen.some((s) => s.path.endsWith('/events'))).toBe(false);
  });
});
