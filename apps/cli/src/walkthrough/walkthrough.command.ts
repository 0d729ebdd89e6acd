import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { GatewayHttpClient } from '../client/http-client';
import { PlatformClient } from '../client/platform-client';
import { startEmbeddedPlatform } from '../platform/embedded-platform';
import { chooseCandidates, hubReachable } from './candidates';
import { ConsoleReporter, jsonModeReporter, Reporter } from './reporter';
import { DEFAULT_GATE, MODEL_NAME, Walkthrough, WalkthroughResult } from './walkthrough';

export const NEWS_DATA_DIR = resolve(__dirname, '../../../../data/news');
export const DEFAULT_TABLE = 'news_summaries';

export interface WalkthroughCommandOptions {
  gateway?: string;
  token?: string;
  dataDir: string;
  model?: string;
  json?: boolean;
  devLimit?: number;
  evalLimit?: number;
  partitionSize: number;
  table?: string;
  offline?: boolean;
}

export function registerWalkthroughCommand(program: Command): void {
  program
    .command('walkthrough')
    .description('dev -> staging -> prod: build, track, register, evaluate, gate, promote, batch into Delta')
    .option('--gateway <url>', 'drive a running platform through its gateway (default: start one embedded)')
    .option('--token <token>', 'API token for the gateway (default: $LLMOPS_TOKEN)')
    .option('--data-dir <dir>', 'embedded state directory (default: $LLMOPS_DATA_DIR or ./.llmops)')
    .option('--model <hf-id|dir>', 'abstractive ONNX candidate (default: Xenova/distilbart-cnn-6-6 when online)')
    .option('--dev-limit <n>', 'articles of the dev sample to run', toInt)
    .option('--eval-limit <n>', 'held-out articles to evaluate on', toInt)
    .option('--partition-size <n>', 'rows per batch partition', toInt, 4)
    .option(
      '--table <name>',
      'Delta table of the production summaries, by name on the platform (default: news_summaries)',
    )
    .option('--offline', 'never try the Hugging Face hub')
    .option('--json', 'end with one JSON object on the last line of stdout')
    .action(async (opts: Omit<WalkthroughCommandOptions, 'dataDir'> & { dataDir?: string }) => {
      const result = await runWalkthroughCommand({
        ...opts,
        dataDir: opts.dataDir ?? process.env.LLMOPS_DATA_DIR ?? './.llmops',
        token: opts.token ?? process.env.LLMOPS_TOKEN,
      });
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
    });
}

export async function runWalkthroughCommand(
  options: WalkthroughCommandOptions,
  reporter: Reporter = options.json ? jsonModeReporter() : new ConsoleReporter(),
): Promise<WalkthroughResult & { data_dir: string }> {
  const dataDir = resolve(options.dataDir);
  // Against a gateway nothing is kept locally (the dataset is uploaded, the table is the platform's).
  if (!options.gateway) mkdirSync(dataDir, { recursive: true });
  const table = options.table ?? DEFAULT_TABLE;
  const online = options.offline ? false : await hubReachable();
  const candidates = chooseCandidates({ model: options.model, hubReachable: online });

  reporter.stage('LLMOps walkthrough: news summarization from dev to production');
  let platform: { url: string; close(): Promise<void> } | undefined;
  if (options.gateway) {
    reporter.info(`platform: ${options.gateway} (services mode)`);
  } else {
    // The embedded platform is a single user's: auth stays off, and we say so.
    process.env.LLMOPS_AUTH = process.env.LLMOPS_AUTH ?? 'off';
    reporter.info(`platform: embedded (one process, in-process bus, PGlite) with state in ${dataDir}`);
    reporter.info('authentication is off in this embedded single-user run (LLMOPS_AUTH=off)');
    platform = await startEmbeddedPlatform({ dataDir, port: 0, logger: false, requestLog: () => undefined });
    reporter.info(`gateway listening on ${platform.url} for the duration of the walkthrough`);
  }
  reporter.info(`Hugging Face hub: ${online ? 'reachable' : 'not reachable (offline run)'}`);

  try {
    const http = new GatewayHttpClient({ baseUrl: options.gateway ?? platform!.url, token: options.token });
    const walkthrough = new Walkthrough(new PlatformClient(http), reporter);
    const result = await walkthrough.run({
      candidates,
      devDataset: join(NEWS_DATA_DIR, 'dev.jsonl'),
      evalDataset: join(NEWS_DATA_DIR, 'eval.jsonl'),
      prodDataset: join(NEWS_DATA_DIR, 'prod.jsonl'),
      table,
      devLimit: options.devLimit,
      evalLimit: options.evalLimit,
      partitionSize: options.partitionSize,
      gate: DEFAULT_GATE,
    });
    reporter.stage('Where everything is');
    if (!options.gateway) reporter.info(`data directory: ${dataDir} (db/, artifacts/, datasets/, tables/)`);
    reporter.info(`Delta table: ${result.table?.name ?? table} at ${result.table?.path ?? '?'}`);
    reporter.info(
      `registered model: ${MODEL_NAME}; production: ${result.production ? `v${result.production.version}` : 'none'}`,
    );
    reporter.info(
      options.gateway
        ? `API: ${options.gateway}/docs; MLflow clients: MLFLOW_TRACKING_URI=${options.gateway}`
        : `API docs at /docs and MLflow clients (MLFLOW_TRACKING_URI) on the same server as the dashboard below`,
    );
    reporter.stage('Open the dashboard');
    if (options.gateway) {
      reporter.info(`open ${options.gateway}/ in a browser and sign in with an API token`);
    } else {
      reporter.info(`LLMOPS_DATA_DIR=${dataDir} LLMOPS_AUTH=off npm run serve`);
      reporter.info('then open http://localhost:5000/ in a browser (runs, comparisons, models, batch jobs, the table)');
      reporter.info(
        '(with authentication on instead: LLMOPS_ADMIN_TOKEN=<32+ characters> npm run serve, and sign in with it)',
      );
    }
    return { ...result, data_dir: dataDir };
  } finally {
    await platform?.close();
  }
}

function toInt(value: string): number {
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n) || n < 1) throw new Error(`expected a positive whole number, got '${value}'`);
  return n;
}
