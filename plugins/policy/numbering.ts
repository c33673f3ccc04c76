/**
 * Unique numbers without coordination: index i of 0..space-1 goes to
 * (a * i + b) mod space with a coprime to the space (a permutation of the
 * space), so units made in any order, in any worker, never share a number
 * while the run stays below `space` units. The same idea as the person
 * plugin's licence numbers (plugins/person/licence.ts), for plain digits.
 */
import { hashString } from '../../engine/kit.js';

/** A bijection of 0..space-1 onto itself, keyed by the run seed and a label. */
export interface Numbering {
  readonly space: number;
  /** The permuted value of `index` (0 <= index < space). */
  at(index: number): number;
  /** `at(index)` as `digits` decimal digits, leading zeros kept. */
  digits(index: number): string;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The numbering of `digits`-digit numbers for a run with `seed`.
 * @example
 * const n = numbering(7, 20251101, 'policy');
 * n.digits(0) !== n.digits(1); // → true for every pair of indices below 10^7
 */
export function numbering(digits: number, seed: number, label: string): Numbering {
  const space = 10 ** digits;
  let a = (Math.floor(space * 0.6180339887) + 1) % space || 1;
  while (gcd(a, space) !== 1) a = (a + 1) % space || 1;
  const b = (hashString(`${label}:${seed}`) * 4_294_967_296 + hashString(`${seed}:${label}`)) % space;
  // a * index stays exact below 2^53 only for small spaces; above that, BigInt.
  const exact = space <= 94_906_265;
  const [bigA, bigB, bigSpace] = [BigInt(a), BigInt(b), BigInt(space)];
  const at = (index: number): number => (exact ? (a * index + b) % space : Number((bigA * BigInt(index) + bigB) % bigSpace));
  return { space, at, digits: (index) => String(at(index)).padStart(digits, '0') };
}

/**
 * `numbering(digits, seed, label)` for the seed asked, kept for the last seed
 * only (a run has one): the same numbers, and memory that does not grow with
 * the seeds a long-lived engine (a server) is asked for.
 * @example
 * const numbers = numberingBySeed(7, 'policy');
 * numbers(42).digits(0) === numbering(7, 42, 'policy').digits(0); // → true
 */
export function numberingBySeed(digits: number, label: string): (seed: number) => Numbering {
  let last: Numbering | undefined;
  let lastSeed = NaN;
  return (seed) => {
    if (seed !== lastSeed || !last) [last, lastSeed] = [numbering(digits, seed, label), seed];
    return last;
  };
}
