import { DeltaLogCorruptedError } from '../errors';
import { AddAction, DeltaAction, MetadataAction, ProtocolAction, RemoveAction, TxnAction } from '../log/actions';
import { parquetReader, parquetWriter, ParquetSchemaElement, toArrayBuffer } from '../parquet/parquet-modules';
import { DeltaSnapshot } from '../snapshot/snapshot';

/*
 * A classic V1 checkpoint (protocol "Checkpoints" / "Checkpoint Schema"): one Parquet file, one
 * column per action kind, each an optional struct; every row holds exactly one action and nulls
 * in the other columns. Maps are Parquet MAP groups (key_value: required key, optional value),
 * arrays are 3-level LIST groups, as Spark writes them.
 */

type Leaf = 'string' | 'long' | 'int' | 'boolean';
type Field = { name: string; type: Leaf | 'map' | 'list' | { struct: Field[] } };

const stringMap = (name: string): Field => ({ name, type: 'map' });

const CHECKPOINT_FIELDS: Field[] = [
  {
    name: 'txn',
    type: {
      struct: [
        { name: 'appId', type: 'string' },
        { name: 'version', type: 'long' },
        { name: 'lastUpdated', type: 'long' },
      ],
    },
  },
  {
    name: 'add',
    type: {
      struct: [
        { name: 'path', type: 'string' },
        stringMap('partitionValues'),
        { name: 'size', type: 'long' },
        { name: 'modificationTime', type: 'long' },
        { name: 'dataChange', type: 'boolean' },
        { name: 'stats', type: 'string' },
        stringMap('tags'),
      ],
    },
  },
  {
    name: 'remove',
    type: {
      struct: [
        { name: 'path', type: 'string' },
        { name: 'deletionTimestamp', type: 'long' },
        { name: 'dataChange', type: 'boolean' },
        { name: 'extendedFileMetadata', type: 'boolean' },
        stringMap('partitionValues'),
        { name: 'size', type: 'long' },
      ],
    },
  },
  {
    name: 'metaData',
    type: {
      struct: [
        { name: 'id', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'description', type: 'string' },
        { name: 'format', type: { struct: [{ name: 'provider', type: 'string' }, stringMap('options')] } },
        { name: 'schemaString', type: 'string' },
        { name: 'partitionColumns', type: 'list' },
        stringMap('configuration'),
        { name: 'createdTime', type: 'long' },
      ],
    },
  },
  {
    name: 'protocol',
    type: {
      struct: [
        { name: 'minReaderVersion', type: 'int' },
        { name: 'minWriterVersion', type: 'int' },
      ],
    },
  },
];

const STRING: Pick<ParquetSchemaElement, 'type' | 'converted_type' | 'logical_type'> = {
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
};

function schemaElements(field: Field): ParquetSchemaElement[] {
  const { name, type } = field;
  if (type === 'string') return [{ name, ...STRING, repetition_type: 'OPTIONAL' }];
  if (type === 'long') return [{ name, type: 'INT64', repetition_type: 'OPTIONAL' }];
  if (type === 'int') return [{ name, type: 'INT32', repetition_type: 'OPTIONAL' }];
  if (type === 'boolean') return [{ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' }];
  if (type === 'map') {
    return [
      { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'MAP', logical_type: { type: 'MAP' } },
      { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
      { name: 'key', ...STRING, repetition_type: 'REQUIRED' },
      { name: 'value', ...STRING, repetition_type: 'OPTIONAL' },
    ];
  }
  if (type === 'list') {
    return [
      { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', ...STRING, repetition_type: 'OPTIONAL' },
    ];
  }
  return [
    { name, repetition_type: 'OPTIONAL', num_children: type.struct.length },
    ...type.struct.flatMap(schemaElements),
  ];
}

export function checkpointSchema(): ParquetSchemaElement[] {
  return [
    { name: 'spark_schema', num_children: CHECKPOINT_FIELDS.length },
    ...CHECKPOINT_FIELDS.flatMap(schemaElements),
  ];
}

/** Converts an action object to the checkpoint row shape: longs as bigint, absent fields as null. */
function toRowValue(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const { type } = field;
  if (type === 'long') return BigInt(value as number);
  if (type === 'map') {
    return Object.entries(value as Record<string, string | null>).map(([key, v]) => ({ key, value: v ?? null }));
  }
  if (type === 'list') return [...(value as string[])];
  if (typeof type === 'object') {
    const out: Record<string, unknown> = {};
    for (const child of type.struct)
      out[child.name] = toRowValue(child, (value as Record<string, unknown>)[child.name]);
    return out;
  }
  return value;
}

/** The actions a checkpoint of this snapshot holds (protocol, metaData, txns, adds, tombstones). */
export function checkpointActions(snapshot: DeltaSnapshot): DeltaAction[] {
  return [
    { protocol: snapshot.protocol },
    { metaData: snapshot.metadata },
    ...Object.values(snapshot.transactions).map((txn) => ({ txn })),
    // In a checkpoint, adds describe state, not a change (protocol: dataChange false).
    ...snapshot.files.map((add) => ({ add: { ...add, dataChange: false } })),
    ...snapshot.tombstones.map((remove) => ({ remove: { ...remove, dataChange: false } })),
  ];
}

export async function encodeCheckpoint(actions: readonly DeltaAction[]): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await parquetWriter();
  const columnData = CHECKPOINT_FIELDS.map((field) => ({
    name: field.name,
    data: actions.map((action) => toRowValue(field, (action as Record<string, unknown>)[field.name])),
  }));
  const buffer = parquetWriteBuffer({
    schema: checkpointSchema(),
    columnData,
    codec: 'SNAPPY',
    rowGroupSize: 100_000,
    createdBy: 'llmops-delta',
  });
  return new Uint8Array(buffer);
}

/* ---------- reading ---------- */

function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'bigint' ? Number(value) : (value as number);
}

/** hyparquet returns MAP columns as plain objects; accept {key,value}[] too, for other writers. */
function stringMapOf(value: unknown): Record<string, string | null> | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((e: { key: string; value: string | null } | [string, string | null]) =>
        Array.isArray(e) ? e : [e.key, e.value ?? null],
      ),
    );
  }
  if (Object.prototype.toString.call(value) === '[object Map]') {
    return Object.fromEntries(value as Map<string, string | null>);
  }
  return { ...(value as Record<string, string | null>) };
}

function dropNulls<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null && v !== undefined)) as T;
}

type Row = Record<string, Record<string, unknown> | null | undefined>;

function actionOf(row: Row): DeltaAction | null {
  if (row.add) {
    const a = row.add;
    const add: AddAction = dropNulls({
      path: a.path as string,
      partitionValues: stringMapOf(a.partitionValues) ?? {},
      size: num(a.size) ?? 0,
      modificationTime: num(a.modificationTime) ?? 0,
      dataChange: Boolean(a.dataChange),
      stats: (a.stats as string | undefined) ?? undefined,
      tags: (stringMapOf(a.tags) as Record<string, string> | null) ?? undefined,
    });
    return { add };
  }
  if (row.remove) {
    const r = row.remove;
    const remove: RemoveAction = dropNulls({
      path: r.path as string,
      deletionTimestamp: num(r.deletionTimestamp),
      dataChange: Boolean(r.dataChange),
      extendedFileMetadata: (r.extendedFileMetadata as boolean | null) ?? null,
      partitionValues: stringMapOf(r.partitionValues),
      size: num(r.size),
    });
    return { remove };
  }
  if (row.txn) {
    const t = row.txn;
    const txn: TxnAction = dropNulls({
      appId: t.appId as string,
      version: num(t.version) ?? 0,
      lastUpdated: num(t.lastUpdated),
    });
    return { txn };
  }
  if (row.metaData) {
    const m = row.metaData;
    const format = (m.format as Record<string, unknown> | null) ?? {};
    const metaData: MetadataAction = dropNulls({
      id: m.id as string,
      name: (m.name as string | null) ?? null,
      description: (m.description as string | null) ?? null,
      format: {
        provider: (format.provider as string) ?? 'parquet',
        options: (stringMapOf(format.options) ?? {}) as Record<string, string>,
      },
      schemaString: m.schemaString as string,
      partitionColumns: ((m.partitionColumns as (string | null)[] | null) ?? []).filter((c): c is string => c !== null),
      configuration: (stringMapOf(m.configuration) ?? {}) as Record<string, string>,
      createdTime: num(m.createdTime),
    });
    return { metaData };
  }
  if (row.protocol) {
    const p = row.protocol;
    const protocol: ProtocolAction = dropNulls({
      minReaderVersion: num(p.minReaderVersion) ?? 1,
      minWriterVersion: num(p.minWriterVersion) ?? 2,
      readerFeatures: (p.readerFeatures as string[] | null) ?? undefined,
      writerFeatures: (p.writerFeatures as string[] | null) ?? undefined,
    }) as ProtocolAction;
    return { protocol };
  }
  return null;
}

/** Reads a classic checkpoint back into actions (rows with no known action are skipped). */
export async function decodeCheckpoint(bytes: Uint8Array, file: string): Promise<DeltaAction[]> {
  const { parquetReadObjects, parquetMetadata } = await parquetReader();
  const buffer = toArrayBuffer(bytes);
  let rows: Row[];
  try {
    const present = new Set(parquetMetadata(buffer).schema.map((e) => e.name));
    const columns = ['txn', 'add', 'remove', 'metaData', 'protocol'].filter((c) => present.has(c));
    rows = (await parquetReadObjects({ file: buffer, columns })) as Row[];
  } catch (cause) {
    throw new DeltaLogCorruptedError(`checkpoint ${file} is not a readable Parquet file`, file, { cause });
  }
  const actions: DeltaAction[] = [];
  for (const row of rows) {
    const action = actionOf(row);
    if (action) actions.push(action);
  }
  return actions;
}
