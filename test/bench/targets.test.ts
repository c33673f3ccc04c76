/** The bench's issue-15 targets table: each target met or missed exactly at its threshold, and what it says when a measurement is missing. */
import { expect } from 'chai';
import { ISSUE_15, ISSUE_16, issue15Targets, issue16Targets, statusCell, type TargetInputs } from '../../bench/targets.js';

/** Every target exactly at its threshold (RSS just under: its target is strict). */
const atThresholds: TargetInputs = {
  units: ISSUE_15.units,
  csvRatio: ISSUE_15.csvRatio,
  bothRatio: ISSUE_15.bothRatio,
  workers: 2,
  workersRatio: ISSUE_15.workersRatio,
  capacity: 1.98,
  maxRssMb: ISSUE_15.rssMb - 0.5,
  httpShare: ISSUE_15.httpShare,
  book: { accounts: 40_000, csvAccountsPerS: 812.4, csvRatio: 0.0321, bothAccountsPerS: 640, bothRatio: 0.04 },
  startupS: 0.2,
};

const statuses = (inputs: TargetInputs) => issue15Targets(inputs).map((t) => t.status);

describe('bench targets (issue 15)', () => {
  it('meets every target measured exactly at its threshold, and reports the book without a threshold', () => {
    expect(statuses(atThresholds)).to.deep.equal(['met', 'met', 'met', 'met', 'met', 'reported', 'met']);
  });

  it('misses each target just below its threshold, one at a time', () => {
    const below: [keyof TargetInputs, number, number][] = [
      ['csvRatio', 5.99, 0],
      ['bothRatio', 3.99, 1],
      ['workersRatio', 1.79, 2],
      ['maxRssMb', 200, 3],
      ['httpShare', 0.249, 4],
      ['startupS', 0.5, 6],
    ];
    for (const [field, value, row] of below) {
      const got = statuses({ ...atThresholds, [field]: value });
      expect(got[row], `${field} = ${value}`).to.equal('missed');
      expect(got.filter((s) => s === 'missed'), `${field} = ${value} misses only its own target`).to.have.length(1);
    }
  });

  it('says "not measured" for the HTTP bench, the book and RSS when they were not measured, and drops the startup row', () => {
    const rows = issue15Targets({ ...atThresholds, httpShare: null, book: null, maxRssMb: null, startupS: null });
    expect(rows.map((r) => r.status)).to.deep.equal(['met', 'met', 'met', 'not measured', 'not measured', 'not measured']);
    expect(rows[4]!.measured).to.equal('not measured');
  });

  it('shows the measured values and names the size when it is not the issue\'s 1,000,000', () => {
    const rows = issue15Targets({ ...atThresholds, units: 20_000, csvRatio: 2.345, httpShare: 0.3125 });
    expect(rows[0]!.measured).to.equal('2.35x');
    expect(rows[0]!.target).to.contain('20,000 bundles').and.contain('1,000,000');
    expect(rows[2]!.measured).to.contain('1.98x');
    expect(rows[4]!.measured).to.equal('31.3%');
    expect(rows[5]!.measured).to.contain('812/s').and.contain('0.032x');
    expect(issue15Targets(atThresholds)[0]!.target).not.to.contain('the issue\'s size');
  });

  it('puts misses in bold', () => {
    expect(statusCell('missed')).to.equal('**missed**');
    expect(statusCell('met')).to.equal('met');
  });
});

describe('bench targets (issue 16)', () => {
  it('the queue at 1 worker: met just under 1.10x the single process, missed at 1.10x, not measured without a run', () => {
    const [under] = issue16Targets({ units: ISSUE_16.units, oneWorkerRatio: 1.099 });
    expect(under!.status).to.equal('met');
    expect(under!.measured).to.equal('1.10x (9.9% over the single process)');
    expect(under!.target).to.include('at 1,000,000 bundles').and.include('< 10%');
    expect(issue16Targets({ units: ISSUE_16.units, oneWorkerRatio: 1.1 })[0]!.status).to.equal('missed');
    expect(issue16Targets({ units: 200_000, oneWorkerRatio: 1.05 })[0]!.target).to.include("at 200,000 bundles (the issue's size: 1,000,000)");
    expect(issue16Targets(null)).to.deep.equal([{ target: '(issue 16) the queue, 1 worker: < 10% over the single process (ratio < 1.10x), median', measured: 'not measured', status: 'not measured' }]);
  });
});
