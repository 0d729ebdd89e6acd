import { Body, Controller, Get, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  BatchJobDetailView,
  BatchJobEvent,
  BatchJobView,
  BatchPartitionEvent,
  BatchTableRowsView,
  BatchTableView,
  SubmitBatchJobRequest,
  SUBJECTS,
} from '@llmops/contract';
import { Observable } from 'rxjs';
import { schemaOf } from '../app/openapi-schema';
import { ServiceClient } from '../services/service-client';
import { payload, queryPayload } from '../tracking/request-payload';
import { BatchEventStream } from './batch-event-stream';

/** The events of a job's progress stream (`event:` is `type`, `data:` the JSON of `data`). */
export type BatchStreamMessage =
  | { type: 'job'; data: BatchJobDetailView }
  | { type: 'partition'; data: BatchPartitionEvent }
  | { type: 'finished'; data: BatchJobDetailView | BatchJobEvent };

/** Submitting reads the dataset once to plan it: allow for large files. */
const SUBMIT_TIMEOUT_MS = 120_000;

@ApiTags('batch')
@Controller('api/v1/batch-jobs')
export class BatchJobsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly events: BatchEventStream,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Run the production model over a dataset, appending to a Delta table' })
  @ApiBody({
    schema: {
      ...schemaOf(SubmitBatchJobRequest),
      example: {
        datasetUri: 'news/prod.jsonl',
        modelName: 'news-summarizer',
        outputTable: 'news_summaries',
        partitionSize: 100,
        keepColumns: ['reference'],
      },
    },
  })
  submit(@Body() body: unknown) {
    return this.services.call<BatchJobDetailView>(SUBJECTS.batch.jobs.submit, payload(body), SUBMIT_TIMEOUT_MS);
  }

  @Get()
  @ApiOperation({ summary: 'Batch jobs, newest first (optionally ?state=RUNNING&limit=20)' })
  @ApiQuery({ name: 'state', required: false, enum: ['RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  list(@Query() query: Record<string, unknown>) {
    return this.services.call<{ jobs: BatchJobView[] }>(
      SUBJECTS.batch.jobs.list,
      integers(queryPayload(query), ['limit']),
    );
  }

  @Get(':jobId')
  @ApiOperation({ summary: 'A batch job with its progress, partitions and failed rows' })
  get(@Param('jobId') jobId: string) {
    return this.services.call<BatchJobDetailView>(SUBJECTS.batch.jobs.get, { jobId });
  }

  @Get(':jobId/table')
  @ApiOperation({
    summary: "The job's output Delta table: schema, rows, files, and its versions newest first (a page at a time)",
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    description: 'versions per page (default 20, at most 200)',
  })
  @ApiQuery({ name: 'before', required: false, type: Number, description: 'only versions older than this one' })
  describeTable(@Param('jobId') jobId: string, @Query() query: Record<string, unknown>) {
    return this.services.call<BatchTableView>(SUBJECTS.batch.tables.history, {
      ...integers(queryPayload(query), ['limit', 'before']),
      jobId,
    });
  }

  @Get(':jobId/table/rows')
  @ApiOperation({ summary: "The first rows of the job's output table at a version (time travel; default the latest)" })
  @ApiQuery({ name: 'version', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'rows (default 20, at most 200)' })
  tableRows(@Param('jobId') jobId: string, @Query() query: Record<string, unknown>) {
    return this.services.call<BatchTableRowsView>(SUBJECTS.batch.tables.rows, {
      ...integers(queryPayload(query), ['version', 'limit']),
      jobId,
    });
  }

  /**
   * Server-sent events: the job as it is now (`job`), then one `partition` event per partition
   * settled, and `finished` when the job is; the stream then ends. The job is fetched as the
   * caller (the orchestrator decides whether they may see it); events that arrive meanwhile are
   * held back and sent only once it said yes, so nothing of a job leaks to someone who may not see it.
   */
  @Sse(':jobId/events')
  @ApiOperation({ summary: 'Progress of a batch job as server-sent events' })
  stream(@Param('jobId') jobId: string): Observable<BatchStreamMessage> {
    return new Observable<BatchStreamMessage>((subscriber) => {
      let held: BatchStreamMessage[] | null = [];
      const send = (event: BatchStreamMessage, last: boolean) => {
        if (held) return void held.push(event);
        subscriber.next(event);
        if (last) subscriber.complete();
      };
      const unsubscribe = this.events.subscribe((event) => {
        if (event.data.jobId !== jobId) return;
        if (event.type === 'partition') send({ type: 'partition', data: event.data }, false);
        else send({ type: 'finished', data: event.data }, true);
      });
      this.services
        .call<BatchJobDetailView>(SUBJECTS.batch.jobs.get, { jobId })
        .then((job) => {
          subscriber.next({ type: 'job', data: job });
          const pending = held ?? [];
          held = null;
          if (job.state !== 'RUNNING') {
            subscriber.next({ type: 'finished', data: job });
            subscriber.complete();
            return;
          }
          for (const event of pending) {
            subscriber.next(event);
            if (event.type === 'finished') return subscriber.complete();
          }
        })
        .catch((error: unknown) => {
          held = [];
          subscriber.error(error);
        });
      return unsubscribe;
    });
  }
}

/** Query values are strings: whole numbers become numbers, anything else is left for validation to refuse. */
function integers(request: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out = { ...request };
  for (const key of keys) {
    const value = out[key];
    if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) out[key] = Number(value);
  }
  return out;
}
