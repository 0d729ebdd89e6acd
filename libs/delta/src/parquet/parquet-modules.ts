import vm from 'node:vm';

/**
 * hyparquet and hyparquet-writer are ES modules only. This workspace compiles to CommonJS, where
 * `import()` is rewritten to `require()` (which Jest refuses for ESM), so the import is compiled
 * at run time. It goes through Node's own loader in the main context
 * (USE_MAIN_CONTEXT_DEFAULT_LOADER): under Jest this bypasses Jest's experimental ESM registry,
 * which fails ("Provided module is not an instance of Module") once a second test file in the
 * same worker loads the same packages.
 */

/** A Parquet schema element, as hyparquet-writer takes it (the thrift SchemaElement). */
export interface ParquetSchemaElement {
  name: string;
  type?: 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY';
  repetition_type?: 'REQUIRED' | 'OPTIONAL' | 'REPEATED';
  num_children?: number;
  converted_type?: 'UTF8' | 'MAP' | 'MAP_KEY_VALUE' | 'LIST' | 'TIMESTAMP_MICROS' | 'TIMESTAMP_MILLIS';
  logical_type?:
    | { type: 'STRING' }
    | { type: 'MAP' }
    | { type: 'LIST' }
    | { type: 'TIMESTAMP'; isAdjustedToUTC: boolean; unit: 'MILLIS' | 'MICROS' | 'NANOS' };
}

export interface ParquetColumnData {
  name: string;
  data: unknown[];
}

export interface ParquetWriterModule {
  parquetWriteBuffer(options: {
    columnData: ParquetColumnData[];
    schema: ParquetSchemaElement[];
    codec?: 'SNAPPY' | 'UNCOMPRESSED';
    statistics?: boolean;
    rowGroupSize?: number | number[];
    createdBy?: string;
    kvMetadata?: { key: string; value?: string }[];
  }): ArrayBuffer;
}

export interface ParquetReaderModule {
  parquetReadObjects(options: {
    file: ArrayBuffer;
    columns?: string[];
    utf8?: boolean;
  }): Promise<Record<string, unknown>[]>;
  parquetMetadata(file: ArrayBuffer): {
    num_rows: bigint;
    schema: { name: string; type?: string; repetition_type?: string; num_children?: number }[];
  };
}

type Importer = (specifier: string) => Promise<unknown>;

function makeImporter(): Importer {
  const mainLoader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  // Only inside a vm sandbox (Jest): in plain Node a real import() needs no help, and the main
  // context loader option would print an ExperimentalWarning.
  const sandboxed = vm.runInThisContext('globalThis') !== globalThis;
  if (mainLoader && sandboxed) {
    const script = new vm.Script('(specifier) => import(specifier)', {
      importModuleDynamically: mainLoader as never,
    });
    return script.runInThisContext() as Importer;
  }
  return new Function('specifier', 'return import(specifier)') as Importer;
}

const dynamicImport = makeImporter();

let writerModule: Promise<ParquetWriterModule> | undefined;
let readerModule: Promise<ParquetReaderModule> | undefined;

export function parquetWriter(): Promise<ParquetWriterModule> {
  writerModule ??= dynamicImport('hyparquet-writer') as Promise<ParquetWriterModule>;
  return writerModule;
}

export function parquetReader(): Promise<ParquetReaderModule> {
  readerModule ??= dynamicImport('hyparquet') as Promise<ParquetReaderModule>;
  return readerModule;
}

/** An ArrayBuffer holding exactly these bytes (hyparquet reads ArrayBuffers, Node gives Buffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}
