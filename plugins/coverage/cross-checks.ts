/**
 * The book's rules on coverages and premiums (docs/book-policies.md,
 * "Checks"), run by `esdh verify`: limits against the state minimums in
 * force on the term's effective date, UM/UIM against BI, PIP where required,
 * deductibles, symbols, the federal minimum of for-hire carriers, premiums
 * and the policy total.
 */
import type { CheckContext, CrossCheck, CrossReport, EntityRecord } from '../../engine/kit.js';
import { cslFloor, DEDUCTIBLES, federalMinimum } from '../policy/rating.js';
import { ratingTables } from '../policy/rating-tables.js';
import { minimumsOn } from '../policy/state-minimums.js';

export const COVERAGE_RULES = {
  'coverage.vehicle_on_policy': "a coverage's vehicle is scheduled on its policy",
  'coverage.liability_minimum': 'liability at or above the state minimum on the effective date: BI per person and per accident and PD, or a CSL at least the state csl_min (else BI per accident + PD)',
  'coverage.um_within_bi': "UMBI and UIMBI limits not above the vehicle's BI limits (or its CSL)",
  'coverage.um_required': 'where the state requires UM, every vehicle carries UMBI at least its minimum',
  'coverage.pip_required': 'where the state requires PIP, every vehicle carries PIP at least pip_min',
  'coverage.deductible_set': 'COMP and COLL carry a deductible from 0, 100, 250, 500, 1000, 2000; other coverages none outside that set',
  'coverage.coll_with_comp': 'a vehicle with COLL has COMP',
  'coverage.for_hire_minimum': 'a for-hire carrier\'s vehicle of 10,001 lb GVWR or more has a CSL of at least $750,000 ($1,000,000 oil, $5,000,000 hazmat; 49 CFR 387.9)',
  'coverage.symbol': 'Commercial coverages carry a covered-auto symbol, Personal ones none',
  'coverage.hnoa_policy_level': 'HNOA is policy-level (no vehicle) on symbol 8 or 9; a policy-level coverage is HNOA or a symbol-1 CSL',
  'coverage.premium': 'every premium is above 0 with at most two decimals',
  'policy.total_premium': "a policy's total_premium is the sum of its coverage premiums plus its fees, to the cent",
} as const;

type Rule = keyof typeof COVERAGE_RULES;

interface PolicyFacts {
  readonly account: string;
  readonly lob: string;
  readonly state: string;
  readonly effective: string;
  readonly totalCents: number;
  readonly feeCents: number;
  readonly where: string;
  sumCents: number;
}

interface VehicleCover {
  readonly policy: string;
  readonly vehicle: string;
  readonly where: string;
  bi?: readonly [number, number];
  pd?: number;
  csl?: number;
  um: { readonly code: string; readonly limits: readonly [number, number] }[];
  pip?: number;
  comp: boolean;
  coll: boolean;
}

const cents = (x: number) => Math.round(x * 100);

export function coverageCrossChecks(ctx: CheckContext): CrossCheck {
  const accounts = new Map<string, { readonly operation: string | null; readonly cargo: string | null }>();
  const gvwr = new Map<string, number | null>();
  const policies = new Map<string, PolicyFacts>();
  const scheduled = new Set<string>();
  const covers = new Map<string, VehicleCover>();
  const policyCsl = new Map<string, number>();
  const check = (report: CrossReport, rule: Rule, problem: string | null, where: string) => report(rule, problem, where);

  const visitCoverage = (r: EntityRecord, where: string, report: CrossReport) => {
    const policyId = String(r.policy_id);
    const policy = policies.get(policyId);
    const code = String(r.coverage_code);
    const vehicle = (r.vehicle_id as string | null) ?? null;
    const premium = Number(r.premium);
    check(report, 'coverage.premium', !(premium > 0) ? `premium ${premium}` : Math.abs(premium * 100 - cents(premium)) > 1e-6 ? `premium ${premium} has more than two decimals` : null, where);
    const deductible = r.deductible as number | null;
    const dedProblem = (code === 'COMP' || code === 'COLL') && deductible === null ? `${code} without a deductible`
      : deductible !== null && !DEDUCTIBLES.includes(deductible) ? `deductible ${deductible} is not one of ${DEDUCTIBLES.join(', ')}` : null;
    check(report, 'coverage.deductible_set', dedProblem, where);
    if (!policy) return;
    policy.sumCents += cents(premium);
    const symbol = r.symbol as string | null;
    check(report, 'coverage.symbol', policy.lob === 'Commercial' ? (symbol === null ? `Commercial ${code} without a symbol` : null) : symbol !== null ? `Personal ${code} with symbol ${symbol}` : null, where);
    if (code === 'HNOA' || vehicle === null) {
      const problem = code === 'HNOA' ? (vehicle !== null ? `HNOA on vehicle ${vehicle}` : symbol !== '8' && symbol !== '9' ? `HNOA on symbol ${String(symbol)}` : null)
        : code === 'CSL' && symbol === '1' ? null : `policy-level ${code} on symbol ${String(symbol)}`;
      check(report, 'coverage.hnoa_policy_level', problem, where);
      if (code === 'CSL' && vehicle === null) policyCsl.set(policyId, Number(r.limit_single));
      return;
    }
    const key = `${policyId}|${vehicle}`;
    check(report, 'coverage.vehicle_on_policy', scheduled.has(key) ? null : `vehicle ${vehicle} is not on policy ${policyId}`, where);
    let cover = covers.get(key);
    if (!cover) covers.set(key, (cover = { policy: policyId, vehicle, where, um: [], comp: false, coll: false }));
    const pp = r.limit_per_person as number | null, pa = r.limit_per_accident as number | null;
    if (code === 'BI') cover.bi = [pp ?? 0, pa ?? 0];
    else if (code === 'PD') cover.pd = pa ?? 0;
    else if (code === 'CSL') cover.csl = Number(r.limit_single);
    else if (code === 'UMBI' || code === 'UIMBI') cover.um.push({ code, limits: [pp ?? 0, pa ?? 0] });
    else if (code === 'PIP') cover.pip = pp ?? 0;
    else if (code === 'COMP') cover.comp = true;
    else if (code === 'COLL') cover.coll = true;
  };

  const finish = (report: CrossReport) => {
    const tables = ratingTables(ctx.data);
    for (const cover of covers.values()) {
      const policy = policies.get(cover.policy)!;
      const min = minimumsOn(ctx.data, policy.state, policy.effective);
      const csl = cover.csl ?? policyCsl.get(cover.policy);
      let liability: string | null;
      if (csl !== undefined) liability = csl < cslFloor(min) ? `CSL ${csl} below ${policy.state}'s ${cslFloor(min)} on ${policy.effective}` : null;
      else if (!cover.bi && min.bi_per_person !== null) liability = 'no BI or CSL';
      else if (cover.pd === undefined) liability = 'no PD or CSL';
      else {
        const [pp, pa] = cover.bi ?? [0, 0];
        liability = pp < (min.bi_per_person ?? 0) * 1000 || pa < (min.bi_per_accident ?? 0) * 1000 || cover.pd < min.pd * 1000
          ? `BI ${pp}/${pa} PD ${cover.pd} below ${policy.state}'s ${min.bi_per_person}/${min.bi_per_accident}/${min.pd} (thousands) on ${policy.effective}` : null;
      }
      check(report, 'coverage.liability_minimum', liability, cover.where);
      const over = cover.um.find((u) => (csl !== undefined ? u.limits[0] > csl || u.limits[1] > csl : !cover.bi || u.limits[0] > cover.bi[0] || u.limits[1] > cover.bi[1]));
      check(report, 'coverage.um_within_bi', over ? `${over.code} ${over.limits.join('/')} above ${csl !== undefined ? `CSL ${csl}` : `BI ${cover.bi?.join('/') ?? 'none'}`}` : null, cover.where);
      if (min.um_required) {
        const umbi = cover.um.find((u) => u.code === 'UMBI');
        const [mp, ma] = (min.um_min ?? [0, 0]).map((x) => x * 1000);
        check(report, 'coverage.um_required', !umbi ? `${policy.state} requires UM: no UMBI` : umbi.limits[0] < mp! || umbi.limits[1] < ma! ? `UMBI ${umbi.limits.join('/')} below ${mp}/${ma}` : null, cover.where);
      }
      if (min.pip_required) {
        const floor = (min.pip_min ?? 0) * 1000;
        check(report, 'coverage.pip_required', cover.pip === undefined ? `${policy.state} requires PIP: none` : cover.pip < floor ? `PIP ${cover.pip} below ${floor}` : null, cover.where);
      }
      check(report, 'coverage.coll_with_comp', cover.coll && !cover.comp ? 'COLL without COMP' : null, cover.where);
      const account = accounts.get(policy.account);
      if (account?.operation === 'for_hire') {
        const need = federalMinimum(tables, { operation: 'for_hire', cargo: account.cargo } as never, { gvwr_lbs: gvwr.get(cover.vehicle) ?? 0 } as never);
        if (need > 0) check(report, 'coverage.for_hire_minimum', csl === undefined || csl < need ? `CSL ${String(csl)} below the federal ${need} for a for-hire ${String(account.cargo)} carrier` : null, cover.where);
      }
    }
    for (const policy of policies.values()) {
      const expected = policy.sumCents + policy.feeCents;
      check(report, 'policy.total_premium', expected !== policy.totalCents ? `total_premium ${policy.totalCents / 100} is not coverages ${policy.sumCents / 100} + fees ${policy.feeCents / 100}` : null, policy.where);
    }
  };

  return {
    rules: COVERAGE_RULES,
    reads: ['account', 'vehicle', 'policy', 'policy_vehicle', 'coverage'],
    visit(entity, r, where, report) {
      if (entity === 'account') accounts.set(String(r.account_id), { operation: (r.operation as string | null) ?? null, cargo: (r.cargo as string | null) ?? null });
      else if (entity === 'vehicle') gvwr.set(String(r.vehicle_id), (r.gvwr_lbs as number | null) ?? null);
      else if (entity === 'policy') policies.set(String(r.policy_id), { account: String(r.account_id), lob: String(r.lob_type), state: String(r.base_state), effective: String(r.effective_date), totalCents: cents(Number(r.total_premium)), feeCents: cents(Number(r.fees)), where, sumCents: 0 });
      else if (entity === 'policy_vehicle') scheduled.add(`${String(r.policy_id)}|${String(r.vehicle_id)}`);
      else if (entity === 'coverage') visitCoverage(r, where, report);
    },
    finish,
  };
}
