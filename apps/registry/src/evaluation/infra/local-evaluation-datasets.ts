import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidParameterError, LlmopsError, PermissionDeniedError } from '@llmops/contract';
import { DatasetRow, loadJsonlDataset } from '@llmops/pipeline';
import { EvaluationDatasets } from '../ports/evaluation.ports';

/**
 * JSONL held-out sets on the registry's file system (a path or a file:// URI). With a root
 * configured, only files under it are read. Parse errors name the line but never echo its text:
 * the path comes from an HTTP caller, and the file may not be a dataset at all.
 */
export class LocalEvaluationDatasets extends EvaluationDatasets {
  constructor(private readonly root: string | null = null) {
    super();
  }

  async read(location: string): Promise<DatasetRow[]> {
    let path = location;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
      if (!location.startsWith('file://')) {
        throw new InvalidParameterError(`Unsupported dataset location '${location}': expected a path or a file:// URI`);
      }
      path = fileURLToPath(location);
    }
    const absolute = resolve(this.root ?? '.', path);
    if (this.root !== null) {
      const inside = relative(resolve(this.root), absolute);
      if (inside.startsWith('..') || isAbsolute(inside)) {
        throw new PermissionDeniedError(`Dataset '${location}' is outside the evaluation dataset root`);
      }
    }
    try {
      return await loadJsonlDataset(absolute);
    } catch (error) {
      if (error instanceof InvalidParameterError) {
        // "<path>:<line>: <what>" without JSON.parse's quote of the offending text.
        throw new InvalidParameterError(error.message.replace(/: not valid JSON \(.*\)$/s, ': not valid JSON'));
      }
      if (error instanceof LlmopsError) throw error;
      throw new InvalidParameterError(`Dataset '${location}' cannot be read`);
    }
  }
}
