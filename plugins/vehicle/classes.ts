/**
 * Commercial vehicle classes (docs/book-households.md): GVWR classes 1-8
 * (FHWA, 49 CFR 523), the size classes commercial auto rating uses (light
 * up to 10,000 lb, medium 10,001-20,000, heavy 20,001-45,000, extra-heavy
 * over 45,000) and the vehicle_class a record carries.
 */
import type { Vehicle } from '../../engine/kit.js';
import type { Kind } from '../account/tables.js';

/** Upper GVWR bound (lb, inclusive) of classes 1-7; class 8 is over 33,000. */
const GVWR_CLASS_TOPS = [6_000, 10_000, 14_000, 16_000, 19_500, 26_000, 33_000] as const;

/** The GVWR class (1-8) of a rating in lb. */
export function gvwrClass(gvwr: number): number {
  const i = GVWR_CLASS_TOPS.findIndex((top) => gvwr <= top);
  return i < 0 ? 8 : i + 1;
}

export type SizeClass = 'light' | 'medium' | 'heavy' | 'extra-heavy';

/** The rating size class of a GVWR. */
export function sizeClass(gvwr: number): SizeClass {
  if (gvwr <= 10_000) return 'light';
  if (gvwr <= 20_000) return 'medium';
  return gvwr <= 45_000 ? 'heavy' : 'extra-heavy';
}

/** The vehicle classes a light (10,000 lb or less) commercial vehicle may carry. */
export const LIGHT_CLASSES: readonly NonNullable<Vehicle['vehicle_class']>[] = ['private passenger', 'light truck', 'van'];

/** vehicle_class of a Commercial vehicle: light ones by what they are, others by size class. */
export function vehicleClassFor(kind: Kind, gvwr: number): NonNullable<Vehicle['vehicle_class']> {
  const size = sizeClass(gvwr);
  if (size === 'light') return kind === 'car' ? 'private passenger' : kind === 'van' ? 'van' : 'light truck';
  return size === 'medium' ? 'medium truck' : size === 'heavy' ? 'heavy truck' : 'extra-heavy truck';
}

/** What is wrong with a Commercial vehicle's class, GVWR and radius together, or null. */
export function commercialClassProblem(v: Pick<Vehicle, 'vehicle_class' | 'gvwr_lbs' | 'radius_class'>): string | null {
  if (v.vehicle_class === null || v.gvwr_lbs === null || v.radius_class === null) return `a Commercial vehicle needs vehicle_class, gvwr_lbs and radius_class (got ${v.vehicle_class}, ${v.gvwr_lbs}, ${v.radius_class})`;
  const size = sizeClass(v.gvwr_lbs);
  const ok = size === 'light' ? LIGHT_CLASSES.includes(v.vehicle_class) : v.vehicle_class === `${size} truck`;
  return ok ? null : `vehicle_class ${v.vehicle_class} does not fit GVWR ${v.gvwr_lbs} lb (class ${gvwrClass(v.gvwr_lbs)}, size ${size})`;
}
