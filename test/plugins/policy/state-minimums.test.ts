import { expect } from 'chai';
import { join } from 'node:path';
import { ReferenceData } from '../../../engine/lib/reference-data.js';
import { loadStateMinimums, minimumsOn } from '../../../plugins/policy/state-minimums.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { packageRoot } from '../../helpers/package-root.js';

const data = new ReferenceData([join(packageRoot(), 'data', 'reference')]);
const limits = (state: string, date: string) => {
  const m = minimumsOn(data, state, date);
  return [m.bi_per_person, m.bi_per_accident, m.pd];
};

describe('plugins/policy/state-minimums (data/reference/rules/state-minimums.json)', () => {
  it('covers the 50 states and DC, each from the start of the table, with a source on every row', () => {
    const table = loadStateMinimums(data);
    expect([...table.keys()].sort()).to.have.length(51);
    for (const [state, rows] of table) {
      expect(rows[0]!.effective_from, state).to.equal(null);
      for (const row of rows) {
        expect(row.source, state).to.match(/III|§|RSA|ORS|RCW|MCL|NRS|KRS|SDCL/);
        expect(row.pd, state).to.be.above(0);
        if (row.bi_per_person !== null) expect(row.bi_per_accident!, state).to.be.at.least(row.bi_per_person);
        if (row.um_min) expect(row.um_required, state).to.equal(true);
        if (row.pip_min !== null) expect(row.pip_required, state).to.equal(true);
      }
      const dates = rows.slice(1).map((r) => r.effective_from!);
      expect([...dates].sort(), state).to.deep.equal(dates);
    }
  });

  it('CA: 15/30/5 until 2024-12-31, 30/60/15 from 2025-01-01', () => {
    expect(limits('CA', '2010-06-15')).to.deep.equal([15, 30, 5]);
    expect(limits('CA', '2024-12-31')).to.deep.equal([15, 30, 5]);
    expect(limits('CA', '2025-01-01')).to.deep.equal([30, 60, 15]);
    expect(limits('CA', '2026-03-01')).to.deep.equal([30, 60, 15]);
  });

  it('AZ: 15/30/10 until 2020-06-30, 25/50/15 from 2020-07-01', () => {
    expect(limits('AZ', '2020-06-30')).to.deep.equal([15, 30, 10]);
    expect(limits('AZ', '2020-07-01')).to.deep.equal([25, 50, 15]);
  });

  it('steps through several changes (NJ 2023 and 2026, VA 2022 and 2025) and keeps PIP and UM with them', () => {
    expect(limits('NJ', '2022-12-31')).to.deep.equal([15, 30, 5]);
    expect(limits('NJ', '2023-01-01')).to.deep.equal([25, 50, 25]);
    expect(limits('NJ', '2026-01-01')).to.deep.equal([35, 70, 25]);
    expect(minimumsOn(data, 'NJ', '2025-11-01')).to.deep.include({ pip_required: true, pip_min: 15, um_required: true, um_min: [25, 50] });
    expect(limits('VA', '2021-12-31')).to.deep.equal([25, 50, 20]);
    expect(limits('VA', '2022-01-01')).to.deep.equal([30, 60, 20]);
    expect(limits('VA', '2025-01-01')).to.deep.equal([50, 100, 25]);
  });

  it('records no-fault, uninsured-motorist, single-limit and no-insurance states', () => {
    expect(minimumsOn(data, 'FL', '2025-11-01')).to.deep.include({ bi_per_person: null, pd: 10, pip_required: true, pip_min: 10 });
    expect(minimumsOn(data, 'NY', '2025-11-01')).to.deep.include({ pip_min: 50, um_min: [25, 50] });
    expect(minimumsOn(data, 'MI', '2025-11-01')).to.deep.include({ bi_per_person: 50, pip_required: true, pip_min: null });
    expect(minimumsOn(data, 'KY', '2025-11-01').csl_min).to.equal(60);
    expect(minimumsOn(data, 'NH', '2025-11-01').insurance_required).to.equal(false);
    expect(minimumsOn(data, 'WA', '2025-11-01')).to.deep.include({ bi_per_person: 25, pd: 10, pip_required: false, um_required: false });
  });

  it('an unknown state or a malformed date is ESDH_ERR_OPTION_INVALID saying what is accepted', async () => {
    const state = await expectEsdhError(() => minimumsOn(data, 'PR', '2025-01-01'), 'ESDH_ERR_OPTION_INVALID');
    expect(state.message).to.include('"PR"').and.include('AK, AL');
    const date = await expectEsdhError(() => minimumsOn(data, 'CA', '01/01/2025'), 'ESDH_ERR_OPTION_INVALID');
    expect(date.message).to.include('YYYY-MM-DD');
  });
});
