/**
 * plugins/person/contact.ts: an address's name parts are the names' ASCII
 * letters in lower case, whichever way a name is folded (toLowerCase for
 * names of ASCII letters only, normalize and a filter for the rest).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { RandomStream } from '../../../engine/lib/random.js';
import { emailNumber, fictionalEmail, isReservedEmail } from '../../../plugins/person/contact.js';
import { readPackageJson } from '../../helpers/package-root.js';

/** The one rule of a name part: NFD, ASCII letters only, lower case, 'driver' when nothing is left. */
const fold = (name: string): string => name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'driver';
const expected = (first: string, last: string, unit: number): string => `${fold(first).slice(0, 20)}.${fold(last).slice(0, 24)}${emailNumber(unit)}`;

describe('plugins/person/contact', () => {
  it('folds any name to its ASCII letters in lower case, ASCII-only names and the rest alike', () => {
    const letters = fc.stringMatching(/^[A-Za-z]{1,30}$/);
    const other = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("O'Brien", 'José', 'Nguyễn', 'Smith-Jones', 'de la Cruz', '', '---', 'Ærø', '`@[{'));
    const name = fc.oneof(letters, other, fc.tuple(letters, other).map(([a, b]) => a + b));
    fc.assert(fc.property(name, name, fc.nat(10_000_000), (first, last, unit) => {
      const email = fictionalEmail(first, last, unit, new RandomStream(1, 2, unit, 0));
      return email.slice(0, email.lastIndexOf('@')) === expected(first, last, unit) && isReservedEmail(email);
    }), { numRuns: 5_000 });
    // The characters around A-Z and a-z in the code table are not letters.
    for (const c of ['@', '[', '`', '{']) expect(fictionalEmail(`A${c}b`, 'C', 0, new RandomStream(1, 2, 0, 0))).to.match(/^ab\.c4@/);
  });

  it('gives every first and last name of the tables the same part as the one rule', () => {
    const surnames = readPackageJson<{ head: [string, number][]; tail: string[] }>('data/reference/person/surnames.json');
    const firsts = readPackageJson<{ female: { names: (string | number)[][] }; male: { names: (string | number)[][] } }>('data/reference/person/first-names-by-year.json');
    const names = [...surnames.head.map(([n]) => n), ...surnames.tail, ...[...firsts.female.names, ...firsts.male.names].map((row) => row[0] as string)];
    expect(names.length).to.be.above(10_000);
    for (let i = 0; i < names.length; i++) {
      const email = fictionalEmail(names[i]!, names[names.length - 1 - i]!, i, new RandomStream(3, 4, i, 0));
      const want = expected(names[i]!, names[names.length - 1 - i]!, i);
      if (!email.startsWith(`${want}@`)) expect(email, names[i]).to.equal(`${want}@…`);
    }
  });
});
