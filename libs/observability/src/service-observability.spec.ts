import { createMetricsRegistry } from './ops-server';
import { registerCollectedGauge, runChecks } from './service-observability';

describe('runChecks', () => {
  it("maps each check to 'ok', its message, its error or a timeout", async () => {
    const never = new Promise<void>(() => undefined);
    const result = await runChecks(
      {
        fine: () => undefined,
        saysOk: async () => 'ok',
        degraded: async () => 'disk full',
        throws: () => {
          throw new Error('connection refused');
        },
        hangs: () => never,
      },
      50,
    );
    expect(result).toEqual({
      fine: 'ok',
      saysOk: 'ok',
      degraded: 'disk full',
      throws: 'connection refused',
      hangs: 'no answer within 50 ms',
    });
  });
});

describe('registerCollectedGauge', () => {
  it('reads its values at scrape time, with labels, and leaves a failing read out', async () => {
    const registry = createMetricsRegistry('gauge-test');
    let inFlight = 2;
    registerCollectedGauge(registry, { name: 'llmops_test_in_flight', help: 'h', read: () => inFlight });
    registerCollectedGauge(registry, {
      name: 'llmops_test_partitions',
      help: 'h',
      labelNames: ['state'],
      read: async () => [
        [{ state: 'DONE' }, 5],
        [{ state: 'PENDING' }, 1],
      ],
    });
    registerCollectedGauge(registry, {
      name: 'llmops_test_broken',
      help: 'h',
      labelNames: ['state'],
      read: () => {
        throw new Error('database down');
      },
    });
    inFlight = 3;
    const text = await registry.metrics();
    expect(text).toContain('llmops_test_in_flight{service="gauge-test"} 3');
    expect(text).toContain('llmops_test_partitions{state="DONE",service="gauge-test"} 5');
    expect(text).toContain('llmops_test_partitions{state="PENDING",service="gauge-test"} 1');
    expect(text).not.toMatch(/llmops_test_broken\{/);
  });
});
