import type { RandomStream } from '../../engine/kit.js';

/** The domains reserved for documentation (RFC 2606): mail to them reaches no one. */
export const RESERVED_EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

/** Longest name parts kept in an address, so the local part stays within RFC 5321's 64 characters. */
const MAX_FIRST = 20;
const MAX_LAST = 24;

/**
 * `first.last4821@example.com`: ASCII letters of the names, a number unique
 * to the unit (`emailNumber`), a reserved domain. Names are letters only, so
 * the digits start where the name ends: no two units of a run share an
 * address, whatever their names.
 */
export function fictionalEmail(firstName: string, lastName: string, unitIndex: number, random: RandomStream): string {
  const local = `${asciiLetters(firstName).slice(0, MAX_FIRST)}.${asciiLetters(lastName).slice(0, MAX_LAST)}${emailNumber(unitIndex)}`;
  return `${local}@${random.pick(RESERVED_EMAIL_DOMAINS)}`;
}

/**
 * The unit's number, distinct for every unit index: units 0-8 get 1..9,
 * units 9-98 get 10..99, units 99-998 get 100..999 and so on, each block
 * shuffled by an affine permutation so neighbouring units do not get
 * neighbouring numbers.
 * @example
 * emailNumber(0); // → '4'
 * emailNumber(9); // → '13'
 */
export function emailNumber(unitIndex: number): string {
  let low = 1;
  let size = 9;
  let offset = unitIndex;
  while (offset >= size) {
    offset -= size;
    low += size;
    size *= 10;
  }
  // 7 is coprime to 9 * 10^k, so i -> (7i + 3) mod size permutes the block.
  const scrambled = size <= 1e14 ? (offset * 7 + 3) % size : offset;
  return String(low + scrambled);
}

/** true when the address's domain is one of the reserved ones. */
export function isReservedEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  return at > 0 && (RESERVED_EMAIL_DOMAINS as readonly string[]).includes(email.slice(at + 1));
}

// Names come from fixed lists, so a name with other characters is folded to ASCII once (normalize is ~1 µs a call).
const folded = new Map<string, string>();

/**
 * The ASCII letters of a name, lower case ('driver' when it has none). Most
 * names are ASCII letters only: for them that is toLowerCase, which costs less
 * than looking the name up in a map of up to 100,000 names.
 */
function asciiLetters(name: string): string {
  if (name.length > 0 && isAsciiLetters(name)) return name.toLowerCase();
  let out = folded.get(name);
  if (out === undefined) {
    out = name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'driver';
    if (folded.size < 100_000) folded.set(name, out);
  }
  return out;
}

function isAsciiLetters(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    // A-Z is 65-90, a-z is 97-122: clearing bit 5 maps both to 65-90.
    const upper = name.charCodeAt(i) & ~32;
    if (upper < 65 || upper > 90) return false;
  }
  return true;
}
