import { AssessmentsController } from './assessments/assessments.message.controller';
import { AssessmentsHandler } from './assessments/assessments.handler';
import { DeleteTracesController } from './delete-traces/delete-traces.message.controller';
import { DeleteTracesHandler } from './delete-traces/delete-traces.handler';
import { GetTracesController } from './get-traces/get-traces.message.controller';
import { GetTracesHandler } from './get-traces/get-traces.handler';
import { IngestOtlpController } from './ingest-otlp/ingest-otlp.message.controller';
import { IngestOtlpHandler } from './ingest-otlp/ingest-otlp.handler';
import { SearchTracesController } from './search-traces/search-traces.message.controller';
import { SearchTracesHandler } from './search-traces/search-traces.handler';
import { StartTraceController } from './start-trace/start-trace.message.controller';
import { StartTraceHandler } from './start-trace/start-trace.handler';
import { TraceTagsController } from './trace-tags/trace-tags.message.controller';
import { TraceTagsHandler } from './trace-tags/trace-tags.handler';
import { TraceViews } from './trace-views';

/** The trace use cases, registered by TrackingModule (with a TraceRepository provider). */
export const TRACE_CONTROLLERS = [
  IngestOtlpController,
  StartTraceController,
  GetTracesController,
  SearchTracesController,
  DeleteTracesController,
  TraceTagsController,
  AssessmentsController,
];

export const TRACE_HANDLERS = [
  IngestOtlpHandler,
  StartTraceHandler,
  GetTracesHandler,
  SearchTracesHandler,
  DeleteTracesHandler,
  TraceTagsHandler,
  AssessmentsHandler,
  TraceViews,
];
