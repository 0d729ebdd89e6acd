import { basename } from 'node:path';
import { Command } from 'commander';
import { DATASET_FORMATS, type BatchDatasetView, type DatasetFormat } from '@llmops/contract';
import { formatFields, formatTable, formatTime } from '../../output/table';
import { CliRuntime, commandGroup, processRuntime, remoteAction, remoteOptions } from '../remote-command';
import { positiveInt } from '../runs/runs.command';

export function formatDatasets(datasets: BatchDatasetView[]): string {
  if (datasets.length === 0) return '(no datasets)';
  return formatTable(
    ['NAME', 'FORMAT', 'ROWS', 'BYTES', 'UPLOADED BY', 'CREATED'],
    datasets.map((d) => [d.name, d.format, d.rows, d.sizeBytes, d.createdBy, formatTime(d.createdAt)]),
    { maxCellWidth: 60 },
  );
}

export function formatDataset(d: BatchDatasetView): string {
  return formatFields([
    ['name', d.name],
    ['format', d.format],
    ['rows', d.rows],
    ['columns', d.columns.join(', ')],
    ['bytes', d.sizeBytes],
    ['sha256', d.sha256],
    ['uploaded_by', d.createdBy],
    ['created', formatTime(d.createdAt)],
  ]);
}

function formatOption(value: string): DatasetFormat {
  if (!(DATASET_FORMATS as readonly string[]).includes(value)) {
    throw new Error(`expected one of ${DATASET_FORMATS.join(', ')}, got '${value}'`);
  }
  return value as DatasetFormat;
}

/** `llmops datasets upload|list|show|delete`: the data batch jobs read, on the server. */
export function registerDatasetsCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const group = commandGroup(program, 'datasets', 'Datasets for batch jobs, on the server', runtime);

  remoteOptions(group.command('upload').description('Upload a local JSONL, CSV or Parquet file as a dataset'))
    .argument('<file>')
    .option('--name <name>', 'dataset name on the server, e.g. news/prod.jsonl (default: the file name)')
    .option('--format <format>', 'jsonl | csv | parquet (default: from the name)', formatOption)
    .action(
      remoteAction<{ name?: string; format?: DatasetFormat }>(runtime, async (ctx, [file], opts) => {
        const answer = await ctx.client.uploadDataset(opts.name ?? basename(file), file, opts.format);
        ctx.print(answer, () => `${answer.created ? 'uploaded' : 'already there'}\n${formatDataset(answer.dataset)}`);
      }),
    );

  remoteOptions(group.command('list').description('Uploaded datasets you may read'))
    .option('--prefix <prefix>', 'only names starting with this')
    .option('--limit <n>', 'at most n datasets', positiveInt)
    .action(
      remoteAction<{ prefix?: string; limit?: number }>(runtime, async (ctx, _args, opts) => {
        const datasets = await ctx.client.listDatasets(opts);
        ctx.print({ datasets }, () => formatDatasets(datasets));
      }),
    );

  remoteOptions(group.command('show').description('A dataset: format, rows, columns, digest'))
    .argument('<name>')
    .action(
      remoteAction(runtime, async (ctx, [name]) => {
        const dataset = await ctx.client.getDataset(name);
        ctx.print({ dataset }, () => formatDataset(dataset));
      }),
    );

  remoteOptions(group.command('delete').description('Delete a dataset you manage'))
    .argument('<name>')
    .action(
      remoteAction(runtime, async (ctx, [name]) => {
        await ctx.client.deleteDataset(name);
        ctx.print({ deleted: name }, () => `deleted ${name}`);
      }),
    );
  return group;
}
