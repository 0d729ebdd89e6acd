import { Module } from '@nestjs/common';
import { ServiceClient } from '../services/service-client';
import { BatchEventStream } from './batch-event-stream';
import { BatchJobsController } from './batch-jobs.controller';

/** `/api/v1/batch-jobs`: submit, get, list and an SSE progress stream, forwarded to the orchestrator. */
@Module({ controllers: [BatchJobsController], providers: [ServiceClient, BatchEventStream] })
export class BatchHttpModule {}
