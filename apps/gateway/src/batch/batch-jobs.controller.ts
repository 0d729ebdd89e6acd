import { Body, Controller, Get, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BatchJobDetailView, BatchJobView, SubmitBatchJobRequest, SUBJECTS } from '@llmops/contract';
import { Observable } from 'rxjs';
import { schemaOf } from '../app/openapi-schema';
import { ServiceClient } from '../services/service-client';
import { payload, queryPayload } from '../tracking/request-payload';
import { BatchEventStream } from './batch-event-stream';

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
  list(@Query() query: Record<string, unknown>) {
    const request = queryPayload(query);
    if (typeof request.limit === 'string' && /^[0-9]+$/.test(request.limit)) request.limit = Number(request.limit);
    return this.services.call<{ jobs: BatchJobView[] }>(SUBJECTS.batch.jobs.list, request);
  }

  @Get(':jobId')
  @ApiOperation({ summary: 'A batch job with its progress, partitions and failed rows' })
  get(@Param('jobId') jobId: string) {
    return this.services.call<BatchJobDetailView>(SUBJECTS.batch.jobs.get, { jobId });
  }

  /**
   * Server-sent events: the job as it is now (`job`), then one `partition` event per partition
   * settled, and `finished` when the job is; the stream then ends. The job is fetched as the
   * caller (the orchestrator decides whether they may see it); events that arrive meanwhile are
   * held back and sent only once it said yes, so nothing of a job leaks to someone who may not see it.
   */
  @Sse(':jobId/events')
  @ApiOperation({ summary: 'Progress of a batch job as server-sent events' })
  stream(@Param('jobId') jobId: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      let held: MessageEvent[] | null = [];
      const send = (event: MessageEvent, last: boolean) => {
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
