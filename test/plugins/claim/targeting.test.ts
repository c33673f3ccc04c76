/**
 * Scenario targeting of claims: the claims `--where` asks for are placed by
 * construction (on in-force days of the account's terms, inside the window,
 * with the cause, fault and status asked for), every rule still holds, a
 * unit with no term to place them on fails with a clear error, combinations
 * no claim can meet are refused from setup, and no terms draw exactly what
 * the plugins drew before.
 */
import { expect } from 'chai';
import { type Engine, type UnitRecords, type Where } from '../../../engine/index.js';
import { isEsdhError } from '../../../engine/kit.js';
import { CLAIM_SLOTS } from '../../../plugins/claim/conditions.js';
import { newEngine } from '../../helpers/engine.js';
import { bookGenerator, problems, term } from './book-units.js';

const AS_OF = '2025-11-01';
const UNITS = 40;

/** Units 0..n-1 made with `where`; a unit that cannot be made is returned as its error message. */
function make(engine: Engine, where: Where, n = UNITS): (UnitRecords | string)[] {
  const generator = bookGenerator(engine, where);
  return Array.from({ length: n }, (_, u) => {
    try {
      return generator.generateUnit(u);
    } catch (error) {
      return (error as Error).message;
    }
  });
}

describe('claims --where: placed by construction', function () {
  this.timeout(300_000);
  let engine: Engine;
  let plain: UnitRecords[];
  before(async () => {
    engine = await newEngine();
    const generator = bookGenerator(engine, []);
    plain = Array.from({ length: UNITS }, (_, u) => generator.generateUnit(u));
  });

  it('with no terms, draws exactly what it draws without targeting', () => {
    const generator = bookGenerator(engine, undefined as unknown as Where);
    for (let u = 0; u < 10; u++) expect(JSON.stringify(generator.generateUnit(u))).to.equal(JSON.stringify(plain[u]));
  });

  it('claims>=1 with a loss window, a cause, fault and status: every unit gets a matching claim (the policy plugin keeps a term in force in the window, with COMP on vehicle 0)', () => {
    const where: Where = [
      term('claims>=1', 'claim', undefined, '>=', 1),
      term('claim.loss_date>=2025-01-01', 'claim', 'loss_date', '>=', '2025-01-01'),
      term('claim.loss_cause=theft', 'claim', 'loss_cause', '=', 'theft'),
      term('claim.at_fault=false', 'claim', 'at_fault', '=', false),
      term('claim.status=closed', 'claim', 'status', '=', 'closed'),
    ];
    const units = make(engine, where);
    let placed = 0;
    units.forEach((unit, u) => {
      expect(unit, `unit ${u}`).to.be.an('object');
      const claims = (unit as UnitRecords).claim!;
      const hit = claims.find((c) => String(c.loss_date) >= '2025-01-01' && c.loss_cause === 'theft' && c.at_fault === false && c.status === 'closed');
      expect(hit, `unit ${u}: ${JSON.stringify(claims.map((c) => [c.loss_date, c.loss_cause, c.status]))}`).to.not.equal(undefined);
      placed++;
    });
    expect(placed).to.equal(UNITS);
    expect(problems(engine, units.filter((u): u is UnitRecords => typeof u !== 'string'), AS_OF)).to.deep.equal([]);
  });

  it('claim.status=reopened places a claim closed and reopened before as_of, still open; claim.status=open one open on as_of', () => {
    for (const status of ['reopened', 'open'] as const) {
      const units = make(engine, [term(`claim.status=${status}`, 'claim', 'status', '=', status)], 20).filter((u): u is UnitRecords => typeof u !== 'string');
      expect(units.length).to.be.greaterThan(10);
      for (const unit of units) {
        const hit = unit.claim!.find((c) => c.status === status);
        expect(hit, status).to.not.equal(undefined);
        if (status === 'reopened') expect(String(hit!.reopened_date) > String(hit!.closed_date) && String(hit!.reopened_date) <= AS_OF).to.equal(true);
        else expect(hit!.closed_date).to.equal(null);
      }
      expect(problems(engine, units, AS_OF)).to.deep.equal([]);
    }
  });

  it('claim_exposure.coverage_code=BI places a claim with a bodily-injury exposure on BI', () => {
    const units = make(engine, [term('claim_exposure.coverage_code=BI', 'claim_exposure', 'coverage_code', '=', 'BI')], 20).filter((u): u is UnitRecords => typeof u !== 'string');
    expect(units.length).to.be.greaterThan(10);
    for (const unit of units) expect(unit.claim_exposure!.some((e) => e.coverage_code === 'BI' && e.exposure_type === 'bodily_injury')).to.equal(true);
    expect(problems(engine, units, AS_OF)).to.deep.equal([]);
  });

  it('claims>=3 gives every placeable unit three claims or more; claims<=1 and claims=0 cap the natural claims', () => {
    const three = make(engine, [term('claims>=3', 'claim', undefined, '>=', 3)], 20).filter((u): u is UnitRecords => typeof u !== 'string');
    expect(three.length).to.be.greaterThan(10);
    for (const unit of three) expect(unit.claim!.length).to.be.at.least(3);
    const natural = plain.reduce((n, u) => Math.max(n, u.claim!.length), 0);
    expect(natural, 'some unit has two claims or more without terms').to.be.at.least(2);
    for (const [where, max] of [[[term('claims<=1', 'claim', undefined, '<=', 1)], 1], [[term('claims=0', 'claim', undefined, '=', 0)], 0]] as const) {
      const units = make(engine, where);
      for (const unit of units) expect((unit as UnitRecords).claim!.length).to.be.at.most(max);
      // The exposures and transactions follow the claims kept.
      expect(problems(engine, units as UnitRecords[], AS_OF)).to.deep.equal([]);
    }
  });

  const IMPOSSIBLE: readonly [string, Where, RegExp][] = [
    ['more claims than an account can number', [term(`claims>=${CLAIM_SLOTS + 1}`, 'claim', undefined, '>=', CLAIM_SLOTS + 1)], /at most 1024/],
    ['a glass loss at fault', [term('claim.loss_cause=glass', 'claim', 'loss_cause', '=', 'glass'), term('claim.at_fault=true', 'claim', 'at_fault', '=', true)], /glass.*at_fault true/],
    ['a claim asked for with claims=0', [term('claims=0', 'claim', undefined, '=', 0), term('claim.loss_cause=theft', 'claim', 'loss_cause', '=', 'theft')], /1 claims.*at most 0/],
    ['a loss after as_of', [term('claim.loss_date>2025-11-01', 'claim', 'loss_date', '>', '2025-11-01')], /loss date/],
    ['a reopened claim with a loss on as_of', [term('claim.status=reopened', 'claim', 'status', '=', 'reopened'), term('claim.loss_date=2025-11-01', 'claim', 'loss_date', '=', '2025-11-01')], /reopened claim needs a loss by 2025-10-30/],
    ['an exposure on COMP for a collision, one claim at most', [term('claims<=1', 'claim', undefined, '<=', 1), term('claim.loss_cause=collision', 'claim', 'loss_cause', '=', 'collision'), term('claim_exposure.coverage_code=COMP', 'claim_exposure', 'coverage_code', '=', 'COMP')], /2 claims.*at most 1/],
  ];
  for (const [what, where, why] of IMPOSSIBLE) {
    it(`refuses ${what} from setup with ESDH_ERR_WHERE_IMPOSSIBLE`, () => {
      let thrown: unknown;
      try {
        bookGenerator(engine, where);
      } catch (error) {
        thrown = error;
      }
      const cause = thrown && isEsdhError(thrown) && thrown.code === 'ESDH_ERR_PLUGIN_FAILED' ? (thrown as { cause?: unknown }).cause : thrown;
      expect(isEsdhError(cause), String(thrown)).to.equal(true);
      expect((cause as { code: string }).code).to.equal('ESDH_ERR_WHERE_IMPOSSIBLE');
      expect((cause as Error).message).to.match(why);
      expect((cause as Error).message).to.include(where[0]!.text);
    });
  }
});
