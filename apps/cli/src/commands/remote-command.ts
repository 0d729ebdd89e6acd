import { Command, CommanderError } from 'commander';
import { GatewayHttpClient } from '../client/http-client';
import { PlatformClient } from '../client/platform-client';
import { errorLine, EXIT, exitCodeOf } from '../output/exit-codes';

export const DEFAULT_GATEWAY = 'http://localhost:5000';

/** Where a command writes and how it ends: the real process, or a capture in tests. */
export interface CliRuntime {
  stdout: { write(text: string): unknown };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** Records the command's exit code (the process runtime sets `process.exitCode`). */
  exit(code: number): void;
  /** Commander parse errors: the process runtime exits with 2 (0 for --help). */
  onUsageError(error: CommanderError): void;
}

export function processRuntime(): CliRuntime {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    exit: (code) => {
      process.exitCode = code;
    },
    onUsageError: (error) => process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE),
  };
}

/** Options every remote command takes. */
export interface RemoteOptions {
  gateway?: string;
  token?: string;
  json?: boolean;
}

/** What a command's body gets: the platform, whether to print JSON, and where to write. */
export interface CommandContext {
  client: PlatformClient;
  json: boolean;
  runtime: CliRuntime;
  /** Prints one result: one JSON document with --json, else the human text. */
  print(json: unknown, human: () => string): void;
  /** A line on stderr (progress, notes), never mixed into the JSON on stdout. */
  note(text: string): void;
}

export function platformClientOf(options: RemoteOptions, env: NodeJS.ProcessEnv): PlatformClient {
  const baseUrl = options.gateway ?? env.LLMOPS_GATEWAY ?? DEFAULT_GATEWAY;
  const token = options.token ?? env.LLMOPS_TOKEN;
  return new PlatformClient(new GatewayHttpClient({ baseUrl, token: token || undefined }));
}

/** A command group (`llmops runs ...`) whose parse errors print `error: USAGE: ...` and exit 2. */
export function commandGroup(program: Command, name: string, description: string, runtime: CliRuntime): Command {
  return program
    .command(name)
    .description(description)
    .configureOutput({
      writeOut: (text) => runtime.stdout.write(text),
      writeErr: (text) => runtime.stderr.write(text),
      outputError: (text, write) => write(`error: USAGE: ${text.replace(/^error:\s*/i, '')}`),
    })
    .showHelpAfterError(false)
    .exitOverride((error) => runtime.onUsageError(error));
}

/** Adds `--gateway`, `--token` and `--json` to a remote command. */
export function remoteOptions(command: Command): Command {
  return command
    .option('--gateway <url>', `gateway base URL (default: $LLMOPS_GATEWAY or ${DEFAULT_GATEWAY})`)
    .option('--token <token>', 'bearer token (default: $LLMOPS_TOKEN)')
    .option('--json', 'print one JSON document on stdout instead of tables');
}

/**
 * Wraps a command body: builds the client from the options, prints any error as one
 * `error: <CODE>: <message>` line on stderr and records the exit code of its kind. The body may
 * return an exit code of its own (e.g. a batch job that failed).
 */
export function remoteAction<O extends object = object>(
  runtime: CliRuntime,
  body: (ctx: CommandContext, args: string[], options: O & RemoteOptions) => Promise<number | void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = command.opts<O & RemoteOptions>();
    const positional = args.slice(0, -2) as string[];
    const json = options.json === true;
    const ctx: CommandContext = {
      client: platformClientOf(options, runtime.env),
      json,
      runtime,
      print: (value, human) => {
        runtime.stdout.write(`${json ? JSON.stringify(value, null, 2) : human()}\n`);
      },
      note: (text) => {
        runtime.stderr.write(`${text}\n`);
      },
    };
    try {
      runtime.exit((await body(ctx, positional, options)) ?? EXIT.OK);
    } catch (error) {
      runtime.stderr.write(`${errorLine(error)}\n`);
      runtime.exit(exitCodeOf(error));
    }
  };
}
