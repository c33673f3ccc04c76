/**
 * The claims' rules across records (docs/book-claims.md, "Checks"): a claim
 * against its policy term, vehicle and driver; its exposures against their
 * coverages, limits and deductibles; the exposures' money against their
 * transactions. Keeps ids and the few fields the rules need.
 */
import { type CheckContext, type CrossCheck, type CrossReport, type EntityRecord, toDayNumber } from '../../engine/kit.js';
import { CAUSE_RULES, claimModel, COMPREHENSIVE_CAUSES, type LossCause } from './model.js';

export const CLAIM_RULES = {
  'claim.loss_in_term': 'the loss falls inside its policy term: effective <= loss < expiration, and before a cancellation',
  'claim.vehicle_on_policy': "the claim's vehicle is scheduled on its policy term, and its exposures' coverages are on that vehicle (or policy-level)",
  'claim.driver_on_policy': "the claim's driver is listed on its policy term and not excluded",
  'claim.siu_inception': "a loss within the SIU window of the account's first term's effective date is referred to SIU",
  'claim.cause_exposures': "a claim has exposures, one on the line its cause is paid from (collision COLL, comprehensive causes COMP, liability PD/BI or CSL, uninsured motorist UM, medical MedPay/PIP); COMP only for comprehensive causes, COLL never for them",
  'claim.status_exposures': 'a closed claim has no open exposure, no outstanding reserve and closes with its last exposure; an open or reopened claim has an open exposure',
  'claim_exposure.coverage_on_claim': "an exposure's coverage is of the claim's policy term, with the exposure's coverage_code",
  'claim_exposure.one_per_claimant': 'one exposure per claimant and coverage of a claim',
  'claim_exposure.within_limits': "paid indemnity within the coverage's per-person limit per exposure and its per-accident (CSL: single) limit over the claim",
  'claim_exposure.deductible_once': "a COMP or COLL exposure with a payment applies the coverage's deductible; a claim applies a deductible once",
  'claim_exposure.recoveries': 'salvage only on COMP and COLL, subrogation only when the insured was not at fault; recoveries not above the paid indemnity',
  'claim_exposure.dates': "an exposure closes between its claim's report date and as_of",
  'claim_exposure.transaction_sums': "an exposure's paid indemnity, paid expense, recoveries and outstanding reserve are the sums of its transactions (outstanding = reserve changes - payments)",
  'claim_exposure.reserve_never_negative': 'per cost type, reserve changes minus payments, at the end of every day, are never below zero',
  'claim_transaction.dates': "a transaction is dated between its claim's report date and as_of",
} as const;

type Rule = keyof typeof CLAIM_RULES;

interface ClaimFacts {
  readonly policy: string;
  readonly vehicle: string;
  readonly cause: LossCause;
  readonly atFault: boolean;
  readonly status: string;
  readonly report: string;
  readonly closed: string | null;
  readonly where: string;
  codes: string[];
  openExposures: number;
  outstanding: number;
  lastClose: string | null;
  deductibles: number;
  readonly unscheduled: string | null;
  readonly offVehicle: string[];
}

interface ExposureFacts {
  readonly claim: string;
  readonly where: string;
  readonly fields: Readonly<Record<'paid_indemnity' | 'paid_expense' | 'recovery_salvage' | 'recovery_subrogation' | 'reserve_outstanding', number>>;
  readonly sums: Record<'paid_indemnity' | 'paid_expense' | 'recovery_salvage' | 'recovery_subrogation' | 'reserve_outstanding', number>;
  /** Per cost type and day: the reserve changes minus payments (in cents). */
  readonly days: Map<string, number>;
}

const cents = (x: number) => Math.round(x * 100);

export function claimCrossChecks(ctx: CheckContext): CrossCheck {
  const asOf = ctx.asOf;
  const siuDays = claimModel(ctx.data).siu.inception_days;
  const policies = new Map<string, { account: string; eff: string; exp: string; cancel: string | null; term: number }>();
  const inception = new Map<string, string>();
  const scheduled = new Set<string>();
  const drivers = new Map<string, string>();
  const coverages = new Map<string, { policy: string; vehicle: string | null; code: string; perPerson: number | null; perAccident: number | null; single: number | null; deductible: number | null }>();
  const claims = new Map<string, ClaimFacts>();
  const claimants = new Set<string>();
  const perAccident = new Map<string, { paid: number; limit: number; where: string }>();
  const exposures = new Map<string, ExposureFacts>();
  const check = (report: CrossReport, rule: Rule, problem: string | null, where: string) => report(rule, problem, where);

  const visitClaim = (r: EntityRecord, where: string, report: CrossReport) => {
    const policy = policies.get(String(r.policy_id));
    const loss = String(r.loss_date);
    if (policy) {
      const end = policy.cancel ?? policy.exp;
      check(report, 'claim.loss_in_term', loss < policy.eff || loss >= end ? `loss ${loss} outside the term ${policy.eff} to ${end}${policy.cancel ? ' (cancelled)' : ''}` : null, where);
      const first = inception.get(policy.account);
      if (first !== undefined) {
        const within = toDayNumber(loss) - toDayNumber(first) < siuDays;
        check(report, 'claim.siu_inception', within && r.siu_referral !== true ? `loss ${loss} within ${siuDays} days of inception ${first}, not referred to SIU` : null, where);
      }
    }
    const key = `${String(r.policy_id)}|${String(r.vehicle_id)}`;
    const unscheduled = scheduled.has(key) ? null : `vehicle ${String(r.vehicle_id)} is not on policy ${String(r.policy_id)}`;
    const status = drivers.get(`${String(r.policy_id)}|${String(r.driver_id)}`);
    check(report, 'claim.driver_on_policy', status === undefined ? `driver ${String(r.driver_id)} is not listed on policy ${String(r.policy_id)}` : status === 'excluded' ? `driver ${String(r.driver_id)} is excluded on the policy` : null, where);
    claims.set(String(r.claim_id), {
      policy: String(r.policy_id), vehicle: String(r.vehicle_id), cause: r.loss_cause as LossCause, atFault: r.at_fault === true, status: String(r.status),
      report: String(r.report_date), closed: (r.closed_date as string | null) ?? null, where, codes: [], openExposures: 0, outstanding: 0, lastClose: null, deductibles: 0, unscheduled, offVehicle: [],
    });
  };

  // A snapshot may hold claims without their exposures (entities ..claim): then nothing is said of what a claim files.
  let sawExposures = false;
  const visitExposure = (r: EntityRecord, where: string, report: CrossReport) => {
    sawExposures = true;
    const claim = claims.get(String(r.claim_id));
    const coverage = coverages.get(String(r.coverage_id));
    const code = String(r.coverage_code);
    const paid = Number(r.paid_indemnity);
    if (claim) {
      claim.codes.push(code);
      if (r.status === 'open') claim.openExposures++;
      claim.outstanding += cents(Number(r.reserve_outstanding));
      const closed = (r.closed_date as string | null) ?? null;
      if (closed !== null && (claim.lastClose === null || closed > claim.lastClose)) claim.lastClose = closed;
      check(report, 'claim_exposure.dates', closed !== null && (closed < claim.report || closed > asOf) ? `closed ${closed}, outside ${claim.report} (report) to ${asOf}` : null, where);
      const salvage = Number(r.recovery_salvage);
      const subro = Number(r.recovery_subrogation);
      check(report, 'claim_exposure.recoveries', salvage > 0 && code !== 'COMP' && code !== 'COLL' ? `salvage on ${code}`
        : subro > 0 && claim.atFault ? 'subrogation on an at-fault claim'
          : cents(salvage) + cents(subro) > cents(paid) ? `recoveries ${salvage} + ${subro} above the paid indemnity ${paid}` : null, where);
      const key = `${String(r.claim_id)}|${String(r.coverage_id)}|${String(r.claimant_number)}`;
      check(report, 'claim_exposure.one_per_claimant', claimants.has(key) ? `claimant ${String(r.claimant_number)} has another exposure on coverage ${String(r.coverage_id)} of this claim` : null, where);
      claimants.add(key);
      if (Number(r.deductible_applied) > 0) claim.deductibles++;
    }
    if (claim && coverage) {
      const problem = coverage.policy !== claim.policy ? `coverage ${String(r.coverage_id)} is of policy ${coverage.policy}, the claim's is ${claim.policy}`
        : coverage.code !== code ? `coverage_code ${code}, the coverage's is ${coverage.code}` : null;
      check(report, 'claim_exposure.coverage_on_claim', problem, where);
      if (coverage.vehicle !== null && coverage.vehicle !== claim.vehicle) claim.offVehicle.push(`${String(r.exposure_id)} is on a coverage of vehicle ${coverage.vehicle}`);
      check(report, 'claim_exposure.within_limits', coverage.perPerson !== null && coverage.code !== 'CSL' && paid > coverage.perPerson ? `paid ${paid} above the per-person limit ${coverage.perPerson}` : null, where);
      const limit = coverage.code === 'CSL' ? coverage.single : coverage.perAccident;
      if (limit !== null) {
        const k = `${String(r.claim_id)}|${String(r.coverage_id)}`;
        const sum = perAccident.get(k) ?? { paid: 0, limit, where };
        sum.paid += cents(paid);
        perAccident.set(k, sum);
      }
      if ((code === 'COMP' || code === 'COLL') && paid > 0) {
        check(report, 'claim_exposure.deductible_once', cents(Number(r.deductible_applied)) !== cents(coverage.deductible ?? 0) ? `deductible_applied ${String(r.deductible_applied)}, the coverage's deductible ${String(coverage.deductible)}` : null, where);
      }
    }
    const fields = {
      paid_indemnity: cents(paid), paid_expense: cents(Number(r.paid_expense)), recovery_salvage: cents(Number(r.recovery_salvage)),
      recovery_subrogation: cents(Number(r.recovery_subrogation)), reserve_outstanding: cents(Number(r.reserve_outstanding)),
    };
    exposures.set(String(r.exposure_id), { claim: String(r.claim_id), where, fields, sums: { paid_indemnity: 0, paid_expense: 0, recovery_salvage: 0, recovery_subrogation: 0, reserve_outstanding: 0 }, days: new Map() });
  };

  const visitTransaction = (r: EntityRecord, where: string, report: CrossReport) => {
    const exposure = exposures.get(String(r.exposure_id));
    if (!exposure) return;
    const date = String(r.transaction_date);
    const claim = claims.get(exposure.claim);
    if (claim) check(report, 'claim_transaction.dates', date < claim.report || date > asOf ? `dated ${date}, outside ${claim.report} (report) to ${asOf}` : null, where);
    const amount = cents(Number(r.amount));
    const cost = String(r.cost_type);
    const s = exposure.sums;
    if (r.transaction_type === 'recovery') {
      if (r.recovery_type === 'salvage') s.recovery_salvage += amount; else s.recovery_subrogation += amount;
      return;
    }
    const delta = r.transaction_type === 'reserve' ? amount : -amount;
    if (r.transaction_type === 'payment') {
      if (cost === 'expense') s.paid_expense += amount; else s.paid_indemnity += amount;
    }
    s.reserve_outstanding += delta;
    const key = `${cost}|${date}`;
    exposure.days.set(key, (exposure.days.get(key) ?? 0) + delta);
  };

  return {
    rules: CLAIM_RULES,
    reads: ['policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'],
    visit(entity, r, where, report) {
      switch (entity) {
        case 'policy': {
          const account = String(r.account_id);
          policies.set(String(r.policy_id), { account, eff: String(r.effective_date), exp: String(r.expiration_date), cancel: (r.cancellation_date as string | null) ?? null, term: Number(r.term_number) });
          if (Number(r.term_number) === 1 && r.status !== 'quote') {
            const seen = inception.get(account);
            if (seen === undefined || String(r.effective_date) < seen) inception.set(account, String(r.effective_date));
          }
          return;
        }
        case 'policy_driver': drivers.set(`${String(r.policy_id)}|${String(r.person_id)}`, String(r.driver_status)); return;
        case 'policy_vehicle': scheduled.add(`${String(r.policy_id)}|${String(r.vehicle_id)}`); return;
        case 'coverage':
          coverages.set(String(r.coverage_id), {
            policy: String(r.policy_id), vehicle: (r.vehicle_id as string | null) ?? null, code: String(r.coverage_code),
            perPerson: (r.limit_per_person as number | null) ?? null, perAccident: (r.limit_per_accident as number | null) ?? null, single: (r.limit_single as number | null) ?? null, deductible: (r.deductible as number | null) ?? null,
          });
          return;
        case 'claim': visitClaim(r, where, report); return;
        case 'claim_exposure': visitExposure(r, where, report); return;
        case 'claim_transaction': visitTransaction(r, where, report); return;
      }
    },
    finish(report) {
      for (const [k, sum] of perAccident) check(report, 'claim_exposure.within_limits', sum.paid > cents(sum.limit) ? `paid ${sum.paid / 100} over the claim above the per-accident limit ${sum.limit} (${k.split('|')[1]})` : null, sum.where);
      for (const claim of claims.values()) {
        const rules = CAUSE_RULES[claim.cause];
        const comp = (COMPREHENSIVE_CAUSES as readonly string[]).includes(claim.cause);
        const problem = claim.codes.length === 0 ? 'no exposures'
          : !claim.codes.some((c) => (rules.primary as readonly string[]).includes(c)) ? `${claim.cause} with no exposure on ${rules.primary.join(' or ')} (has ${claim.codes.join(', ')})`
            : !comp && claim.codes.includes('COMP') ? `COMP exposure on a ${claim.cause} claim`
              : comp && claim.codes.includes('COLL') ? `COLL exposure on a ${claim.cause} claim` : null;
        if (sawExposures) check(report, 'claim.cause_exposures', problem, claim.where);
        check(report, 'claim.vehicle_on_policy', claim.unscheduled ?? (claim.offVehicle.length ? `exposure ${claim.offVehicle.join('; ')}, not the claim's ${claim.vehicle}` : null), claim.where);
        const statusProblem = claim.status === 'closed'
          ? claim.openExposures > 0 ? `closed with ${claim.openExposures} open exposure(s)` : claim.outstanding > 0 ? `closed with ${claim.outstanding / 100} outstanding` : claim.lastClose !== null && claim.closed !== claim.lastClose ? `closed ${claim.closed}, its last exposure closed ${claim.lastClose}` : null
          : claim.codes.length > 0 && claim.openExposures === 0 ? `${claim.status} with every exposure closed` : null;
        if (sawExposures) check(report, 'claim.status_exposures', statusProblem, claim.where);
        if (claim.deductibles > 1) check(report, 'claim_exposure.deductible_once', `a deductible applied on ${claim.deductibles} exposures of the claim`, claim.where);
      }
      for (const e of exposures.values()) {
        const off = (Object.keys(e.fields) as (keyof ExposureFacts['fields'])[]).filter((f) => e.fields[f] !== e.sums[f]);
        check(report, 'claim_exposure.transaction_sums', off.length ? off.map((f) => `${f} ${e.fields[f] / 100}, its transactions ${e.sums[f] / 100}`).join('; ') : null, e.where);
        let negative: string | null = null;
        for (const cost of ['indemnity', 'expense']) {
          const days = [...e.days.entries()].filter(([k]) => k.startsWith(`${cost}|`)).sort(([a], [b]) => (a < b ? -1 : 1));
          let running = 0;
          for (const [k, delta] of days) {
            running += delta;
            if (running < 0 && negative === null) negative = `${cost} reserve ${running / 100} at the end of ${k.split('|')[1]}`;
          }
        }
        check(report, 'claim_exposure.reserve_never_negative', negative, e.where);
      }
    },
  };
}
