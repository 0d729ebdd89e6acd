import { Command, InvalidArgumentError } from 'commander';
import { startEmbeddedPlatform } from './embedded-platform';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** `llmops serve`: the whole platform in this process, until SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): Command {
  return program
    .command('serve')
    .description(
      'Run the platform embedded (all services, in-process bus, local data directory) behind the HTTP gateway',
    )
    .option('-p, --port <port>', 'HTTP port (env PORT)', port, port(process.env.PORT || '5000'))
    .option('-d, --data-dir <dir>', 'data directory (env LLMOPS_DATA_DIR)', process.env.LLMOPS_DATA_DIR || './.llmops')
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST || '127.0.0.1')
    .action(async (opts: { port: number; dataDir: string; host: string }) => {
      const platform = await startEmbeddedPlatform({ dataDir: opts.dataDir, port: opts.port, host: opts.host });
      console.log(`LLMOps platform serving on ${platform.url} (data in ${platform.dataDir})`);
      console.log(`  MLflow clients: MLFLOW_TRACKING_URI=${platform.url}   API docs: ${platform.url}/docs`);
      console.log(
        `  Dashboard: ${platform.url}/` +
          (process.env.LLMOPS_AUTH === 'off' ? '' : ' (sign in with an API token, e.g. LLMOPS_ADMIN_TOKEN)'),
      );
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal} received, shutting down`);
        platform.close().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error('Shutdown failed:', error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
