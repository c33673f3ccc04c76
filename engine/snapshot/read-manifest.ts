import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdhError } from '../contracts/errors.js';
import { isSyntheticMarker, SYNTHETIC_MARKER_RULE, type SnapshotManifest } from '../contracts/manifest.js';
import { packageRoot } from '../lib/package-root.js';
import { SchemaRegistry } from '../schema/schema-registry.js';

/** The id of the manifest's JSON Schema (schemas/snapshot-manifest.schema.json). */
export const MANIFEST_SCHEMA = 'snapshot-manifest';

const MANIFEST_NAME = /^snapshot_manifest_.*\.json$/;

/** A snapshot's manifest as read: parsed, its file name, and its exact bytes (what a signature signs). */
export interface ReadManifest {
  readonly manifest: SnapshotManifest;
  readonly file: string;
  readonly bytes: Buffer;
}

/** What checks a manifest's shape: the engine's registry (it holds every schema of schemas/), or one made here. */
type ManifestSchemas = Pick<SchemaRegistry, 'has' | 'check'>;

let own: SchemaRegistry | undefined;

function manifestSchemas(given: ManifestSchemas | undefined): ManifestSchemas {
  if (given?.has(MANIFEST_SCHEMA)) return given;
  own ??= new SchemaRegistry().add(MANIFEST_SCHEMA, JSON.parse(readFileSync(join(packageRoot(), 'schemas', `${MANIFEST_SCHEMA}.schema.json`), 'utf8')));
  return own;
}

/**
 * Read, parse and check the snapshot's manifest before anything trusts it:
 * ESDH_ERR_SNAPSHOT_UNREADABLE when the folder or the manifest is absent (or
 * there are two), ESDH_ERR_MANIFEST_INVALID when it is not JSON, does not
 * match schemas/snapshot-manifest.schema.json, or its marker does not say
 * the data is synthetic.
 */
export function readManifest(dir: string, schemas?: ManifestSchemas): ReadManifest {
  if (!existsSync(dir)) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, 'no such folder');
  const found = readdirSync(dir).filter((f) => MANIFEST_NAME.test(f)).sort();
  if (found.length === 0) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, 'no snapshot_manifest_*.json in it (was it written by esdh run?)');
  if (found.length > 1) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, `it has ${found.length} manifests (${found.join(', ')}); a snapshot has exactly one`);
  const file = found[0]!;
  const path = join(dir, file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw esdhError('ESDH_ERR_MANIFEST_INVALID', path, `it cannot be read as a file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw esdhError('ESDH_ERR_MANIFEST_INVALID', path, `it is not JSON (${(error as Error).message})`);
  }
  const violation = manifestSchemas(schemas).check(MANIFEST_SCHEMA, parsed);
  if (violation) throw esdhError('ESDH_ERR_MANIFEST_INVALID', path, `at ${violation.path}: ${violation.message} (schemas/${MANIFEST_SCHEMA}.schema.json)`);
  const manifest = parsed as SnapshotManifest;
  if (!isSyntheticMarker(manifest.synthetic_source)) {
    throw esdhError('ESDH_ERR_MANIFEST_INVALID', path, `its synthetic_source ${JSON.stringify(manifest.synthetic_source)} does not contain 'synthetic': ${SYNTHETIC_MARKER_RULE}`);
  }
  return { manifest, file, bytes };
}
