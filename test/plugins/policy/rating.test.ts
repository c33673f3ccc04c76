import { expect } from 'chai';
import { addMonths, type Account, type Vehicle } from '../../../engine/kit.js';
import { type CoverageLine, premiumCents, rateTerm, termTotals } from '../../../plugins/policy/rating.js';
import { ratingTables } from '../../../plugins/policy/rating-tables.js';
import type { TermLayout } from '../../../plugins/policy/unit-plan.js';
import { data, fixtureUnit } from './fixtures.js';

const SEED = 20251101;
const young = fixtureUnit(2);

function layout(vehicles: readonly Vehicle[], effective: string, age: number): TermLayout {
  return {
    term: { termNumber: 1, effective, expiration: addMonths(effective, 12), status: 'in_force', cancellationDate: null, cancellationReason: null },
    drivers: [],
    vehicles: vehicles.map((vehicle, vehicleIndex) => ({ vehicleIndex, vehicle, principal: young.persons[0]!, principalAge: age })),
  };
}
const rate = (account: Account, vehicles: readonly Vehicle[], effective: string, age: number, unitIndex = 18, termMonths: 6 | 12 = 12) =>
  rateTerm({ seed: SEED, unitIndex, data, account, termMonths, layout: layout(vehicles, effective, age) });
const code = (lines: readonly CoverageLine[], c: string) => lines.filter((l) => l.coverage_code === c);

const caAccount: Account = { ...young.account, state: 'CA', postal_code: '94110' };
const caCar: Vehicle = { ...young.vehicles[0]!, garaging_state: 'CA', garaging_postal_code: '94110', model_year: 2020, risk_rating: 'High' };

describe('plugins/policy/rating (the rating sketch)', () => {
  it("prices docs/book-policies.md's worked example: CA, ZIP 941xx, a 19-year-old on a 2020 high-risk car, 12 months from 2025-03-15", () => {
    const lines = rate(caAccount, [caCar], '2025-03-15', 19);
    expect(lines.map((l) => [l.coverage_code, l.premium])).to.deep.equal([
      ['BI', 921.79], ['PD', 658.8], ['UMBI', 201.12], ['UIMBI', 122.91], ['MEDPAY', 75.1], ['COMP', 311.47], ['COLL', 885.95],
    ]);
    // COLL: 410 base x 1.22 CA x 0.96 ZIP3 bucket x 1.8 age 19 x 1.25 High x 1.0 vehicle age 5 x 0.82 deductible 1000
    expect(Math.round(410 * 1.22 * 0.96 * 1.8 * 1.25 * 1.0 * 0.82 * 100) / 100).to.equal(885.95);
    expect(termTotals({ seed: SEED, unitIndex: 18, data, account: caAccount, termMonths: 12, layout: layout([caCar], '2025-03-15', 19) })).to.deep.equal({ fees: 15, total: 3192.14 });
  });

  it('charges a young principal driver more than a 40-year-old, and a 6-month term about half of a 12-month one', () => {
    for (let unit = 0; unit < 40; unit++) {
      const teen = premiumCents(rate(caAccount, [caCar], '2025-03-15', 17, unit));
      const adult = premiumCents(rate(caAccount, [caCar], '2025-03-15', 40, unit));
      expect(teen).to.be.above(adult);
      const half = premiumCents(rate(caAccount, [caCar], '2025-03-15', 40, unit, 6));
      expect(Math.abs(half * 2 - adult)).to.be.at.most(rate(caAccount, [caCar], '2025-03-15', 40, unit).length * 2);
    }
  });

  it('lowers the premium as the deductible rises and raises it with the limit', () => {
    const t = ratingTables(data);
    const deductibles = ['0', '100', '250', '500', '1000', '2000'].map((d) => t.deductible[d]!);
    expect([...deductibles].sort((a, b) => b - a)).to.deep.equal(deductibles);
    const bi = t.limits.split.map(([pp, pa]) => t.increased_limits.split_bi[`${pp}/${pa}`]!);
    expect([...bi].sort((a, b) => a - b)).to.deep.equal(bi);
  });

  it('raises limits to the minimums in force on the effective date (CA 15/30/5 in 2024, 30/60/15 from 2025)', () => {
    let raised = 0;
    for (let unit = 0; unit < 200; unit++) {
      const before = code(rate(caAccount, [caCar], '2024-12-31', 40, unit), 'BI')[0];
      const after = code(rate(caAccount, [caCar], '2025-01-01', 40, unit), 'BI')[0];
      if (!after) continue; // a CSL account
      expect(after.limit_per_person!).to.be.at.least(30_000);
      expect(after.limit_per_accident!).to.be.at.least(60_000);
      expect(code(rate(caAccount, [caCar], '2025-01-01', 40, unit), 'PD')[0]!.limit_per_accident!).to.be.at.least(15_000);
      if (before!.limit_per_person! < 30_000) raised++;
    }
    expect(raised).to.be.above(0);
  });

  it('gives a for-hire carrier with a vehicle of 10,001 lb or more at least $750,000 CSL ($1,000,000 oil, $5,000,000 hazmat), a private one its own choice', () => {
    const trucks = fixtureUnit(4);
    for (let unit = 0; unit < 60; unit++) {
      const csl = (account: Account) => Math.min(...code(rate(account, trucks.vehicles, '2025-05-01', 45, unit), 'CSL').map((l) => l.limit_single!));
      expect(csl({ ...trucks.account, cargo: 'general' })).to.be.at.least(750_000);
      expect(csl({ ...trucks.account, cargo: 'oil' })).to.be.at.least(1_000_000);
      expect(csl({ ...trucks.account, cargo: 'hazmat' })).to.equal(5_000_000);
    }
    const vans = fixtureUnit(5);
    const limits = new Set(Array.from({ length: 60 }, (_, unit) => code(rate(vans.account, vans.vehicles, '2025-05-01', 45, unit), 'CSL').map((l) => l.limit_single)).flat());
    expect([...limits].some((l) => l! < 750_000)).to.equal(true);
  });

  it('writes symbols on every Commercial line (HNOA policy-level on 8 and 9) and none on Personal lines; every premium > 0 in cents', () => {
    const trucks = fixtureUnit(4);
    let hnoa = 0;
    for (let unit = 0; unit < 60; unit++) {
      const commercial = rate(trucks.account, trucks.vehicles, '2025-05-01', 45, unit);
      for (const l of commercial) {
        expect(l.symbol).to.not.equal(null);
        if (l.coverage_code === 'HNOA') {
          hnoa++;
          expect(l.vehicle_id).to.equal(null);
          expect(['8', '9']).to.include(l.symbol);
        }
      }
      for (const l of [...commercial, ...rate(caAccount, [caCar], '2025-03-15', 30, unit)]) {
        expect(l.premium).to.be.above(0);
        expect(Math.round(l.premium * 100) / 100).to.equal(l.premium);
      }
      for (const l of rate(caAccount, [caCar], '2025-03-15', 30, unit)) expect(l.symbol).to.equal(null);
    }
    expect(hnoa).to.be.above(0);
  });

  it('is deterministic: the same inputs give the same lines, memoised or not', () => {
    const l = layout([caCar], '2025-03-15', 30);
    const a = rateTerm({ seed: SEED, unitIndex: 5, data, account: caAccount, termMonths: 12, layout: l });
    expect(rateTerm({ seed: SEED, unitIndex: 5, data, account: caAccount, termMonths: 12, layout: l })).to.equal(a);
    expect(rate(caAccount, [caCar], '2025-03-15', 30, 5)).to.deep.equal(a);
  });
});
