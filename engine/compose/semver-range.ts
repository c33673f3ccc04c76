/**
 * The few semver ranges a plugin's `engine` field needs: `^0.2.0`, `~1.4`,
 * `>=0.2.0 <1.0.0`, `1.x`, `*`, joined by `||`. No dependency: the npm
 * `semver` package is only a transitive install here, and this is 60 lines.
 * A range it cannot read is a value (`rangeProblem`), not an exception.
 */
import { esdhError } from '../contracts/errors.js';

type Version = readonly [number, number, number, string];
type Comparator = { readonly op: '>=' | '>' | '<' | '<=' | '='; readonly version: Version };

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?$/;

/** true when `version` (e.g. the engine's `0.2.0`) is inside `range`; throws on a range it cannot read. */
export function satisfiesRange(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) throw esdhError('ESDH_ERR_OPTION_INVALID', 'version', JSON.stringify(version), 'expected a semver version (e.g. 0.2.0)');
  const sets = parseRange(range);
  if (typeof sets === 'string') throw esdhError('ESDH_ERR_OPTION_INVALID', 'semver range', JSON.stringify(range), sets);
  return sets.some((set) => set.every((c) => holds(v, c)) && prereleaseAllowed(v, set));
}

/** Why `range` cannot be read, or null when it can. */
export function rangeProblem(range: string): string | null {
  const sets = parseRange(range);
  return typeof sets === 'string' ? sets : null;
}

/** The range's alternatives, each a list of comparators; or what is wrong with it. */
function parseRange(range: string): Comparator[][] | string {
  if (typeof range !== 'string' || range.trim() === '') return 'the range is empty (e.g. "^0.2.0")';
  const sets: Comparator[][] = [];
  for (const alternative of range.split('||')) {
    const parts = alternative.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
    if (parts.length === 0) return `'${range}' has an empty alternative`;
    const set: Comparator[] = [];
    for (const part of parts) {
      const found = comparators(part, range);
      if (typeof found === 'string') return found;
      set.push(...found);
    }
    sets.push(set);
  }
  return sets;
}

function comparators(part: string, range: string): Comparator[] | string {
  const match = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(part)!;
  const op = match[1] ?? '';
  const partial = PARTIAL.exec(match[2]!);
  if (!partial) return `'${range}' is not a semver range this engine understands (use e.g. "^0.2.0" or ">=0.2.0 <1.0.0")`;
  const wild = (s: string | undefined) => s === undefined || /^[xX*]$/.test(s);
  const [major, minor, patch] = [partial[1], partial[2], partial[3]].map((s) => (wild(s) ? undefined : Number(s)));
  const pre = partial[4] ?? '';
  if (major === undefined) return op === '<' || op === '>' ? [{ op: '<', version: [0, 0, 0, ''] }] : [];
  const low: Version = [major, minor ?? 0, patch ?? 0, pre];
  // Where an incomplete or caret/tilde range stops: the next version it does not include.
  const nextOf = (kind: 'major' | 'minor' | 'patch'): Version =>
    kind === 'major' ? [major + 1, 0, 0, ''] : kind === 'minor' ? [major, (minor ?? 0) + 1, 0, ''] : [major, minor ?? 0, (patch ?? 0) + 1, ''];
  const precision = minor === undefined ? 'major' : patch === undefined ? 'minor' : 'patch';
  switch (op) {
    case '^': {
      const upper = major > 0 || minor === undefined ? 'major' : minor > 0 || patch === undefined ? 'minor' : 'patch';
      return [{ op: '>=', version: low }, { op: '<', version: nextOf(upper) }];
    }
    case '~':
      return [{ op: '>=', version: low }, { op: '<', version: nextOf(minor === undefined ? 'major' : 'minor') }];
    case '>=':
      return [{ op: '>=', version: low }];
    case '>':
      return precision === 'patch' ? [{ op: '>', version: low }] : [{ op: '>=', version: nextOf(precision) }];
    case '<':
      return [{ op: '<', version: low }];
    case '<=':
      return precision === 'patch' ? [{ op: '<=', version: low }] : [{ op: '<', version: nextOf(precision) }];
    default:
      return precision === 'patch' ? [{ op: '=', version: low }] : [{ op: '>=', version: low }, { op: '<', version: nextOf(precision) }];
  }
}

function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''] : null;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  if (a[3] === b[3]) return 0;
  if (a[3] === '') return 1;
  if (b[3] === '') return -1;
  return comparePrerelease(a[3], b[3]);
}

function comparePrerelease(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    if (x[i] === y[i]) continue;
    const nx = /^\d+$/.test(x[i]!) ? Number(x[i]) : NaN;
    const ny = /^\d+$/.test(y[i]!) ? Number(y[i]) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx < ny ? -1 : 1;
    if (!Number.isNaN(nx)) return -1;
    if (!Number.isNaN(ny)) return 1;
    return x[i]! < y[i]! ? -1 : 1;
  }
  return 0;
}

function holds(v: Version, c: Comparator): boolean {
  const d = compare(v, c.version);
  return c.op === '>=' ? d >= 0 : c.op === '>' ? d > 0 : c.op === '<' ? d < 0 : c.op === '<=' ? d <= 0 : d === 0;
}

/** As npm does: a prerelease engine satisfies a range only if the range names a prerelease of the same x.y.z. */
function prereleaseAllowed(v: Version, set: readonly Comparator[]): boolean {
  if (v[3] === '') return true;
  return set.some((c) => c.version[3] !== '' && c.version[0] === v[0] && c.version[1] === v[1] && c.version[2] === v[2]);
}
