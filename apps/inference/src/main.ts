import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { createServiceObservability, startServiceOps } from '@llmops/observability';
import { Readiness } from './health/readiness';
import { InferenceConfig } from './inference.config';
import { inferenceOptionsFrom, inferenceServiceTransport, startInference } from './inference.bootstrap';

/** Services mode: one inference replica on NATS (run N of them; they share the queue group). */
async function main(): Promise<void> {
  const config = loadConfig(InferenceConfig);
  const observability = createServiceObservability('inference');
  const app = await startInference(
    inferenceOptionsFrom(config, inferenceServiceTransport(config)),
    observability.logger,
    [observability.interceptor],
  );
  // Ready = the preload model (if any) is loaded and the replica is not draining (as on inference.v1.readiness).
  await startServiceOps(app, observability, {
    port: config.OPS_PORT,
    checks: {
      model: () => {
        const readiness = app.get(Readiness).check();
        return readiness.ready ? 'ok' : (readiness.reason ?? 'not ready');
      },
    },
  });
  new Logger('Inference').log(
    `Serving on ${config.NATS_URL} (queue 'inference', ${config.INFERENCE_THREADS} thread(s), batch ${config.INFERENCE_MAX_BATCH})`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
