/**
 * Fictional US phone numbers: a real area code, exchange 555 and a line in
 * 0100..0199, the only NANP range reserved for fiction.
 */
import type { RandomStream } from '../../engine/kit.js';

/** A phone `NPA-555-01XX` with NPA drawn from `areaCodes`. */
export function fictionalPhone(areaCodes: readonly string[], random: RandomStream): string {
  if (areaCodes.length === 0) throw new RangeError('no area codes to draw from');
  return `${random.pick(areaCodes)}-555-01${random.digits(2)}`;
}

/** true when `phone` is `NPA-555-01XX` with NPA one of `areaCodes`. */
export function isFictionalPhone(phone: string, areaCodes: readonly string[]): boolean {
  const m = /^(\d{3})-555-01\d{2}$/.exec(phone);
  return m !== null && areaCodes.includes(m[1]!);
}
