/** The book's layout: the lob mix exact in every block, and person and vehicle numbers a bijection within each line's slots. */
import { expect } from 'chai';
import { bookLayout, isCommercialUnit, numberOf, unitsWithin } from '../../../plugins/account/book-layout.js';
import { STRATA } from '../../../plugins/person/strata.js';

describe('account: book layout (book-layout.ts)', () => {
  const layout = bookLayout(0.1, { personal: 4, commercial: 50 });

  it('every block of 4,096 accounts has exactly round(share x 4,096) businesses, in a seeded order', () => {
    for (const seed of [1, 42]) {
      for (let block = 0; block < 3; block++) {
        let commercial = 0;
        for (let i = 0; i < STRATA; i++) if (isCommercialUnit(layout, seed, block * STRATA + i)) commercial++;
        expect(commercial).to.equal(410);
      }
    }
    const first = (seed: number) => Array.from({ length: 64 }, (_, n) => (isCommercialUnit(layout, seed, n) ? 'C' : 'P')).join('');
    expect(first(1)).to.not.equal(first(2));
    expect(bookLayout(0, layout.slots).commercialStrata).to.equal(0);
    expect(bookLayout(1, layout.slots).commercialStrata).to.equal(STRATA);
  });

  it("no two numbers repeat while each account keeps within its line's slots, and they stay below the capacity", () => {
    const seen = new Set<number>();
    const units = 3 * STRATA + 100;
    for (let unit = 0; unit < units; unit++) {
      const slots = isCommercialUnit(layout, 9, unit) ? 50 : 4;
      for (let child = 0; child < slots; child++) {
        const n = numberOf(layout, 9, unit, child);
        expect(seen.has(n), `unit ${unit} child ${child}`).to.equal(false);
        seen.add(n);
      }
    }
    expect(Math.max(...seen)).to.be.below(4 * layout.perBlock);
    expect(unitsWithin(layout, 3_300_000)).to.equal(380_928);
  });
});
