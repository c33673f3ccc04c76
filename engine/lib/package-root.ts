import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esdhError } from '../contracts/errors.js';

let cached: string | undefined;

/**
 * The folder holding ESDH's own package.json (works from source, dist/ and node_modules).
 * @example
 * join(packageRoot(), 'schemas'); // → '/…/node_modules/esdh/schemas'
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const parent = dirname(dir);
    if (parent === dir) throw esdhError('ESDH_ERR_PACKAGE_INCOMPLETE', fileURLToPath(import.meta.url));
    dir = parent;
  }
  return (cached = dir);
}
