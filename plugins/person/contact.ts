import type { RandomStream } from '../../engine/kit.js';

/** The domains reserved for documentation (RFC 2606): mail to them reaches no one. */
export const RESERVED_EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

/** `first.last42@example.com`: ASCII letters of the names, a number, a reserved domain. */
export function fictionalEmail(firstName: string, lastName: string, random: RandomStream): string {
  const local = `${asciiLetters(firstName)}.${asciiLetters(lastName)}${random.int(1, 99)}`;
  return `${local}@${random.pick(RESERVED_EMAIL_DOMAINS)}`;
}

/** true when the address's domain is one of the reserved ones. */
export function isReservedEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  return at > 0 && (RESERVED_EMAIL_DOMAINS as readonly string[]).includes(email.slice(at + 1));
}

// Names come from fixed lists, so each is folded to ASCII once (normalize is ~1 µs a call).
const folded = new Map<string, string>();

function asciiLetters(name: string): string {
  let out = folded.get(name);
  if (out === undefined) {
    out = name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'driver';
    if (folded.size < 100_000) folded.set(name, out);
  }
  return out;
}
