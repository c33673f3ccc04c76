import { expect } from 'chai';
import { AS_OF, bookGenerator, crossCheck, type Book } from './fixtures.js';
import { randomUnit } from './random-units.js';

describe('the book plugins on randomised units (any mix of licences, ages, model years, classes, states)', () => {
  it('keep every cross-record rule on 600 units, and leave an account without a policy only when no one on it can drive', () => {
    const generator = bookGenerator(31, randomUnit);
    const book: Book = {};
    let withoutPolicy = 0;
    for (let u = 0; u < 600; u++) {
      const unit = generator.generateUnit(u);
      // Every named insured here is 18 or older and every licence began by as_of: only a unit without a valid licence has no chain.
      const someoneDrives = randomUnit(u).persons.some((p) => p.licence_status === 'valid' && p.first_licensed_date! <= AS_OF);
      expect(unit.policy!.length > 0, `unit ${u}`).to.equal(someoneDrives);
      if (!someoneDrives) withoutPolicy++;
      for (const [entity, records] of Object.entries(unit)) (book[entity] ??= []).push(...records);
    }
    expect(withoutPolicy).to.be.within(1, 60);
    for (const [rule, { failures }] of crossCheck(book)) expect(failures.slice(0, 3), rule).to.deep.equal([]);
  });
});
