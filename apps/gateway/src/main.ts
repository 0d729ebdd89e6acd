import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { exportToTraceStore, initTracing, JsonLogger, traceStoreSettings } from '@llmops/observability';
import { RpcClient, serviceNatsTransport } from '@llmops/messaging';
import { createGatewayApp } from './app/create-gateway-app';
import { GatewayConfig } from './gateway.config';

/** Services mode: the gateway alone, reaching the services over NATS. */
async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  // HTTP server spans continue a caller's `traceparent`; exporters from the OTEL_* variables.
  const tracing = initTracing({ service: 'gateway' });
  const traceStore = traceStoreSettings();
  // Nest's own lines as JSON, like the request log and the services' logs (one object a line).
  Logger.overrideLogger(new JsonLogger({ service: 'gateway' }));
  const app = await createGatewayApp(config, serviceNatsTransport({ url: config.NATS_URL, service: 'gateway' }), {
    defaultMetrics: true,
  });
  exportToTraceStore(tracing, app.get(RpcClient), traceStore);
  await app.listen(config.PORT);
  new Logger('Gateway').log(`Listening on ${await app.getUrl()}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
