import { fileURLToPath } from 'node:url';
import { InvalidParameterError } from '@llmops/contract';
import { DatasetRow, loadJsonlDataset } from '@llmops/pipeline';
import { EvaluationDatasets } from '../ports/evaluation.ports';

/** JSONL held-out sets on the registry's file system (a path or a file:// URI). */
export class LocalEvaluationDatasets extends EvaluationDatasets {
  async read(location: string): Promise<DatasetRow[]> {
    let path = location;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
      if (!location.startsWith('file://')) {
        throw new InvalidParameterError(`Unsupported dataset location '${location}': expected a path or a file:// URI`);
      }
      path = fileURLToPath(location);
    }
    return loadJsonlDataset(path);
  }
}
