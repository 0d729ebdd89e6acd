/** One structured request log line. Headers are never logged (they may carry credentials). */
export interface RequestLogEntry {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: 'request';
  method: string;
  path: string;
  route: string;
  status: number;
  duration_ms: number;
  correlation_id: string;
  error_code?: string;
  /** The request's span (absent when tracing is off). */
  trace_id?: string;
  span_id?: string;
}

export type RequestLogSink = (entry: RequestLogEntry) => void;

export const stdoutRequestLog: RequestLogSink = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};

export const silentRequestLog: RequestLogSink = () => undefined;
