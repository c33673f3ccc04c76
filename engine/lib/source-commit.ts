import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/**
 * The git commit ESDH runs from, when it runs from a git checkout (null for an
 * installed package): until a version is published, the way to get the exact
 * code that made a snapshot. Read from .git without spawning git.
 * @example
 * sourceCommit(); // → 'dfcc512…' in a checkout, null under node_modules
 */
export function sourceCommit(): string | null {
  const git = join(packageRoot(), '.git');
  try {
    if (!existsSync(join(git, 'HEAD'))) return null;
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    if (existsSync(join(git, ref))) return readFileSync(join(git, ref), 'utf8').trim();
    const packed = existsSync(join(git, 'packed-refs')) ? readFileSync(join(git, 'packed-refs'), 'utf8') : '';
    return packed.split('\n').find((line) => line.endsWith(` ${ref}`))?.slice(0, 40) ?? null;
  } catch {
    return null;
  }
}
