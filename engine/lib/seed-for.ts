import { createHash } from 'node:crypto';
import { esdhError } from '../contracts/errors.js';

/**
 * A seed derived from a string, typically a test's title, so every test has
 * its own data without anyone handing out seeds. The value is the first four
 * bytes of the SHA-256 of the UTF-8 title, read as an unsigned big-endian
 * integer (0 to 4294967295). That definition is part of the public API: the
 * same title gives the same seed on every machine and in every ESDH version.
 * @example
 * seedFor('rates a 17-year-old driver') // → the same number every run; pass it as { seed }
 * const person = engine.build('person', { seed: seedFor(this.test!.fullTitle()) });
 */
export function seedFor(title: string): number {
  if (typeof title !== 'string') throw esdhError('ESDH_ERR_OPTION_INVALID', 'seedFor title', String(title), 'expected a string, such as the test title');
  return createHash('sha256').update(title, 'utf8').digest().readUInt32BE(0);
}
