/**
 * The one place that turns a snapshot folder and a file name from its
 * manifest into a path to read or write. A manifest is input like any other:
 * it may name `../outside.csv`, an absolute path, a FIFO (reading one blocks
 * for ever), a link to /dev/zero (endless) or a folder. Verify, merge and
 * open-snapshot call these instead of `join(dir, artifact.file)`.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { esdhError } from '../contracts/errors.js';

/** How snapshot manifests are named (as read-snapshot.ts finds them). */
const MANIFEST_NAME = /^snapshot_manifest_.*\.json$/;

/**
 * `dir` checked as a snapshot folder to read: it exists, is a folder (a link
 * to one is fine), and its `snapshot_manifest_*.json` is a regular file inside
 * it. Returns `dir` resolved; throws ESDH_ERR_SNAPSHOT_UNREADABLE.
 */
export function snapshotFolder(dir: string): string {
  const folder = resolve(dir);
  let stats: Stats;
  try {
    stats = statSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, code === 'ENOENT' ? 'no such folder' : `it cannot be read (${code ?? (error as Error).message})`);
  }
  if (!stats.isDirectory()) {
    throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, `it is ${kindOf(stats)}, not a folder: pass the snapshot folder (the one that holds snapshot_manifest_*.json)`);
  }
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, `it cannot be listed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  for (const name of names.filter((n) => MANIFEST_NAME.test(n))) {
    const problem = problemOf(folder, name);
    if (problem) throw esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', folder, `its manifest ${name} ${problem}`);
  }
  return folder;
}

/**
 * The absolute path of the file `file` a manifest lists in snapshot folder
 * `dir`, when it is safe to open: a relative name that stays inside the
 * folder once links are resolved, and a regular file. A name that does not
 * exist (yet) is returned as is, for the caller to report missing or to
 * create. Anything else throws ESDH_ERR_SNAPSHOT_FILE_UNSAFE.
 * @example
 * artifactPath('/data/snap', 'persons_v0_1.csv'); // → '/data/snap/persons_v0_1.csv'
 * artifactPath('/data/snap', '../outside.csv');   // throws ESDH_ERR_SNAPSHOT_FILE_UNSAFE
 */
export function artifactPath(dir: string, file: unknown): string {
  const folder = resolve(dir);
  if (typeof file !== 'string' || file === '' || file.includes('\0')) throw esdhError('ESDH_ERR_SNAPSHOT_FILE_UNSAFE', folder, String(file), 'is not a file name');
  const problem = problemOf(folder, file);
  if (problem) throw esdhError('ESDH_ERR_SNAPSHOT_FILE_UNSAFE', folder, file, problem);
  return join(folder, file);
}

/**
 * Whether `path` is `folder` or inside it, links resolved as far as the path
 * exists (for a path not yet created: its nearest existing parent).
 * @example
 * isInsideFolder('/tmp/s1/merged', '/tmp/s1'); // → true
 * isInsideFolder('/tmp/all', '/tmp/s1');       // → false
 */
export function isInsideFolder(path: string, folder: string): boolean {
  return within(realOrNearest(resolve(folder)), realOrNearest(resolve(path)), true);
}

/** Why `file` in `folder` is not safe to open, or undefined when it is (or does not exist). */
function problemOf(folder: string, file: string): string | undefined {
  if (isAbsolute(file)) return 'is an absolute path (a manifest lists files by their name in the snapshot folder)';
  const path = resolve(folder, file);
  if (!within(folder, path, false)) return 'is outside the snapshot folder';
  let root: string;
  try {
    root = realpathSync(folder);
  } catch (error) {
    return `cannot be checked (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot be checked (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    // Missing (or a link to nothing): fine to report missing or to create, if its parent is inside.
    if (isLink(path)) return 'is a symbolic link to nothing';
    return within(root, realOrNearest(path), false) ? undefined : 'is outside the snapshot folder (through a link)';
  }
  if (!within(root, real, false)) return `resolves to ${real}, outside the snapshot folder`;
  const stats = statSync(real);
  return stats.isFile() ? undefined : `is ${kindOf(stats)}, not a regular file`;
}

/** Whether `path` is inside `folder` (or equal to it, when `orSame`). */
function within(folder: string, path: string, orSame: boolean): boolean {
  const rel = relative(folder, path);
  if (rel === '') return orSame;
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** realpath of `path`, or of its nearest existing parent with the rest appended. */
function realOrNearest(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realOrNearest(parent), path.slice(parent.length));
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return stats.isFile() ? 'a file' : 'not a regular file';
}
