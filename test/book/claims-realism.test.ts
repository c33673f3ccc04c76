/**
 * The claims model against the public figures it is calibrated to
 * (docs/book-claims.md, "Measured"), on a 1,500-account book made in memory:
 * Personal claim frequency per 100 earned car-years (paid exposures on BI,
 * PD, COLL and COMP, as ISO counts paid claims per coverage) within 20% of
 * ISO's 11.95, each coverage's mean paid indemnity near ISO's severity, no
 * pile-up of reports or closings on as_of, and young claims open, old ones
 * closed. The tolerances leave room for a sample this size (the 10,000-account
 * figures are in docs/book-claims.md) and fail a model off by a third.
 */
import { expect } from 'chai';
import type { Engine, EntityRecord } from '../../engine/index.js';
import { ISO_FREQUENCY, ISO_SEVERITY, measureClaims, type ClaimMeasures } from '../../plugins/claim/measure.js';
import { newEngine } from '../helpers/engine.js';

const BOOK = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

describe('claims realism on a 1,500-account book (ISO 2023 private passenger)', function () {
  this.timeout(300_000);
  let m: ClaimMeasures;
  before(async () => {
    const engine: Engine = await newEngine();
    const records: Record<string, EntityRecord[]> = {};
    for await (const unit of engine.units({ profile: 'book', records: 1500, seed: 20251101 }, BOOK)) {
      for (const [entity, list] of Object.entries(unit)) (records[entity] ??= []).push(...list);
    }
    m = measureClaims({ policies: records.policy!, policy_vehicles: records.policy_vehicle!, coverages: records.coverage!, claims: records.claim!, claim_exposures: records.claim_exposure! }, '2025-11-01');
  });

  it('paid claims per 100 earned car-years, summed over BI, PD, COLL and COMP, within 20% of 11.95', () => {
    expect(m.totalFrequency).to.be.within(11.95 * 0.8, 11.95 * 1.2);
  });

  it('each coverage within a third of its ISO frequency', () => {
    for (const g of ['BI', 'PD', 'COLL', 'COMP'] as const) expect(m.frequency[g], g).to.be.within(ISO_FREQUENCY[g] * 0.67, ISO_FREQUENCY[g] * 1.33);
  });

  it('mean paid indemnity within 25% of ISO for PD, COLL and COMP, and within 40% for BI (fewer, more skewed payments)', () => {
    for (const g of ['PD', 'COLL', 'COMP'] as const) expect(m.severity[g], g).to.be.within(ISO_SEVERITY[g] * 0.75, ISO_SEVERITY[g] * 1.25);
    expect(m.severity.BI).to.be.within(ISO_SEVERITY.BI * 0.6, ISO_SEVERITY.BI * 1.4);
    expect(m.severityCount.BI).to.be.greaterThan(20);
  });

  it('no pile-up on as_of: reports and closings on as_of near the daily mean of the month before', () => {
    expect(m.reportOnAsOfRatio).to.be.below(3.5);
    expect(m.closedOnAsOfRatio).to.be.below(3.5);
  });

  it('claims reported in the last week are mostly open, claims over a year old nearly all closed, the open share falling with age', () => {
    const [week, month, quarter, year, older] = m.openByAge;
    expect(week!.claims).to.be.greaterThan(0);
    expect(week!.open / week!.claims).to.be.above(0.8);
    expect(older!.open / older!.claims).to.be.below(0.05);
    const shares = [week!, month!, quarter!, year!, older!].map((b) => b.open / Math.max(1, b.claims));
    for (let i = 1; i < shares.length; i++) expect(shares[i]!, m.openByAge[i]!.ages).to.be.at.most(shares[i - 1]!);
  });
});
