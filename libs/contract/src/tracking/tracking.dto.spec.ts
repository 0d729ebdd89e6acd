import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IngestOtlpRequest, LogBatchRequest, LogMetricRequest, LogPredictionsRequest } from './index';
import { fromWireDouble, toWireDouble } from './tracking.types';

function problems<T extends object>(cls: new () => T, plain: unknown): string[] {
  const errors = validateSync(plainToInstance(cls, plain) as object, { whitelist: true, forbidNonWhitelisted: true });
  const flat = (es: typeof errors, prefix = ''): string[] =>
    es.flatMap((e) => [
      ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
      ...flat(e.children ?? [], `${prefix}${e.property}.`),
    ]);
  return flat(errors);
}

/** A fast path accepts what the decorators accept and yields what class-transformer would. */
function expectSameAsDecorators<T extends object>(
  type: (new () => T) & { fastPath(value: unknown): T | undefined },
  plain: unknown,
): void {
  expect(problems(type, plain)).toEqual([]);
  const fast = type.fastPath(plain);
  expect(fast).toBeInstanceOf(type);
  expect(JSON.parse(JSON.stringify(fast))).toEqual(JSON.parse(JSON.stringify(plainToInstance(type, plain))));
}

describe('tracking contract', () => {
  it('carries non-finite doubles as MLflow strings and back', () => {
    expect([NaN, Infinity, -Infinity, 0.5].map(toWireDouble)).toEqual(['NaN', 'Infinity', '-Infinity', 0.5]);
    expect(['NaN', 'Infinity', '-Infinity', 0.5, '0.25'].map((v) => fromWireDouble(v))).toEqual([
      NaN,
      Infinity,
      -Infinity,
      0.5,
      0.25,
    ]);
    expect(JSON.parse(JSON.stringify({ v: toWireDouble(NaN) })).v).toBe('NaN');
  });

  it('accepts MLflow log-batch payloads, numbers as strings included', () => {
    expect(
      problems(LogBatchRequest, {
        run_id: 'r',
        metrics: [
          { key: 'm', value: 'NaN', timestamp: '1700000000000', step: '1' },
          { key: 'm', value: 0.1, timestamp: 1 },
        ],
        params: [{ key: 'p', value: 'v' }],
      }),
    ).toEqual([]);
  });

  it('names the nested field that is wrong', () => {
    expect(
      problems(LogBatchRequest, { run_id: 'r', metrics: [{ key: 'm', value: 'high', timestamp: 1 }], extra: 1 }),
    ).toEqual(expect.arrayContaining(['extra:whitelistValidation', 'metrics.0.value:isWireDouble']));
    expect(
      problems(LogPredictionsRequest, { run_id: 'r', rows: [{ inputs: 'q', latency_ms: -1, extra: [] }] }),
    ).toEqual(
      expect.arrayContaining(['rows.0.outputs:isJsonValue', 'rows.0.latency_ms:min', 'rows.0.extra:isPlainJsonObject']),
    );
  });

  describe('LogBatchRequest.fastPath: one pass, never more lenient than the decorators', () => {
    const accepted: unknown[] = [
      { run_id: 'r' },
      { run_id: 'r', metrics: [] },
      {
        run_id: 'r',
        metrics: [
          { key: 'm', value: 'NaN', timestamp: '1700000000000', step: '1' },
          { key: 'm', value: 0.1, timestamp: 1 },
          { key: 'n', value: '-0.5e3', step: -2 },
        ],
        params: [{ key: 'p', value: 'v' }],
        tags: [{ key: 't', value: '' }],
      },
    ];
    it.each(accepted.map((p) => [JSON.stringify(p), p]))('accepts %s as the decorators do', (_, plain) => {
      expectSameAsDecorators(LogBatchRequest, plain);
    });

    const refused: unknown[] = [
      null,
      [],
      { run_id: '' },
      { run_id: 'r', extra: 1 },
      { run_id: 'r', metrics: [{ key: 'm', value: 'high' }] },
      { run_id: 'r', metrics: [{ key: 'm', value: 1, extra: 1 }] },
      { run_id: 'r', metrics: [{ key: 1, value: 1 }] },
      { run_id: 'r', metrics: [{ key: 'm', value: 1, timestamp: 1.5 }] },
      { run_id: 'r', metrics: [{ key: 'm', value: 1, step: '1e3' }] },
      { run_id: 'r', metrics: [{ key: 'm', value: 1, step: 2 ** 60 }] },
      { run_id: 'r', metrics: [{ key: 'm', value: 1, timestamp: null }] },
      { run_id: 'r', metrics: {} },
      { run_id: 'r', params: [{ key: 'p', value: 1 }] },
      { run_id: 'r', tags: [{ key: 't', value: 'v', extra: '' }] },
      { run_id: 'r', metrics: null },
    ];
    it.each(refused.map((p) => [JSON.stringify(p), p]))('leaves %s to the decorators', (_, plain) => {
      expect(LogBatchRequest.fastPath(plain)).toBeUndefined();
    });
  });

  describe('LogMetricRequest.fastPath and IngestOtlpRequest.fastPath: never more lenient than the decorators', () => {
    const metricsAccepted: unknown[] = [
      { run_id: 'r', key: 'm', value: 1 },
      { run_id: 'r', key: 'm', value: 'NaN', timestamp: '1700000000000', step: '3' },
      { run_id: 'r', key: '', value: -0.5, timestamp: 1, step: -2 },
    ];
    it.each(metricsAccepted.map((p) => [JSON.stringify(p), p]))(
      'log-metric: accepts %s as the decorators do',
      (_, plain) => {
        expectSameAsDecorators(LogMetricRequest, plain);
      },
    );
    const metricsRefused: unknown[] = [
      null,
      { key: 'm', value: 1 },
      { run_id: '', key: 'm', value: 1 },
      { run_id: 'r', key: 'm', value: 'high' },
      { run_id: 'r', key: 'm', value: 1, extra: 1 },
      { run_id: 'r', key: 1, value: 1 },
      { run_id: 'r', key: 'm', value: 1, step: 1.5 },
      { run_id: 'r', key: 'm', value: 1, timestamp: null },
    ];
    it.each(metricsRefused.map((p) => [JSON.stringify(p), p]))(
      'log-metric: leaves %s to the decorators',
      (_, plain) => {
        expect(LogMetricRequest.fastPath(plain)).toBeUndefined();
      },
    );

    const otlp = {
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a', attributes: [{ key: 'k', value: {} }] }] }] }],
    };
    it.each([[{ request: otlp }], [{ experimentId: '3', request: otlp }]])(
      'ingest: accepts %j as the decorators do',
      (plain) => {
        expectSameAsDecorators(IngestOtlpRequest, plain);
        expect(JSON.parse(JSON.stringify(IngestOtlpRequest.fastPath(plain)))).toEqual(plain);
      },
    );
    it.each([
      [null],
      [{}],
      [{ request: [] }],
      [{ request: otlp, extra: 1 }],
      [{ experimentId: '', request: otlp }],
      [{ experimentId: 3, request: otlp }],
      [{ experimentId: null, request: otlp }],
    ])('ingest: leaves %j to the decorators', (plain) => {
      expect(IngestOtlpRequest.fastPath(plain)).toBeUndefined();
    });
  });
});
