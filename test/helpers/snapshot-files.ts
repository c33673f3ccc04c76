/** Reading a snapshot folder back: file hashes and the manifest. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SnapshotManifest } from '../../engine/index.js';

const MANIFEST = /^snapshot_manifest_.*\.json$/;

/** sha256 (hex) of a file's bytes. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every file of a snapshot folder except the manifest: file name → sha256. */
export function readSnapshotFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (!MANIFEST.test(name)) out[name] = sha256File(join(dir, name));
  }
  return out;
}

/** The folder's manifest (there must be exactly one). */
export function readManifest(dir: string): SnapshotManifest {
  const names = readdirSync(dir).filter((n) => MANIFEST.test(n));
  if (names.length !== 1) throw new Error(`expected one snapshot_manifest_*.json in ${dir}, found ${names.length}`);
  return JSON.parse(readFileSync(join(dir, names[0]!), 'utf8')) as SnapshotManifest;
}

/** The manifest without its `run` section (the wall-clock part). */
export function manifestWithoutRun(dir: string): Omit<SnapshotManifest, 'run'> {
  const { run: _run, ...rest } = readManifest(dir);
  return rest;
}
