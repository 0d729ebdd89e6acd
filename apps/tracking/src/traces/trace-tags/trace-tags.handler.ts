import { Injectable } from '@nestjs/common';
import { DeleteTraceTagRequest, ResourceNotFoundError, SetTraceTagRequest, TRACE_TAG_KEYS } from '@llmops/contract';
import { TraceRepository } from '../domain/trace.repository';
import { checkedMap, requireTrace } from '../trace-lookup';

/** MLflow's SetTraceTag / DeleteTraceTag. */
@Injectable()
export class TraceTagsHandler {
  constructor(private readonly traces: TraceRepository) {}

  async set(request: SetTraceTagRequest): Promise<void> {
    await requireTrace(this.traces, request.trace_id);
    const [[key, value]] = Object.entries(checkedMap({ [request.key]: request.value }, 'tag'));
    // The artifact location is the service's to say (it would otherwise point clients elsewhere).
    if (key === TRACE_TAG_KEYS.artifactLocation) return;
    await this.traces.setTag(request.trace_id, key, value);
  }

  async delete(request: DeleteTraceTagRequest): Promise<void> {
    await requireTrace(this.traces, request.trace_id);
    if (!(await this.traces.deleteTag(request.trace_id, request.key))) {
      throw new ResourceNotFoundError(`No trace tag with key '${request.key}' for trace with ID '${request.trace_id}'`);
    }
  }
}
