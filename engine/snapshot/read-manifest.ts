import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdhError } from '../contracts/errors.js';
import type { SnapshotManifest } from '../contracts/manifest.js';

/** Read and parse the snapshot's manifest; ESDH_ERR_SNAPSHOT_UNREADABLE when absent or broken. */
export function readManifest(dir: string): { manifest: SnapshotManifest; file: string } {
  if (!existsSync(dir)) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, 'no such folder');
  const file = readdirSync(dir).find((f) => /^snapshot_manifest_.*\.json$/.test(f));
  if (!file) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, 'no snapshot_manifest_*.json in it (was it written by esdh run?)');
  try {
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SnapshotManifest;
    if (!Array.isArray(manifest.artifacts) || !Array.isArray(manifest.entities)) throw new Error('artifacts or entities missing');
    return { manifest, file };
  } catch (error) {
    throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, `${file} is not a valid manifest: ${(error as Error).message}`);
  }
}
