import { Command, InvalidArgumentError } from 'commander';
import { InvalidParameterError } from '@llmops/contract';
import { PlatformClient, SummarizeResultJson } from '../../client/platform-client';
import { CliRuntime, commandGroup, processRuntime, remoteAction, remoteOptions } from '../remote-command';

export const DEFAULT_SUMMARIZE_MODEL = 'models:/news-summarizer/Production';

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** One article through the platform's inference service (the model by URI, as the registry has it). */
export async function summarizeText(
  client: PlatformClient,
  article: string,
  modelUri: string,
  settings?: Record<string, unknown>,
): Promise<SummarizeResultJson & { model_uri: string }> {
  if (article.trim() === '') throw new InvalidParameterError('No article on stdin: pipe one article in');
  const answer = await client.summarize(modelUri, [article.trim()], settings);
  const result = answer.results?.[0];
  if (!result) throw new InvalidParameterError('The platform answered no summary');
  return { model_uri: modelUri, ...result };
}

function settingsJson(value: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidArgumentError('must be a JSON object, e.g. \'{"maxNewTokens": 60}\'');
}

/**
 * `llmops summarize-text`: ONE article from stdin, its summary on stdout, through a running
 * platform. (`llmops summarize FILE` stays the offline, file-based command.)
 */
export function registerSummarizeTextCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const command = commandGroup(
    program,
    'summarize-text',
    'Summarize one article read from stdin with a model of the running platform',
    runtime,
  );
  return remoteOptions(command)
    .option('-m, --model <uri>', 'model URI (models:/..., runs:/... or "extractive")', DEFAULT_SUMMARIZE_MODEL)
    .option('-s, --settings <json>', 'generation settings, e.g. \'{"maxNewTokens": 60}\'', settingsJson)
    .action(
      remoteAction<{ model: string; settings?: Record<string, unknown> }>(runtime, async (ctx, _args, opts) => {
        const article = await readAll(runtime.stdin);
        const result = await summarizeText(ctx.client, article, opts.model, opts.settings);
        ctx.print(result, () => result.summary);
      }),
    );
}
