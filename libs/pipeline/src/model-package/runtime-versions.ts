import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RuntimeVersions } from './mlmodel';

/** The pipeline library's version, recorded in every package. */
export const PIPELINE_VERSION = '0.1.0';

/** Version of an installed package, found from its resolved entry point (exports maps hide package.json). */
function installedVersion(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 6; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // not this level
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

export function runtimeVersions(): RuntimeVersions {
  return {
    node: process.versions.node,
    '@huggingface/transformers': installedVersion('@huggingface/transformers'),
    'onnxruntime-node': installedVersion('onnxruntime-node'),
    '@llmops/pipeline': PIPELINE_VERSION,
  };
}
