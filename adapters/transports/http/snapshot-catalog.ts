import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { type Engine, esdhError, type SnapshotManifest } from '../../../engine/index.js';

/** The id of the governed snapshot (config output.snapshot_dir/<dataset_version>). */
export const GOVERNED_ID = 'governed';

/** A snapshot the studio can open: GET /snapshots lists these. */
export interface SnapshotEntry {
  /** `governed`, or the run folder's name inside the runs folder. */
  readonly id: string;
  readonly path: string;
  readonly profile: string;
  readonly dataset_version: string;
  /** Units of the run (persons, or accounts in the book). */
  readonly records: number;
  readonly record_counts: Readonly<Record<string, number>>;
  readonly formats: readonly string[];
  /** The run's wall-clock time (manifest run.generated_at). */
  readonly created: string;
  readonly seed: number;
  readonly as_of: string;
}

/** A run folder name: letters, digits, `_`, `.`, `-`, not starting with a dot (so never `..`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/** The config's runs folder and governed snapshot, absolute. */
export function snapshotRoots(engine: Engine): { runsDir: string; governedDir: string } {
  const { baseDir, output, dataset_version } = engine.config;
  return { runsDir: resolve(baseDir, output.runs_dir), governedDir: resolve(baseDir, output.snapshot_dir, dataset_version) };
}

/**
 * Every snapshot the studio may open: the governed one (when written) and each
 * folder of the runs folder with a manifest, newest first. A folder (or link)
 * resolving outside the runs folder is left out, so an id can never reach
 * anything else on disk.
 */
export function listSnapshots(engine: Engine): SnapshotEntry[] {
  const { runsDir, governedDir } = snapshotRoots(engine);
  const entries: SnapshotEntry[] = [];
  const governed = entryOf(GOVERNED_ID, governedDir);
  if (governed) entries.push(governed);
  let names: string[] = [];
  try {
    names = readdirSync(runsDir);
  } catch {
    names = [];
  }
  let realRuns: string;
  try {
    realRuns = realpathSync(runsDir);
  } catch {
    return entries;
  }
  const runs: SnapshotEntry[] = [];
  for (const name of names) {
    if (!ID.test(name) || name === GOVERNED_ID) continue;
    const path = join(runsDir, name);
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      continue;
    }
    if (!inside(realRuns, real)) continue;
    const entry = entryOf(name, path);
    if (entry) runs.push(entry);
  }
  runs.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? -1 : 1));
  return [...entries, ...runs];
}

/**
 * The folder of snapshot `id`: `governed` or a name GET /snapshots lists;
 * anything else (a path, `..`, a link out of the runs folder, a folder without
 * a manifest) → ESDH_ERR_SNAPSHOT_NOT_FOUND (404).
 */
export function snapshotById(engine: Engine, id: string): SnapshotEntry {
  const known = listSnapshots(engine);
  const found = ID.test(id) ? known.find((e) => e.id === id) : undefined;
  if (!found) throw esdhError('ESDH_ERR_SNAPSHOT_NOT_FOUND', id.slice(0, 120), engine.config.output.runs_dir, known.map((e) => e.id).join(', ') || '(none yet: esdh run writes one)');
  return found;
}

/** The summary of the snapshot in `dir`, or undefined when it has no readable manifest. */
function entryOf(id: string, dir: string): SnapshotEntry | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    const file = readdirSync(dir).find((f) => /^snapshot_manifest_[A-Za-z0-9_]+\.json$/.test(f));
    if (!file) return undefined;
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SnapshotManifest;
    if (typeof manifest !== 'object' || manifest === null || typeof manifest.record_counts !== 'object') return undefined;
    return {
      id,
      path: dir,
      profile: String(manifest.profile ?? ''),
      dataset_version: String(manifest.dataset_version ?? ''),
      records: Number(manifest.units ?? 0),
      record_counts: manifest.record_counts,
      formats: Array.isArray(manifest.formats) ? manifest.formats : [],
      created: String(manifest.run?.generated_at ?? manifest.generated_at ?? ''),
      seed: Number(manifest.seed),
      as_of: String(manifest.as_of ?? ''),
    };
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}
