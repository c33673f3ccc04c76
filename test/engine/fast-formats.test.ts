/** The fast format checks answer exactly as ajv-formats' full formats do. */
import { expect } from 'chai';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { isDate, isEmail, isUuid } from '../../engine/schema/fast-formats.js';

const require = createRequire(import.meta.url);
type Format = RegExp | ((s: string) => boolean) | { validate: (s: string) => boolean };
const { fullFormats } = require('ajv-formats/dist/formats') as { fullFormats: Record<string, Format> };
const reference = (name: string) => {
  const f = fullFormats[name]!;
  return (s: string) => (f instanceof RegExp ? f.test(s) : typeof f === 'function' ? f(s) : f.validate(s));
};

describe('engine/fast-formats', () => {
  const cases: [string, (s: string) => boolean, string[]][] = [
    ['uuid', isUuid, ['2c12747b-f79f-40be-9407-9916be36b889', '2C12747B-F79F-40BE-9407-9916BE36B889', 'urn:uuid:2c12747b-f79f-40be-9407-9916be36b889', '2c12747b-f79f-40be-9407-9916be36b88', '2c12747b_f79f-40be-9407-9916be36b889', 'g c12747b-f79f-40be-9407-9916be36b889', '']],
    ['date', isDate, ['2025-11-01', '2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-4-01', '20251101', '2025-11-01T00:00:00Z', 'abcd-ef-gh', '']],
    ['email', isEmail, ['holly.ritchie3@example.org', 'a@b.co', 'A.B@Example.COM', 'a..b@example.com', '.a@example.com', 'a@-example.com', 'a@example-.com', 'a@example', 'a@exa_mple.com', "o'neil+qa@example.net", 'a@b@c.com', '@example.com', 'a@.com', '']],
  ];
  for (const [name, fast, samples] of cases) {
    it(`${name}: agrees with ajv-formats on edge cases`, () => {
      const ref = reference(name);
      for (const s of samples) expect(fast(s), JSON.stringify(s)).to.equal(ref(s));
    });
    it(`${name}: agrees with ajv-formats on generated strings`, () => {
      const ref = reference(name);
      const alphabet = name === 'date' ? '0123456789-' : name === 'uuid' ? '0123456789abcdefABCDEF-:nru' : 'abcxyzAB019.-_+@';
      const char = fc.constantFrom(...alphabet.split(''));
      fc.assert(fc.property(fc.array(char, { maxLength: 40 }).map((a) => a.join('')), (s) => fast(s) === ref(s)), { numRuns: 3000, seed: 1 });
    });
  }
});
