/**
 * Every claims rule (record checks and cross checks) passes on a written
 * book, and each one, broken once by editing a record of the written
 * snapshot (the manifest's checksums fixed so only the domain rules can
 * notice), makes `esdh verify` report exactly that rule.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, fromDayNumber, toDayNumber } from '../../../engine/index.js';
import { CLAIM_RULES } from '../../../plugins/claim/cross-checks.js';
import { claimChecks, exposureChecks, transactionChecks } from '../../../plugins/claim/checks.js';
import { esdh } from '../../helpers/cli.js';
import { newEngine } from '../../helpers/engine.js';
import { tamperNdjsonRecord } from '../../helpers/tamper.js';

type Row = Record<string, unknown> & { readonly line: number };
const AS_OF = '2025-11-01';
const day = (date: unknown, plus: number) => fromDayNumber(toDayNumber(String(date)) + plus);

interface Book { readonly [plural: string]: Row[] }

function read(dir: string, plural: string): Row[] {
  return readFileSync(join(dir, `${plural}_v0_1.ndjson`), 'utf8').split('\n').filter(Boolean).map((l, i) => ({ ...(JSON.parse(l) as Record<string, unknown>), line: i + 1 }));
}

/** One edit: which file and line, and what to change; several when a break needs them. */
type Edit = readonly [plural: string, row: Row, mutate: (r: Record<string, unknown>) => void];

const find = (rows: readonly Row[], test: (r: Row) => boolean, what: string): Row => {
  const found = rows.find(test);
  if (!found) throw new Error(`the test book has no ${what}`);
  return found;
};

/** Each rule, with the edits that break it (and nothing else). */
const BREAKS: Record<string, (b: Book) => Edit[]> = {
  'claim.dates_order': (b) => [['claims', find(b.claims!, (c) => c.status === 'closed' && c.reopened_date === null, 'closed claim'), (r) => { r.report_date = day(r.loss_date, -1); }]],
  'claim.no_future_dates': (b) => {
    const c = find(b.claims!, (x) => x.status === 'closed' && x.reopened_date === null && b.claim_exposures!.some((e) => e.claim_id === x.claim_id), 'closed claim');
    const e = find(b.claim_exposures!, (x) => x.claim_id === c.claim_id, 'exposure');
    return [['claims', c, (r) => { r.status = 'reopened'; r.reopened_date = day(AS_OF, 1); }], ['claim_exposures', e, (r) => { r.status = 'open'; r.closed_date = null; }]];
  },
  'claim.status_dates': (b) => [['claims', find(b.claims!, (c) => c.status === 'closed' && c.reopened_date === null && String(c.closed_date) > String(c.report_date), 'claim closed after its report'), (r) => { r.reopened_date = r.closed_date; }]],
  'claim.at_fault_cause': (b) => [['claims', find(b.claims!, (c) => c.loss_cause === 'glass', 'glass claim'), (r) => { r.at_fault = true; }]],
  'claim.loss_in_term': (b) => {
    const later = new Map(b.policies!.filter((p) => Number(p.term_number) > 1).map((p) => [p.policy_id, p]));
    const c = find(b.claims!, (x) => later.has(x.policy_id), 'claim on a renewal term');
    return [['claims', c, (r) => { r.loss_date = day(later.get(c.policy_id)!.effective_date, -1); }]];
  },
  'claim.vehicle_on_policy': (b) => {
    const c = b.claims![0]!;
    const other = find(b.vehicles!, (v) => v.account_id !== b.policies!.find((p) => p.policy_id === c.policy_id)!.account_id, 'vehicle of another account');
    return [['claims', c, (r) => { r.vehicle_id = other.vehicle_id; }]];
  },
  'claim.driver_on_policy': (b) => {
    const c = b.claims![0]!;
    const other = find(b.persons!, (p) => p.account_id !== b.policies!.find((x) => x.policy_id === c.policy_id)!.account_id, 'person of another account');
    return [['claims', c, (r) => { r.driver_id = other.person_id; }]];
  },
  'claim.siu_inception': (b) => {
    const first = new Map(b.policies!.filter((p) => p.term_number === 1).map((p) => [p.policy_id, p]));
    const c = find(b.claims!, (x) => first.has(x.policy_id) && x.siu_referral === false, 'unreferred claim on a first term');
    return [['claims', c, (r) => { r.loss_date = first.get(c.policy_id)!.effective_date; }]];
  },
  'claim.cause_exposures': (b) => [['claims', find(b.claims!, (c) => c.loss_cause === 'collision' && c.at_fault === false, 'collision not at fault'), (r) => { r.loss_cause = 'glass'; }]],
  'claim.status_exposures': (b) => [['claims', find(b.claims!, (c) => c.status === 'closed' && c.reopened_date === null && String(c.closed_date) < AS_OF, 'claim closed before as_of'), (r) => { r.closed_date = day(r.closed_date, 1); }]],
  'claim_exposure.coverage_on_claim': (b) => {
    const covs = new Map(b.coverages!.map((c) => [c.coverage_id, c]));
    const e = find(b.claim_exposures!, (x) => x.coverage_code === 'COLL' && b.coverages!.some((c) => c.coverage_code === 'COLL' && c.vehicle_id === covs.get(x.coverage_id)!.vehicle_id && c.policy_id !== covs.get(x.coverage_id)!.policy_id && c.deductible === covs.get(x.coverage_id)!.deductible), 'COLL exposure');
    const mine = covs.get(e.coverage_id)!;
    const other = b.coverages!.find((c) => c.coverage_code === 'COLL' && c.vehicle_id === mine.vehicle_id && c.policy_id !== mine.policy_id && c.deductible === mine.deductible)!;
    return [['claim_exposures', e, (r) => { r.coverage_id = other.coverage_id; }]];
  },
  'claim_exposure.one_per_claimant': (b) => {
    const e = find(b.claim_exposures!, (x) => b.claim_exposures!.some((y) => y !== x && y.claim_id === x.claim_id && y.coverage_id === x.coverage_id), 'two exposures on one coverage of a claim');
    const other = b.claim_exposures!.find((y) => y !== e && y.claim_id === e.claim_id && y.coverage_id === e.coverage_id)!;
    return [['claim_exposures', e, (r) => { r.claimant_number = other.claimant_number; }]];
  },
  'claim_exposure.within_limits': (b) => {
    const e = find(b.claim_exposures!, (x) => x.coverage_code === 'MEDPAY' && Number(x.paid_indemnity) > 5, 'MedPay exposure with a payment');
    return [['coverages', b.coverages!.find((c) => c.coverage_id === e.coverage_id)!, (r) => { r.limit_per_person = 1; }]];
  },
  'claim_exposure.deductible_once': (b) => {
    const e = find(b.claim_exposures!, (x) => x.coverage_code === 'COLL' && Number(x.deductible_applied) === 500, 'COLL exposure at deductible 500');
    return [['coverages', b.coverages!.find((c) => c.coverage_id === e.coverage_id)!, (r) => { r.deductible = 1000; }]];
  },
  'claim_exposure.recoveries': (b) => {
    const e = find(b.claim_exposures!, (x) => Number(x.recovery_subrogation) > 0, 'exposure with subrogation');
    return [['claims', b.claims!.find((c) => c.claim_id === e.claim_id)!, (r) => { r.at_fault = true; }]];
  },
  'claim_exposure.dates': (b) => {
    const e = find(b.claim_exposures!, (x) => x.status === 'closed' && b.claims!.some((c) => c.claim_id === x.claim_id && c.status !== 'closed'), 'closed exposure of an open claim');
    const c = b.claims!.find((x) => x.claim_id === e.claim_id)!;
    return [['claim_exposures', e, (r) => { r.closed_date = day(c.report_date, -1); }]];
  },
  'claim_exposure.transaction_sums': (b) => [['claim_exposures', b.claim_exposures![0]!, (r) => {
    r.paid_expense = Math.round((Number(r.paid_expense) + 1) * 100) / 100;
    r.incurred = Math.round((Number(r.incurred) + 1) * 100) / 100;
    r.net_incurred = Math.round((Number(r.net_incurred) + 1) * 100) / 100;
  }]],
  'claim_exposure.reserve_never_negative': (b) => {
    // An exposure paid once, after its report day: its first indemnity reserve moved to the day after the payment.
    const byExposure = new Map<unknown, Row[]>();
    for (const t of b.claim_transactions!) (byExposure.get(t.exposure_id) ?? byExposure.set(t.exposure_id, []).get(t.exposure_id)!).push(t);
    for (const list of byExposure.values()) {
      const payments = list.filter((t) => t.transaction_type === 'payment' && t.cost_type === 'indemnity');
      const reserves = list.filter((t) => t.transaction_type === 'reserve' && t.cost_type === 'indemnity');
      if (payments.length !== 1 || String(payments[0]!.transaction_date) <= String(reserves[0]!.transaction_date) || day(payments[0]!.transaction_date, 1) > AS_OF) continue;
      return [['claim_transactions', reserves[0]!, (r) => { r.transaction_date = day(payments[0]!.transaction_date, 1); }]];
    }
    throw new Error('the test book has no exposure paid once after its report day');
  },
  'claim_transaction.dates': (b) => [['claim_transactions', b.claim_transactions![0]!, (r) => { r.transaction_date = day(r.transaction_date, -1); }]],
  'claim_exposure.money': (b) => [['claim_exposures', b.claim_exposures![0]!, (r) => { r.incurred = Math.round((Number(r.incurred) + 0.01) * 100) / 100; }]],
  'claim_exposure.status': (b) => [['claim_exposures', find(b.claim_exposures!, (x) => x.status === 'closed' && b.claims!.some((c) => c.claim_id === x.claim_id && c.status !== 'closed'), 'closed exposure of an open claim'), (r) => { r.closed_date = null; }]],
  'claim_exposure.claimant_type': (b) => [['claim_exposures', find(b.claim_exposures!, (x) => x.coverage_code === 'PD', 'PD exposure'), (r) => { r.claimant_type = 'insured'; }]],
  'claim_exposure.deductible_line': (b) => [['claim_exposures', find(b.claim_exposures!, (x) => x.coverage_code === 'PD' && !b.claim_exposures!.some((y) => y.claim_id === x.claim_id && Number(y.deductible_applied) > 0), 'PD exposure on a claim with no deductible'), (r) => { r.deductible_applied = 100; }]],
  'claim_transaction.kind': (b) => [['claim_transactions', find(b.claim_transactions!, (t) => t.transaction_type === 'payment', 'payment'), (r) => { r.amount = Number(r.amount) + 0.001; }]],
};

describe('claims rules in esdh verify (each broken once in a written snapshot)', function () {
  this.timeout(600_000);
  let engine: Engine;
  let root: string;
  let dir: string;
  let book: Book;

  before(async () => {
    engine = await newEngine();
    root = mkdtempSync(join(tmpdir(), 'esdh-claim-rules-'));
    dir = join(root, 'book');
    const run = await esdh(['run', '--profile', 'book', '--records', '250', '--seed', '7', '--format', 'ndjson', '--out', dir, '--quiet'], root);
    expect(run.code, run.stderr).to.equal(0);
    book = Object.fromEntries(['policies', 'coverages', 'vehicles', 'persons', 'claims', 'claim_exposures', 'claim_transactions'].map((p) => [p, read(dir, p)]));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('every claims rule passes on the written book, having checked records', async () => {
    const report = await engine.verify(dir);
    const claimRules = report.rules.filter((r) => r.rule.startsWith('claim'));
    expect(claimRules.filter((r) => r.failed > 0).map((r) => `${r.rule}: ${r.examples.join(' | ')}`)).to.deep.equal([]);
    expect(claimRules.map((r) => r.rule).sort()).to.deep.equal(Object.keys(BREAKS).sort());
    for (const r of claimRules) expect(r.checked, r.rule).to.be.greaterThan(0);
  });

  it('a snapshot of claims without their exposures (--entities claim) passes: the rules on what a claim files are not run', async () => {
    const only = join(root, 'claims-only');
    const run = await esdh(['run', '--profile', 'book', '--entities', 'claim', '--records', '120', '--seed', '7', '--format', 'ndjson', '--out', only, '--quiet'], root);
    expect(run.code, run.stderr).to.equal(0);
    const report = await engine.verify(only);
    expect(report.rules.filter((r) => r.failed > 0).map((r) => `${r.rule}: ${r.examples.join(' | ')}`)).to.deep.equal([]);
    const ran = new Map(report.rules.map((r) => [r.rule, r.checked]));
    expect(ran.get('claim.loss_in_term')).to.be.greaterThan(0);
    expect(ran.get('claim.cause_exposures') ?? 0).to.equal(0);
  });

  it('has a breaking edit for every rule the claims plugins declare', () => {
    const declared = [...Object.keys(CLAIM_RULES), ...[...claimChecks, ...exposureChecks, ...transactionChecks].map((c) => c.name)];
    expect(Object.keys(BREAKS).sort()).to.deep.equal(declared.sort());
  });

  for (const [rule, breakIt] of Object.entries(BREAKS)) {
    it(`${rule}: verify reports exactly this rule when it is broken`, async () => {
      const copy = join(root, rule);
      cpSync(dir, copy, { recursive: true });
      try {
        for (const [plural, row, mutate] of breakIt(book)) tamperNdjsonRecord(copy, `${plural}_v0_1.ndjson`, row.line, mutate);
        const report = await engine.verify(copy);
        expect(report.rules.filter((r) => r.failed > 0).map((r) => `${r.rule}: ${r.examples.slice(0, 2).join(' | ')}`)).to.have.length(1);
        expect(report.rules.filter((r) => r.failed > 0).map((r) => r.rule)).to.deep.equal([rule]);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });
  }
});


