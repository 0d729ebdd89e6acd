import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import { InferenceConfig } from './inference.config';
import { inferenceOptionsFrom, startInference } from './inference.bootstrap';

/** Services mode: one inference replica on NATS (run N of them; they share the queue group). */
async function main(): Promise<void> {
  const config = loadConfig(InferenceConfig);
  await startInference(inferenceOptionsFrom(config));
  new Logger('Inference').log(
    `Serving on ${config.NATS_URL} (queue 'inference', ${config.INFERENCE_THREADS} thread(s), batch ${config.INFERENCE_MAX_BATCH})`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
