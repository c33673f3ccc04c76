import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/**
 * The package version, recorded in manifests.
 * @example
 * ENGINE_VERSION; // → '0.2.0'
 */
export const ENGINE_VERSION: string = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
