import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { rm, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The link to the newest run inside the runs folder (v0.1 contract). */
export const LATEST_LINK = 'latest_demo';

const RUN_FOLDER = /^\d{8}_\d{6}(?:_\d+)?_[A-Za-z0-9_.-]+$/;

/** `20251101_142233` from a date, in UTC. */
function runStamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 19).replace(/:/g, '')}`;
}

/** A new folder path `<runsDir>/<stamp>_<profile>`, suffixed when a run in the same second exists. */
export function newRunFolder(runsDir: string, profile: string, now: Date): string {
  const base = `${runStamp(now)}_${profile.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
  let candidate = join(runsDir, base);
  for (let n = 2; existsSync(candidate); n++) candidate = join(runsDir, `${runStamp(now)}_${n}_${profile}`);
  return candidate;
}

/** Run folders in the runs folder, oldest first. */
export function listRuns(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir).filter((name) => RUN_FOLDER.test(name) && lstatSync(join(runsDir, name)).isDirectory()).sort();
}

/** Point latest_demo at `runFolder` and keep only the `keep` newest runs; returns the removed ones. */
export async function publishRun(runsDir: string, runFolder: string, keep: number): Promise<string[]> {
  const link = join(runsDir, LATEST_LINK);
  if (isLink(link) || existsSync(link)) await unlink(link).catch(() => rm(link, { recursive: true, force: true }));
  await symlink(runFolder.split(/[\\/]/).pop()!, link, process.platform === 'win32' ? 'junction' : 'dir');
  const runs = listRuns(runsDir);
  const removed = runs.slice(0, Math.max(0, runs.length - keep));
  for (const name of removed) await rm(join(runsDir, name), { recursive: true, force: true });
  return removed;
}

/** Whether `path` is a symbolic link (false when absent). */
export function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
