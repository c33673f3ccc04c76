/**
 * How a vehicle is used and how far it goes a year (docs/book-households.md):
 * Personal commute, pleasure, business or farm use; Commercial service,
 * retail or commercial use (the ISO commercial auto use classes). Annual
 * miles spread log-normally around a median by use (and, for Commercial, by
 * kind and radius), medians from FHWA Highway Statistics table VM-1 (light
 * vehicles about 11,000 miles a year, single-unit trucks about 13,000,
 * combination trucks about 62,000), rounded to 100 miles.
 */
import type { RandomStream } from '../../engine/kit.js';
import type { Kind, Radius } from '../account/tables.js';

export type PersonalUsage = 'commute' | 'pleasure' | 'business' | 'farm';

const PERSONAL_USAGE: readonly (readonly [PersonalUsage, number])[] = [['commute', 55], ['pleasure', 35], ['business', 7], ['farm', 3]];
const PERSONAL_MEDIAN: Readonly<Record<PersonalUsage, number>> = { commute: 12_000, pleasure: 7_500, business: 16_000, farm: 8_000 };
/** Commercial medians by kind (car, pickup, van; straight truck; tractor) and radius. */
const COMMERCIAL_MEDIAN: Readonly<Record<'light' | 'straight' | 'tractor', Readonly<Record<Radius, number>>>> = {
  light: { local: 15_000, intermediate: 25_000, long_distance: 35_000 },
  straight: { local: 13_000, intermediate: 25_000, long_distance: 45_000 },
  tractor: { local: 35_000, intermediate: 65_000, long_distance: 100_000 },
};
const MAX_MILES = 200_000;

/** A Personal use, by weight (commute 55%, pleasure 35%, business 7%, farm 3%); `among`: only those (--where), at their weights. */
export function personalUsage(random: RandomStream, among?: readonly PersonalUsage[]): PersonalUsage {
  if (among) {
    const open = PERSONAL_USAGE.filter(([u]) => among.includes(u));
    let r = random.next() * open.reduce((sum, [, w]) => sum + w, 0);
    for (const [usage, weight] of open) {
      if (r < weight) return usage;
      r -= weight;
    }
    return open[open.length - 1]![0];
  }
  let r = random.next() * 100;
  for (const [usage, weight] of PERSONAL_USAGE) {
    if (r < weight) return usage;
    r -= weight;
  }
  return 'pleasure';
}

/** Miles a year around `median`: log-normal with sigma 0.45, at least 500, rounded to 100. */
function milesAround(median: number, random: RandomStream): number {
  const u = 1 - random.next();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  return Math.min(MAX_MILES, Math.max(500, Math.round((median * Math.exp(0.45 * z)) / 100) * 100));
}

export function personalMileage(usage: PersonalUsage, random: RandomStream): number {
  return milesAround(PERSONAL_MEDIAN[usage], random);
}

export function commercialMileage(kind: Kind, radius: Radius, random: RandomStream): number {
  return milesAround(COMMERCIAL_MEDIAN[kind === 'tractor' ? 'tractor' : kind === 'straight' ? 'straight' : 'light'][radius], random);
}
