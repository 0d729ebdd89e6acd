import { Controller, Headers, HttpCode, PayloadTooLargeException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  IngestOtlpResponse,
  InvalidParameterError,
  OtlpExportTraceServiceRequest,
  SUBJECTS,
  TRACE_LIMITS,
} from '@llmops/contract';
import { ServiceClient } from '../services/service-client';
import { decodeOtlpProtobuf } from './otlp-protobuf';
import { chunkOtlpRequest } from './otlp-chunks';

/** MLflow's header naming the experiment the spans go to (mlflow/tracing/utils/otlp.py). */
export const MLFLOW_EXPERIMENT_ID_HEADER = 'x-mlflow-experiment-id';

/**
 * OTLP/HTTP trace export (`POST /v1/traces`), as MLflow 3 servers accept it: protobuf (what
 * MLflow's clients and OpenTelemetry exporters send) or OTLP/JSON, into the experiment of the
 * `x-mlflow-experiment-id` header. Spans go to tracking in NATS-sized pieces, a trace's spans
 * together where they fit.
 */
@ApiExcludeController()
@Controller('v1/traces')
export class OtlpTracesController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(200)
  async export(
    @Req() req: Request,
    @Res() res: Response,
    @Headers(MLFLOW_EXPERIMENT_ID_HEADER) experimentId?: string,
  ): Promise<void> {
    if (!experimentId) throw new InvalidParameterError(`Missing the ${MLFLOW_EXPERIMENT_ID_HEADER} header`);
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const protobuf = type === 'application/x-protobuf' || type === 'application/protobuf';
    let request: OtlpExportTraceServiceRequest;
    if (protobuf) request = decodeOtlpProtobuf(await readBody(req, TRACE_LIMITS.maxOtlpBodyBytes));
    else if (type === 'application/json') {
      if (Number(req.headers['content-length'] ?? 0) > TRACE_LIMITS.maxOtlpBodyBytes) throw tooLarge();
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
        throw new InvalidParameterError('An OTLP/JSON body is an ExportTraceServiceRequest object');
      }
      // A chunked body announced no length: it was read under BODY_LIMIT, measured here.
      if (Buffer.byteLength(JSON.stringify(req.body)) > TRACE_LIMITS.maxOtlpBodyBytes) throw tooLarge();
      request = req.body as OtlpExportTraceServiceRequest;
    } else {
      throw new InvalidParameterError(
        `Invalid Content-Type: ${type || 'none'}. Expected: application/x-protobuf or application/json`,
      );
    }
    for (const chunk of chunkOtlpRequest(request)) {
      await this.services.call<IngestOtlpResponse>(SUBJECTS.tracking.traces.ingestOtlp, {
        experimentId,
        request: chunk,
      });
    }
    // ExportTraceServiceResponse with nothing partial: empty in protobuf, `{}` in JSON.
    if (protobuf) res.status(200).type('application/x-protobuf').send(Buffer.alloc(0));
    else res.status(200).json({});
  }
}

function tooLarge(): PayloadTooLargeException {
  return new PayloadTooLargeException(`An OTLP request is at most ${TRACE_LIMITS.maxOtlpBodyBytes} bytes`);
}

/** The raw body, refused past `limit` bytes (declared or counted) without reading the rest. */
async function readBody(req: Request, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      // The rest is not read: the connection cannot be reused.
      req.res?.setHeader('Connection', 'close');
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
