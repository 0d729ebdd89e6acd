import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { InternalError } from '@llmops/contract';
import type { SummaryTimings } from '../summarizer/summarizer';

export interface ChildLoadRequest {
  /** An absolute directory or a Hugging Face id. */
  model: string;
  allowRemoteModels: boolean;
  cacheDir: string;
  revision: string;
  remoteHost?: string;
  dtype: 'fp32' | 'q8';
  intraOpThreads: number;
}

export interface ChildLoadResult {
  modelType: string | null;
  /** `task_specific_params.summarization.prefix` from config.json, when the model has one. */
  defaultPrefix: string | null;
}

export interface ChildGenerationSettings {
  taskPrefix: string;
  maxInputTokens: number;
  minNewTokens: number;
  maxNewTokens: number;
  numBeams: number;
  noRepeatNgramSize: number;
  /** Most articles per padded generation batch. */
  batchSize: number;
}

export interface ChildSummary {
  summary: string;
  tokensIn: number;
  tokensOut: number;
  truncated: boolean;
  latencyMs: number;
  timings?: SummaryTimings;
}

interface ChildReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string };
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** An error raised inside the model process, carried back by name and message. */
export class ModelProcessError extends Error {
  constructor(
    readonly childErrorName: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelProcessError';
  }
}

/** Ref/unref on the IPC channel (typed loosely by @types/node). */
type RefCountable = { ref?: () => void; unref?: () => void };

/**
 * Talks to `seq2seq.child.cjs`: one child process per loaded model, requests answered in order.
 * The child is unref'd while idle so that a forgotten `dispose()` does not keep the host alive.
 */
export class Seq2SeqProcessClient {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended: Error | null = null;

  constructor() {
    this.child = fork(join(__dirname, 'seq2seq.child.cjs'), [], {
      execArgv: [],
      env: { ...process.env, LLMOPS_TRANSFORMERS_PATH: require.resolve('@huggingface/transformers') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (msg: ChildReply) => this.onReply(msg));
    this.child.on('error', (error) => this.failAll(new InternalError(`Model process failed: ${error.message}`)));
    this.child.on('exit', (code, signal) =>
      this.failAll(new InternalError(`Model process exited (${signal ?? `code ${code}`})`)),
    );
    this.setRef(false);
  }

  load(request: ChildLoadRequest): Promise<ChildLoadResult> {
    return this.request({ type: 'load', ...request }) as Promise<ChildLoadResult>;
  }

  summarize(articles: string[], settings: ChildGenerationSettings): Promise<ChildSummary[]> {
    return this.request({ type: 'summarize', articles, settings }) as Promise<ChildSummary[]>;
  }

  /** Frees the ONNX sessions, then ends the process. */
  async close(): Promise<void> {
    if (!this.ended) {
      try {
        await this.request({ type: 'dispose' });
      } catch {
        // The process is ended below either way.
      }
    }
    await this.terminate();
  }

  /** Ends the process at once (a hung download, a timeout). Idempotent. */
  async terminate(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.ended ??= new InternalError('Model process was disposed');
    // Held while waiting for the exit: an unref'd child would let a host with nothing else to do
    // exit (code 0) in the middle of this await, before the caller's next step.
    this.setRef(true);
    this.child.kill('SIGKILL');
    await exited;
  }

  private request(message: Record<string, unknown>): Promise<unknown> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.setRef(true);
      this.child.send({ id, ...message }, (error) => {
        if (error) this.settle(id, () => reject(new InternalError(`Model process unreachable: ${error.message}`)));
      });
    });
  }

  private onReply(msg: ChildReply): void {
    const pending = this.pending.get(msg.id);
    if (!pending) return;
    this.settle(msg.id, () =>
      msg.ok
        ? pending.resolve(msg.result)
        : pending.reject(new ModelProcessError(msg.error?.name ?? 'Error', msg.error?.message ?? 'unknown error')),
    );
  }

  private settle(id: number, action: () => void): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.setRef(false);
    action();
  }

  private setRef(busy: boolean): void {
    const channel = this.child.channel as unknown as RefCountable | undefined;
    if (busy) {
      this.child.ref();
      channel?.ref?.();
    } else {
      this.child.unref();
      channel?.unref?.();
    }
  }

  private failAll(error: Error): void {
    this.ended ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.setRef(false);
  }
}
