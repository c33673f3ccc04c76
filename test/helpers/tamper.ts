/** Changing a snapshot on purpose, to prove that verify notices. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from './snapshot-files.js';

/**
 * Rewrite the JSON record on line `line` (1-based) of an NDJSON file and,
 * unless `keepManifest`, fix the manifest's bytes and sha256 so only the
 * record-level rules can catch the change.
 */
export function tamperNdjsonRecord(dir: string, file: string, line: number, mutate: (record: Record<string, unknown>) => void, keepManifest = false): void {
  const path = join(dir, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const record = JSON.parse(lines[line - 1]!) as Record<string, unknown>;
  mutate(record);
  lines[line - 1] = JSON.stringify(record);
  writeFileSync(path, lines.join('\n'));
  if (!keepManifest) rehash(dir, file);
}

/** Make the manifest agree with a file's current bytes. */
export function rehash(dir: string, file: string): void {
  const manifestName = readdirSync(dir).find((n) => /^snapshot_manifest_.*\.json$/.test(n))!;
  const manifestPath = join(dir, manifestName);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const artifact = manifest.artifacts.find((a: { file: string }) => a.file === file);
  artifact.bytes = readFileSync(join(dir, file)).length;
  artifact.sha256 = sha256File(join(dir, file));
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
}

/** The folder's manifest file name. */
function manifestNameIn(dir: string): string {
  return readdirSync(dir).find((n) => /^snapshot_manifest_.*\.json$/.test(n))!;
}

/**
 * Rewrite a listed file's text and make the manifest agree with its new
 * bytes, so only checks beyond the checksums can catch the change.
 * @example editFile(dir, 'vehicles_v0_1.csv', (text) => text.replace(vin, other));
 */
export function editFile(dir: string, file: string, edit: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`editFile: the edit changed nothing in ${file}`);
  writeFileSync(path, after);
  rehash(dir, file);
}

/** The manifest as tests break it: any field, any type (that is the point). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseManifest = Record<string, any>;

/** Change the parsed manifest in place and write it back (as esdh writes it: 2-space JSON and a line end). */
export function editManifest(dir: string, edit: (manifest: LooseManifest) => void): void {
  const path = join(dir, manifestNameIn(dir));
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Replace `from` by `to` in every file of the folder (the manifest and the
 * README included), then recompute every checksum: a consistent forgery.
 */
export function replaceEverywhere(dir: string, from: string, to: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const text = readFileSync(path, 'utf8');
    if (text.includes(from)) writeFileSync(path, text.split(from).join(to));
  }
  const manifest = JSON.parse(readFileSync(join(dir, manifestNameIn(dir)), 'utf8'));
  for (const artifact of manifest.artifacts) rehash(dir, artifact.file);
}
