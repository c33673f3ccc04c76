import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { rename, rm, symlink, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { esdhError, EsdhError, tempPathFor } from '../../../engine/index.js';

/** The link to the newest run inside the runs folder (v0.1 contract). */
export const LATEST_LINK = 'latest_demo';

const RUN_FOLDER = /^\d{8}_\d{6}(?:_\d+)?_[A-Za-z0-9_.-]+$/;

/**
 * A run that finished less than this long ago is never pruned: another `esdh
 * run` in the same folder may have just published it and still be pointing
 * latest_demo at it or printing its path.
 */
export const FRESH_RUN_MS = 60_000;

/** The two file-system calls that make the latest_demo link (replaceable to test their failure). */
export interface LinkOps {
  symlink(target: string, path: string, type: 'dir' | 'junction'): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

const FS_LINK_OPS: LinkOps = { symlink, rename };

/** `20251101_142233` from a date, in UTC. */
function runStamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** The readable folder name of a run: `<stamp>_<profile>` (profile made file-name safe). */
export function runFolderName(profile: string, now: Date): string {
  return `${runStamp(now)}_${profile.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

/** Run folders in the runs folder, oldest first (by their timestamp, then by when they were finished). */
export function listRuns(runsDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return [];
  }
  const runs = names.flatMap((name) => {
    const stats = RUN_FOLDER.test(name) ? lstatOrUndefined(join(runsDir, name)) : undefined;
    return stats?.isDirectory() ? [{ name, finished: stats.mtimeMs }] : [];
  });
  runs.sort((a, b) => a.name.slice(0, 15).localeCompare(b.name.slice(0, 15)) || a.finished - b.finished || a.name.localeCompare(b.name));
  return runs.map((r) => r.name);
}

/** Refuse (ESDH_ERR_OUTPUT_LINK_BLOCKED) when latest_demo is a real folder or file: esdh replaces only its own link. */
export function checkLatestLink(runsDir: string): void {
  const link = join(runsDir, LATEST_LINK);
  const stats = lstatOrUndefined(link);
  if (stats && !stats.isSymbolicLink()) throw esdhError('ESDH_ERR_OUTPUT_LINK_BLOCKED', link, stats.isDirectory() ? 'a real folder' : 'a file');
}

/**
 * Move the finished snapshot `staged` (a temporary folder in `runsDir`) to its
 * readable name, `name` or, when that is taken, `name_2`, `name_3`... The
 * rename is the claim: of two runs that want one name, one rename succeeds and
 * the other finds the folder there (a non-empty folder is never replaced).
 */
export async function claimRunFolder(runsDir: string, staged: string, name: string): Promise<string> {
  for (let n = 1; n <= 1000; n++) {
    const target = join(runsDir, n === 1 ? name : `${name}_${n}`);
    if (lstatOrUndefined(target)) continue;
    try {
      await rename(staged, target);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'ENOTDIR' || code === 'EISDIR') continue;
      await rm(staged, { recursive: true, force: true }).catch(() => undefined);
      throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', target, code ?? (error as Error).message);
    }
  }
  await rm(staged, { recursive: true, force: true }).catch(() => undefined);
  throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', join(runsDir, name), 'the names up to _1000 are all taken');
}

/**
 * Point latest_demo at `runFolder` atomically: a new link under a temporary
 * name, renamed over the old one, so a reader never finds no link or half of
 * one. A real folder or file named latest_demo is refused, never deleted.
 */
export async function pointLatestAt(runsDir: string, runFolder: string, ops: LinkOps = FS_LINK_OPS): Promise<void> {
  checkLatestLink(runsDir);
  const link = join(runsDir, LATEST_LINK);
  const temp = tempPathFor(link);
  try {
    await ops.symlink(basename(runFolder), temp, process.platform === 'win32' ? 'junction' : 'dir');
    try {
      await ops.rename(temp, link);
    } catch (error) {
      // Windows cannot rename over an existing junction: replace it in two steps there.
      if (process.platform !== 'win32' || !lstatOrUndefined(link)?.isSymbolicLink()) throw error;
      await unlink(link);
      await ops.rename(temp, link);
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    checkLatestLink(runsDir);
    throw error;
  }
}

/** Where latest_demo points, if anywhere. */
function latestRun(runsDir: string): string | undefined {
  const link = join(runsDir, LATEST_LINK);
  try {
    return isLink(link) ? resolve(runsDir, readlinkSync(link)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keep the `keep` newest runs: removes older ones, but never the run
 * latest_demo points at nor one finished less than FRESH_RUN_MS ago (a
 * concurrent run's); runs still being written have hidden temporary names and
 * are not runs yet. Returns the names removed.
 */
export async function pruneRuns(runsDir: string, keep: number, now: number = Date.now()): Promise<string[]> {
  const runs = listRuns(runsDir);
  const latest = latestRun(runsDir);
  let excess = runs.length - keep;
  const removed: string[] = [];
  for (const name of runs) {
    if (excess <= 0) break;
    const path = join(runsDir, name);
    const stats = lstatOrUndefined(path);
    if (!stats || path === latest || now - stats.mtimeMs < FRESH_RUN_MS) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
    excess--;
  }
  return removed;
}

/**
 * Point latest_demo at the finished run `runFolder` and keep only the `keep`
 * newest runs (see `pruneRuns`); returns the removed ones. When the link
 * cannot be made, `runFolder` is removed again and the error says why: a run
 * is published whole or not at all.
 */
export async function publishRun(runsDir: string, runFolder: string, keep: number, ops: LinkOps = FS_LINK_OPS): Promise<string[]> {
  try {
    await pointLatestAt(runsDir, runFolder, ops);
  } catch (error) {
    await rm(runFolder, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof EsdhError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', runsDir, `${LATEST_LINK} could not be pointed at the new run (${code}), so the run was removed again`);
  }
  return pruneRuns(runsDir, keep);
}

/**
 * Publish a run written to the temporary folder `staged` in `runsDir`: claim
 * its readable name (`claimRunFolder`), then `publishRun`.
 */
export async function publishStagedRun(runsDir: string, staged: string, name: string, keep: number, ops: LinkOps = FS_LINK_OPS): Promise<{ dir: string; removed: string[] }> {
  const dir = await claimRunFolder(runsDir, staged, name);
  return { dir, removed: await publishRun(runsDir, dir, keep, ops) };
}


/** Whether `path` is a symbolic link (false when absent). */
export function isLink(path: string): boolean {
  return lstatOrUndefined(path)?.isSymbolicLink() ?? false;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
