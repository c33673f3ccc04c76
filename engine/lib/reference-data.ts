import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdhError } from '../contracts/errors.js';

const MISSING = Symbol('missing');

/**
 * The one source of reference lists (names, ZIPs, the vehicle catalogue).
 * `get('vehicle.catalogue.makes')` reads data/reference/vehicle/catalogue.json
 * and walks into `makes`; anything missing fails with its dotted path.
 */
export class ReferenceData {
  /** Parsed files by path, and MISSING for a path no root has: each is looked for on disk once. */
  private readonly files = new Map<string, unknown>();

  constructor(private readonly roots: readonly string[]) {}

  /** The value at a dotted path; throws ESDH_ERR_DATA_MISSING when absent. */
  get<T = unknown>(path: string): T {
    const parts = path.split('.');
    // The longest prefix that names a file wins: vehicle.catalogue → vehicle/catalogue.json.
    for (let i = parts.length; i > 0; i--) {
      const file = this.load(parts.slice(0, i));
      if (file === undefined) continue;
      let value: unknown = file;
      for (const key of parts.slice(i)) {
        if (value === null || typeof value !== 'object' || !(key in (value as object))) throw esdhError('ESDH_ERR_DATA_MISSING', path);
        value = (value as Record<string, unknown>)[key];
      }
      return value as T;
    }
    throw esdhError('ESDH_ERR_DATA_MISSING', path);
  }

  private load(parts: string[]): unknown {
    const key = parts.join('/');
    const known = this.files.get(key);
    if (known !== undefined) return known === MISSING ? undefined : known;
    for (const root of this.roots) {
      const file = join(root, ...parts) + '.json';
      if (existsSync(file)) {
        const value = JSON.parse(readFileSync(file, 'utf8'));
        this.files.set(key, value);
        return value;
      }
    }
    // `get('vehicle.catalogue.makes')` asks for vehicle/catalogue/makes.json first: remember that it is not there.
    this.files.set(key, MISSING);
    return undefined;
  }
}
