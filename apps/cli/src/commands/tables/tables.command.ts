import { Command } from 'commander';
import type { TableEntryView, TableView } from '@llmops/contract';
import { formatFields, formatTable, formatTime } from '../../output/table';
import { CliRuntime, commandGroup, processRuntime, remoteAction, remoteOptions } from '../remote-command';
import { positiveInt } from '../runs/runs.command';

export function formatTables(tables: TableEntryView[]): string {
  if (tables.length === 0) return '(no tables)';
  return formatTable(
    ['NAME', 'CREATED BY', 'CREATED'],
    tables.map((t) => [t.name, t.createdBy, formatTime(t.createdAt)]),
  );
}

export function formatTableView(t: TableView): string {
  return formatFields([
    ['name', t.name],
    ['location', t.location],
    ['version', t.version],
    ['rows', t.numRows],
    ['files', t.numFiles],
    ['columns', t.columns.map((c) => `${c.name}:${c.type}`).join(', ')],
    ['partitioned_by', t.partitionColumns.join(', ')],
    ['created_by', t.createdBy],
    ['created', formatTime(t.createdAt)],
  ]);
}

/** `llmops tables list|show`: the Delta tables batch jobs write. */
export function registerTablesCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const group = commandGroup(program, 'tables', 'Delta tables written by batch jobs', runtime);
  remoteOptions(group.command('list').description('Tables you may read'))
    .option('--limit <n>', 'at most n tables', positiveInt)
    .action(
      remoteAction<{ limit?: number }>(runtime, async (ctx, _args, opts) => {
        const tables = await ctx.client.listTables(opts);
        ctx.print({ tables }, () => formatTables(tables));
      }),
    );
  remoteOptions(group.command('show').description('A table: location, version, schema, rows (from its log)'))
    .argument('<name>')
    .action(
      remoteAction(runtime, async (ctx, [name]) => {
        const table = await ctx.client.getTable(name);
        ctx.print({ table }, () => formatTableView(table));
      }),
    );
  return group;
}
