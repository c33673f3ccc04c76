/**
 * Visibly synthetic business identifiers, unique within a run: the unit
 * index goes through an affine bijection onto each number space.
 */
import { hashString } from '../../engine/kit.js';

/** FEINs per prefix: the 7 digits after `NN-`. */
const FEIN_DIGITS = 10_000_000;
/** Synthetic USDOT numbers: 90,000,000-99,999,999 (8 digits; FMCSA's sequence is at 7 digits). */
const USDOT_FIRST = 90_000_000;
const USDOT_SPACE = 10_000_000;
/** Odd and not a multiple of 5: coprime to 10^7 and to 16 x 10^7. */
const STRIDE = 7_654_321;

/** The most accounts a run may have before a USDOT number would repeat (the smaller of the two spaces). */
export const NUMBER_CAPACITY = USDOT_SPACE;

function offset(seed: number, what: string, space: number): number {
  return (hashString(`${what}:${seed}`) * 4096 + hashString(`${seed}:${what}`)) % space;
}

/**
 * `NN-NNNNNNN` with NN one of `prefixes` (never assigned by the IRS), distinct
 * for every unit index below prefixes.length x 10^7.
 * @example
 * fein(['07', '08'], 42, 0); // → e.g. '08-3141592'
 */
export function fein(prefixes: readonly string[], seed: number, unitIndex: number): string {
  const space = prefixes.length * FEIN_DIGITS;
  const n = Number((BigInt(STRIDE) * BigInt(unitIndex) + BigInt(offset(seed, 'fein', space))) % BigInt(space));
  return `${prefixes[Math.floor(n / FEIN_DIGITS)]}-${String(n % FEIN_DIGITS).padStart(7, '0')}`;
}

/** An 8-digit USDOT number from 90,000,000, distinct for every unit index below 10^7. */
export function usdotNumber(seed: number, unitIndex: number): string {
  const n = Number((BigInt(STRIDE) * BigInt(unitIndex) + BigInt(offset(seed, 'usdot', USDOT_SPACE))) % BigInt(USDOT_SPACE));
  return String(USDOT_FIRST + n);
}
