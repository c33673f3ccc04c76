/**
 * Which units of a book run are Commercial, and where each account's person
 * and vehicle numbers start, so that unique numbers (licences, emails, VIN
 * serials) are not spent on slots no account uses.
 *
 * Every block of STRATA consecutive units gives its strata 0..STRATA-1 once
 * each, in a seeded order (plugins/person/strata.ts). The units whose
 * stratum is below C = round(commercial share x STRATA) are the block's
 * Commercial accounts, the others its Personal ones: the lob mix holds
 * exactly in every block. A block then needs C x (a business's most numbers)
 * + (STRATA - C) x (a household's most numbers), laid out by stratum, and a
 * unit's numbers are block x that + its stratum's offset + child index: a
 * bijection, with no slot a household of at most 5 persons and 4 vehicles
 * leaves unused reserved for a fleet of 50.
 * @example
 * const layout = bookLayout(0.1, { personal: 4, commercial: 50 }); // 35,244 numbers per block of 4,096 accounts
 * numberOf(layout, 42, 17, 0); // → the first vehicle number of unit 17
 */
import { permute, STRATA } from '../person/strata.js';

/** The most numbers one account may use, by line. */
export interface Slots {
  readonly personal: number;
  readonly commercial: number;
}

/** How a run's units are split into lines and numbered. */
export interface BookLayout {
  /** Strata below this are Commercial. */
  readonly commercialStrata: number;
  readonly slots: Slots;
  /** Numbers per block of STRATA units. */
  readonly perBlock: number;
}

/** A key of the lob order, apart from the age order of strata.ts. */
const LOB_KEY = 0x6c6f6221;

/** The layout for a Commercial share (0..1) and the most numbers an account of each line uses. */
export function bookLayout(commercialShare: number, slots: Slots): BookLayout {
  const commercialStrata = Math.round(commercialShare * STRATA);
  return { commercialStrata, slots, perBlock: commercialStrata * slots.commercial + (STRATA - commercialStrata) * slots.personal };
}

/** The stratum of unit `unitIndex` in its block (the lob order, seeded). */
function stratumOf(seed: number, unitIndex: number): number {
  return permute(unitIndex % STRATA, (seed + LOB_KEY) % 2 ** 53, Math.floor(unitIndex / STRATA));
}

/** true when unit `unitIndex` of the run seeded `seed` is a Commercial account. */
export function isCommercialUnit(layout: BookLayout, seed: number, unitIndex: number): boolean {
  return stratumOf(seed, unitIndex) < layout.commercialStrata;
}

/** Number `childIndex` of unit `unitIndex`: unique over the run for every child below its line's slots. */
export function numberOf(layout: BookLayout, seed: number, unitIndex: number, childIndex: number): number {
  const s = stratumOf(seed, unitIndex);
  const c = layout.commercialStrata;
  const offset = s < c ? s * layout.slots.commercial : c * layout.slots.commercial + (s - c) * layout.slots.personal;
  return Math.floor(unitIndex / STRATA) * layout.perBlock + offset + childIndex;
}

/** The most units whose numbers all fit in `space` numbers (whole blocks: a unit's offset inside its block can be any). */
export function unitsWithin(layout: BookLayout, space: number): number {
  return Math.floor(space / layout.perBlock) * STRATA;
}
