import { LoggerService, LogLevel } from '@nestjs/common';
import { activeTraceIds } from './tracing/spans';

const LEVEL_ORDER: Record<LogLevel, number> = { verbose: 0, debug: 1, log: 2, warn: 3, error: 4, fatal: 5 };

/** Keys whose values never reach a log line, wherever they appear in a structured field. */
const SECRET_KEYS = /^(authorization|password|token|secret|api[-_]?key|cookie)$/i;

export interface JsonLoggerOptions {
  service: string;
  level?: LogLevel;
  write?: (line: string) => void;
}

/**
 * Structured JSON logs, one object a line: time, level, service, context, message, and any fields
 * passed (e.g. correlationId), and the active span's trace_id and span_id. Secrets are redacted by key so a token cannot leak through a field.
 */
export class JsonLogger implements LoggerService {
  private readonly minLevel: number;
  private readonly write: (line: string) => void;

  constructor(private readonly options: JsonLoggerOptions) {
    this.minLevel = LEVEL_ORDER[options.level ?? 'log'];
    this.write = options.write ?? ((line) => process.stdout.write(line + '\n'));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('fatal', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (LEVEL_ORDER[level] < this.minLevel) return;
    // Nest passes the context as the last string argument.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: this.options.service,
      ...(context ? { context } : {}),
      // The active span's ids, so a log line leads to its trace (and back).
      ...activeTraceIds(),
    };
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      Object.assign(line, redact(message as Record<string, unknown>));
    } else {
      line.message = message instanceof Error ? message.message : String(message);
    }
    const stack = rest.find((r) => typeof r === 'string' && r.includes('\n    at '));
    if (stack) line.stack = stack;
    this.write(JSON.stringify(line));
  }
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]';
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = redact(value as Record<string, unknown>);
    } else out[key] = value;
  }
  return out;
}
