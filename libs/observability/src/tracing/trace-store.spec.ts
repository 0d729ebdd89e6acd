import { SUBJECTS } from '@llmops/contract';
import { exportToTraceStore, traceStoreSettings } from './trace-store';
import { Tracing } from './tracing';

describe('trace store settings', () => {
  it('exports by default, into the store’s default experiment unless one is named', () => {
    expect(traceStoreSettings({})).toEqual({ enabled: true });
    expect(traceStoreSettings({ LLMOPS_TRACE_STORE: 'off', LLMOPS_TRACE_EXPERIMENT_ID: '12' })).toEqual({
      enabled: false,
      experimentId: '12',
    });
  });

  it('fails fast on a bad value, naming the variable', () => {
    expect(() => traceStoreSettings({ LLMOPS_TRACE_STORE: 'yes' })).toThrow(/LLMOPS_TRACE_STORE/);
    expect(() => traceStoreSettings({ LLMOPS_TRACE_EXPERIMENT_ID: "0' OR 1=1" })).toThrow(/LLMOPS_TRACE_EXPERIMENT_ID/);
  });

  it('adds an exporter on the ingestion subject only when tracing and the store are on', async () => {
    const added: unknown[] = [];
    const tracing = (enabled: boolean): Tracing => ({
      enabled,
      addExporter: (e) => {
        added.push(e);
        return async () => undefined;
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    });
    const sent: string[] = [];
    const rpc = { request: async (subject: string) => (sent.push(subject), { accepted: 0 }) as never };
    exportToTraceStore(tracing(false), rpc, { enabled: true });
    exportToTraceStore(tracing(true), rpc, { enabled: false });
    expect(added).toHaveLength(0);
    exportToTraceStore(tracing(true), rpc, { enabled: true, experimentId: '3' });
    expect(added).toHaveLength(1);
    expect((added[0] as { options: { subject: string; experimentId: string } }).options).toMatchObject({
      subject: SUBJECTS.tracking.traces.ingestOtlp,
      experimentId: '3',
    });
  });
});
