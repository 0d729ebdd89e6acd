import { stat } from 'node:fs/promises';
import { DatasetFormat, InvalidParameterError } from '@llmops/contract';
import { DatasetInspector, DatasetShape } from './dataset-inspector';
import { parquetShape, readAllRows } from '@llmops/pipeline';

export class LocalDatasetInspector extends DatasetInspector {
  async inspect(path: string, format: DatasetFormat): Promise<DatasetShape> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new InvalidParameterError(`dataset ${path} is not a readable file`);
    if (format === 'parquet') return parquetShape(path);
    const rows = await readAllRows(path, format);
    const columns = new Set<string>();
    for (const row of rows.slice(0, 100)) for (const key of Object.keys(row)) columns.add(key);
    return { rowCount: rows.length, columns: [...columns] };
  }
}
