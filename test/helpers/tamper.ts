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
