import { SingleBar } from 'cli-progress';

/**
 * What the walkthrough tells the person running it. Human lines go to stdout; progress bars go to
 * stderr and only on a terminal, so `--json` keeps stdout clean for its last-line JSON object.
 */
export interface Reporter {
  stage(title: string): void;
  info(line: string): void;
  warn(line: string): void;
  progress(label: string, total: number): Progress;
}

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export class ConsoleReporter implements Reporter {
  constructor(
    private readonly out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
    private readonly barsEnabled: boolean = Boolean(process.stderr.isTTY),
  ) {}

  stage(title: string): void {
    this.out('');
    this.out(`== ${title} ==`);
  }

  info(line: string): void {
    this.out(`  ${line}`);
  }

  warn(line: string): void {
    this.out(`  ! ${line}`);
  }

  progress(label: string, total: number): Progress {
    if (!this.barsEnabled || total <= 1) {
      return { update: () => undefined, stop: () => undefined };
    }
    const bar = new SingleBar({
      format: `  ${label} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
}

/** For `--json`: human lines go to stderr so that stdout carries only the final JSON object. */
export function jsonModeReporter(): Reporter {
  return new ConsoleReporter((line) => process.stderr.write(line + '\n'), Boolean(process.stderr.isTTY));
}

export function formatTable(rows: Array<Record<string, string | number>>): string[] {
  if (rows.length === 0) return [];
  const headers = Object.keys(rows[0]);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    line(headers),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(headers.map((h) => String(r[h] ?? '')))),
  ];
}
