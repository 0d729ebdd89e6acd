import { InternalError } from '@llmops/contract';
import { LoadOptions } from '../summarizer/flavor-registry';
import { Summarizer } from '../summarizer/summarizer';
import { MLmodelDocument } from './mlmodel';

export interface SaveModelPackageOptions {
  /** Path of the model inside the run's artifacts (MLmodel `artifact_path`), e.g. `model`. */
  artifactPath: string;
  runId?: string;
  /** Articles for `input_example.json`; a short built-in news paragraph by default. */
  inputExample?: string[];
  /** Fixed uuid/time for reproducible packages (tests); random/now by default. */
  modelUuid?: string;
  now?: Date;
}

export interface LoadedModelPackage {
  summarizer: Summarizer;
  mlmodel: MLmodelDocument;
  dir: string;
}

export type { LoadOptions };

/** Writes the package (MLmodel, model files, input_example.json, requirements.txt) into `dir`. */
export async function saveModelPackage(
  _summarizer: Summarizer,
  _dir: string,
  _options: SaveModelPackageOptions,
): Promise<MLmodelDocument> {
  throw new InternalError('saveModelPackage: not implemented yet');
}

/** Reads and validates `dir/MLmodel` without loading the model. */
export async function readModelPackage(_dir: string): Promise<MLmodelDocument> {
  throw new InternalError('readModelPackage: not implemented yet');
}

/** Validates the package and rebuilds its summarizer; ModelLoadError says what is wrong. */
export async function loadModelPackage(_dir: string, _options: LoadOptions = {}): Promise<LoadedModelPackage> {
  throw new InternalError('loadModelPackage: not implemented yet');
}
