/**
 * The book's rules hold for any seed and as_of: every record's own checks and
 * every plugin's cross-record checks, fed as verify feeds them (dependencies
 * first), over small books made in memory (property test).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { Engine, UnitRecords } from '../../engine/index.js';
import { BOOK, bookProblems } from '../helpers/book-problems.js';
import { newEngine } from '../helpers/engine.js';

const problems = bookProblems;

describe('the book: every rule holds for any seed and as_of (property test)', function () {
  this.timeout(300_000);
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  it('records checks and cross checks pass on 20-account books of both lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.date({ min: new Date('2012-01-01T00:00:00Z'), max: new Date('2029-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(undefined, 'Personal' as const, 'Commercial' as const),
        async (seed, date, lob) => {
          const asOf = date.toISOString().slice(0, 10);
          const units: UnitRecords[] = [];
          for await (const unit of engine.units({ profile: 'book', records: 20, seed, asOf, ...(lob ? { lob } : {}) }, BOOK)) units.push(unit);
          const found = problems(engine, units, asOf);
          if (found.length) throw new Error(`seed ${seed}, as_of ${asOf}, lob ${lob ?? 'mix'}: ${found.slice(0, 5).join('; ')}`);
        },
      ),
      { numRuns: 60, seed: 20251101 },
    );
  });

  it('the checkers see what they check: a 60-account book passes with hundreds of coverages checked', async () => {
    const units: UnitRecords[] = [];
    for await (const unit of engine.units({ profile: 'book', records: 60, seed: 3 }, BOOK)) units.push(unit);
    expect(problems(engine, units, engine.plan({ profile: 'book' }).asOf)).to.deep.equal([]);
    expect(units.flatMap((u) => u.coverage ?? []).length).to.be.greaterThan(100);
  });
});
