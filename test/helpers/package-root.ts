/** The package root for tests (compiled into dist/test): the engine's own finder, plus a JSON reader. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../engine/lib/package-root.js';

export { packageRoot };

/** Parses a JSON file given by its path relative to the package root. */
export function readPackageJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(packageRoot(), relativePath), 'utf8')) as T;
}
