import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, type Stats } from 'node:fs';
import { mkdir, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { esdhError, EsdhError } from '../contracts/errors.js';
import { isAlive } from '../lib/process-alive.js';

/**
 * Temporary folders (and links) are built beside their target as
 * `.<name>.tmp-<pid>-<token>-<random>` and renamed into place. `<token>` is
 * random per process, so a name with this process's pid but another token was
 * left by an earlier process that had the same pid. Folders of the older
 * `.<name>.tmp-<pid>-<8 hex>` form are recognised too.
 */
const TEMP_NAME = /^\.(.+)\.tmp-(\d+)-([0-9a-f]{8})(?:-[0-9a-f]+)?$/;
const PROCESS_TOKEN = randomBytes(4).toString('hex');

/**
 * How long a temporary folder whose process is gone must have been quiet
 * (nothing in it changed) before it is removed. The pid check alone cannot see
 * a run in another PID namespace or on another host sharing the folder (two CI
 * containers on one checkout); a live run writes every second or so.
 */
export const TEMP_GRACE_MS = 60_000;

/** A temporary folder (or link) left beside a snapshot folder, as `findTempFolders` sees it. */
export interface TempFolder {
  readonly path: string;
  /** The process that made it. */
  readonly pid: number;
  /** Bytes in it (0 for a link). */
  readonly bytes: number;
  /** Milliseconds since anything in it last changed. */
  readonly quietMs: number;
  /**
   * `live`: its process still runs (never removed); `settling`: its process is
   * gone but it changed less than TEMP_GRACE_MS ago (kept for now); `stale`: safe to remove.
   */
  readonly state: 'live' | 'settling' | 'stale';
}

/**
 * A fresh temporary path beside `target` (same folder, so a rename moves it
 * into place), named so that `findTempFolders` knows whose it is.
 * @example
 * tempPathFor('/data/runs/20251101_142233_baseline');
 * // → '/data/runs/.20251101_142233_baseline.tmp-4242-9f2c01ab-3e7d1a'
 */
export function tempPathFor(target: string): string {
  const absolute = resolve(target);
  const name = basename(absolute);
  const base = TEMP_NAME.exec(name)?.[1] ?? name;
  return join(dirname(absolute), `.${base}.tmp-${process.pid}-${PROCESS_TOKEN}-${randomBytes(3).toString('hex')}`);
}

/**
 * The temporary folders and links in `parent` that esdh runs made, with
 * whether each may be removed. Folders with subfolders are not esdh's and are
 * never listed.
 * @example
 * findTempFolders('data/demo_runs');
 * // → [{ path: '…/.20251101_142233_baseline.tmp-4242-9f2c01ab', pid: 4242, bytes: 541065216, quietMs: 3600000, state: 'stale' }]
 */
export function findTempFolders(parent: string, now: number = Date.now()): TempFolder[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const found: TempFolder[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    if (!Number.isSafeInteger(pid) || pid < 1) continue;
    const path = join(parent, name);
    const contents = contentsOf(path);
    if (!contents) continue;
    const quietMs = Math.max(0, now - contents.changed);
    const live = pid === process.pid ? match[3] === PROCESS_TOKEN : isAlive(pid);
    found.push({ path, pid, bytes: contents.bytes, quietMs, state: live ? 'live' : quietMs < TEMP_GRACE_MS ? 'settling' : 'stale' });
  }
  return found;
}

/**
 * Remove the stale temporary folders in `parent` (see `findTempFolders`);
 * returns those removed. Best effort: a folder that cannot be removed is
 * skipped, never an error.
 * @example
 * const removed = await reclaimTempFolders('data/demo_runs');
 * // removed.length → 1 after a run there was killed with kill -9 a minute ago
 */
export async function reclaimTempFolders(parent: string): Promise<TempFolder[]> {
  const removed: TempFolder[] = [];
  for (const temp of findTempFolders(parent)) {
    if (temp.state !== 'stale') continue;
    try {
      if (lstatSync(temp.path).isSymbolicLink()) await unlink(temp.path);
      else await rm(temp.path, { recursive: true, force: true });
      removed.push(temp);
    } catch {
      // another process removed it first, or it is not ours to remove
    }
  }
  return removed;
}

/** Size and newest change of a flat temp folder (or a link); undefined when it is anything else. */
function contentsOf(path: string): { bytes: number; changed: number } | undefined {
  let stats: Stats;
  try {
    stats = lstatSync(path);
    if (stats.isSymbolicLink()) return { bytes: 0, changed: stats.mtimeMs };
    if (!stats.isDirectory()) return undefined;
    let bytes = 0;
    let changed = stats.mtimeMs;
    for (const entry of readdirSync(path)) {
      const inner = lstatSync(join(path, entry));
      if (inner.isDirectory()) return undefined;
      bytes += inner.size;
      changed = Math.max(changed, inner.mtimeMs);
    }
    return { bytes, changed };
  } catch {
    return undefined;
  }
}

/** What is at `path` without following a link: undefined when nothing. */
function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** ESDH_ERR_OUTPUT_IS_LINK or ESDH_ERR_OUTPUT_EXISTS when anything is at `target`, a dangling link included. */
function refuseExisting(target: string): void {
  let stats: Stats | undefined;
  try {
    stats = lstatOrUndefined(target);
  } catch (error) {
    throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', target, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  if (stats?.isSymbolicLink()) throw esdhError('ESDH_ERR_OUTPUT_IS_LINK', target);
  if (stats) throw esdhError('ESDH_ERR_OUTPUT_EXISTS', target);
}

/** Disk errors that say the output cannot be written wherever they happen. */
const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EROFS', 'EPERM', 'EMFILE', 'ENFILE', 'EIO']);

/** A file-system error of the output (disk full, a path that turned into a file, ...) as a coded error; undefined for any other error. */
function outputError(error: unknown, target: string, temp: string): EsdhError | undefined {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof e?.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  if (e.syscall === 'rename' && (e.code === 'EEXIST' || e.code === 'ENOTEMPTY' || e.code === 'ENOTDIR' || e.code === 'EISDIR')) return esdhError('ESDH_ERR_OUTPUT_EXISTS', target);
  const ours = [e.path, e.dest].some((p) => typeof p === 'string' && (resolve(p) === target || resolve(p).startsWith(temp)));
  return DISK_ERRORS.has(e.code) || ours ? esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', target, e.code) : undefined;
}

/**
 * Fill a new snapshot folder without ever leaving half of one: `fill` writes
 * into a temporary folder beside `out` (same file system), which is renamed to
 * `out` only when `fill` succeeds. On any failure `cleanUp` runs (close open
 * files), the temporary folder is removed, and disk errors become
 * ESDH_ERR_OUTPUT_UNWRITABLE. Temporary folders that killed runs left in the
 * same parent are removed first (`reclaimTempFolders`). Anything at `out`, a
 * dangling link included, is refused. Used by `esdh run` and `esdh merge`.
 */
export async function intoNewFolder<T>(out: string, fill: (temp: string) => Promise<T>, cleanUp: () => Promise<void> = async () => undefined): Promise<T> {
  const target = resolve(out);
  refuseExisting(target);
  const parent = dirname(target);
  const temp = tempPathFor(target);
  try {
    await mkdir(parent, { recursive: true });
    await reclaimTempFolders(parent);
    await mkdir(temp);
  } catch (error) {
    throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', target, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  try {
    const value = await fill(temp);
    refuseExisting(target);
    await rename(temp, target);
    return value;
  } catch (error) {
    await cleanUp().catch(() => undefined);
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof EsdhError) throw error;
    throw outputError(error, target, temp) ?? error;
  }
}

/** sha256 (hex) of a file, streamed in 1 MiB chunks. */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolvePromise(hash.digest('hex')))
      .on('error', reject);
  });
}

/** sha256 (hex) of a text as UTF-8. */
export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
