import { PassThrough, Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { EXIT } from '../output/exit-codes';
import { registerRemoteCommands } from './index';
import { CliRuntime } from './remote-command';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `llmops <argv>` in this process with the remote commands, capturing stdout, stderr and the
 * exit code (what the process would exit with), for tests and embedding.
 */
export async function runCli(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const err = new PassThrough();
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let code: number = EXIT.OK;
  const runtime: CliRuntime = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: err,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    exit: (c) => {
      code = c;
    },
    onUsageError: (error) => {
      throw error;
    },
  };
  const program = new Command('llmops').exitOverride();
  registerRemoteCommands(program, runtime);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  // Let the PassThrough deliver what was written.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout, stderr };
}
