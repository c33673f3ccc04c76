/**
 * Driver-licence numbers from a state template (data/reference/address/states.json),
 * unique within a run: the unit index goes through a bijection onto the
 * template's space, so no two units of a run share a number while the run
 * has no more units than the smallest space among its states.
 *
 * Template alphabet: `L` = one letter A-Z, `#` = one digit 0-9, `*` = one
 * character of the WA set (A-Z and 0-9 without A, E, I, O, U, Q, V), `\` =
 * the next character is literal; any other character is copied literally.
 * WA's template is `WD\L*********` (JSON `"WD\\L*********"`): the `L` of the
 * `WDL` prefix is escaped so it is not read as a letter placeholder.
 */
import { hashString } from '../../engine/kit.js';

/** Letters A-Z, for the `L` placeholder. */
export const LICENCE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The WA set, for the `*` placeholder: A-Z and 0-9 without vowels, Q or V. */
export const WA_LICENCE_CHARS = 'BCDFGHJKLMNPRSTWXYZ0123456789';
const DIGITS = '0123456789';

/** A template read into the characters each position may hold (a literal: one character). */
export type LicenceShape = readonly string[];

/**
 * The characters of each position of `template`.
 * @example
 * licenceShape('WD\\L*#').length; // → 6 (W, D, L literal; then the WA set, then a digit)
 */
export function licenceShape(template: string): LicenceShape {
  const shape: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch === '\\') {
      if (i + 1 >= template.length) throw new RangeError(`template ends with an escape: ${JSON.stringify(template)}`);
      shape.push(template[++i]!);
    } else if (ch === 'L') shape.push(LICENCE_LETTERS);
    else if (ch === '#') shape.push(DIGITS);
    else if (ch === '*') shape.push(WA_LICENCE_CHARS);
    else shape.push(ch);
  }
  return shape;
}

/** How many numbers a shape can spell (exact up to 2^53; larger spaces are capped there). */
export function shapeSpace(shape: LicenceShape): number {
  let space = 1;
  for (const chars of shape) space = Math.min(space * chars.length, Number.MAX_SAFE_INTEGER);
  return space;
}

/** true when some string fits both shapes. */
function overlaps(a: LicenceShape, b: LicenceShape): boolean {
  return a.length === b.length && a.every((chars, i) => [...chars].some((ch) => b[i]!.includes(ch)));
}

/**
 * Shapes for the run's templates in which two different templates never
 * spell the same number: where two templates overlap (e.g. `L########` and a
 * literal-prefixed `H########`), the wider one gives up the shared
 * characters at a position where they differ. Identical templates keep one
 * shape, shared: their units are told apart by the unit index.
 * @returns the shape of each distinct template, by template text.
 */
export function disjointShapes(templates: readonly string[]): Map<string, LicenceShape> {
  const distinct = [...new Set(templates)];
  const shapes = distinct.map((t) => licenceShape(t).slice());
  for (let changed = true; changed;) {
    changed = false;
    for (let a = 0; a < shapes.length; a++) {
      for (let b = a + 1; b < shapes.length; b++) {
        const [sa, sb] = [shapes[a]!, shapes[b]!];
        if (sa.join('\u0000') === sb.join('\u0000') || !overlaps(sa, sb)) continue;
        const at = sa.findIndex((chars, i) => chars !== sb[i]);
        const [wide, narrow] = sa[at]!.length >= sb[at]!.length ? [sa, sb] : [sb, sa];
        const left = [...wide[at]!].filter((ch) => !narrow[at]!.includes(ch)).join('');
        if (left === '') throw new RangeError(`licence templates ${JSON.stringify(distinct[a])} and ${JSON.stringify(distinct[b])} spell the same numbers and cannot be told apart`);
        wide[at] = left;
        changed = true;
      }
    }
  }
  return new Map(distinct.map((t, i) => [t, shapes[i]!]));
}

/** A bijection from unit indices 0..space-1 onto a shape's numbers, keyed by the run seed. */
export interface LicenceNumbering {
  readonly shape: LicenceShape;
  /** How many distinct numbers there are: the most units a run may have. */
  readonly space: number;
  /** The number of unit `unitIndex` (0 <= unitIndex < space). */
  number(unitIndex: number): string;
}

/**
 * Numbers of `shape` for a run with `seed`: n = (a * unit + b) mod space
 * with a coprime to the space (a permutation), b from the seed, then n
 * spelled in the shape's mixed radix.
 * @example
 * const ca = licenceNumbering(licenceShape('L#######'), 42);
 * ca.number(0) !== ca.number(1); // → true, for every pair of units below ca.space
 */
export function licenceNumbering(shape: LicenceShape, seed: number): LicenceNumbering {
  const space = shapeSpace(shape);
  const multiplier = coprimeNear(space, Math.floor(space * 0.6180339887) + 1);
  const offset = (hashString(`licence:${seed}:${shape.join('|')}`) * 4_294_967_296 + hashString(`${seed}`)) % space;
  const exact = space <= 94_906_265; // a * i stays below 2^53
  const bigSpace = BigInt(space);
  const bigMultiplier = BigInt(multiplier);
  const bigOffset = BigInt(offset);
  // Character codes of each position, and the number's codes written right to left into one scratch list (made into text in one piece).
  const codes = shape.map((chars) => Array.from({ length: chars.length }, (_, k) => chars.charCodeAt(k)));
  const scratch = new Array<number>(shape.length).fill(0);
  return {
    shape,
    space,
    number(unitIndex) {
      let n = exact ? (multiplier * unitIndex + offset) % space : Number((bigMultiplier * BigInt(unitIndex) + bigOffset) % bigSpace);
      for (let i = shape.length - 1; i >= 0; i--) {
        const chars = codes[i]!;
        if (chars.length === 1) scratch[i] = chars[0]!;
        else {
          scratch[i] = chars[n % chars.length]!;
          n = Math.floor(n / chars.length);
        }
      }
      return String.fromCharCode.apply(null, scratch);
    },
  };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The first number from `start` up that shares no factor with `space` (1 for a space of 1). */
function coprimeNear(space: number, start: number): number {
  if (space <= 2) return 1;
  let a = Math.max(1, start % space);
  while (gcd(a, space) !== 1) a = (a + 1) % space || 1;
  return a;
}
