import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { serviceNatsTransport } from '@llmops/messaging';
import { initTracing, JsonLogger } from '@llmops/observability';
import { createGatewayApp } from './app/create-gateway-app';
import { GatewayConfig } from './gateway.config';

/** Services mode: the gateway alone, reaching the services over NATS. */
async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  // HTTP server spans continue a caller's `traceparent`; exporters from the OTEL_* variables.
  initTracing({ service: 'gateway' });
  // Nest's own lines as JSON, like the request log and the services' logs (one object a line).
  Logger.overrideLogger(new JsonLogger({ service: 'gateway' }));
  const app = await createGatewayApp(config, serviceNatsTransport({ url: config.NATS_URL, service: 'gateway' }), {
    defaultMetrics: true,
  });
  await app.listen(config.PORT);
  new Logger('Gateway').log(`Listening on ${await app.getUrl()}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
