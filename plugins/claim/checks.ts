/** The claims' record rules (docs/book-claims.md, "Checks"): what one record shows by itself. */
import type { Claim, ClaimExposure, ClaimTransaction, RecordCheck } from '../../engine/kit.js';
import { COMPREHENSIVE_CAUSES } from './model.js';

const twoDecimals = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;
const sameCents = (a: number, b: number) => Math.round(a * 100) === Math.round(b * 100);

export const claimChecks: readonly RecordCheck<Claim>[] = [
  {
    name: 'claim.dates_order',
    description: 'report_date >= loss_date; closed_date >= report_date; a reopened claim was closed first and reopened after its report',
    test: (c) => c.report_date < c.loss_date ? `reported ${c.report_date} before the loss ${c.loss_date}`
      : c.closed_date !== null && c.closed_date < c.report_date ? `closed ${c.closed_date} before the report ${c.report_date}`
        : c.reopened_date !== null && (c.closed_date === null || c.reopened_date <= c.report_date) ? `reopened ${c.reopened_date} without a closing after the report ${c.report_date}` : null,
  },
  {
    name: 'claim.no_future_dates',
    description: 'no claim date after as_of',
    test: (c, ctx) => {
      const late = (['loss_date', 'report_date', 'closed_date', 'reopened_date'] as const).filter((f) => c[f] !== null && c[f]! > ctx.asOf);
      return late.length ? `${late.map((f) => `${f} ${c[f]}`).join(', ')} after as_of ${ctx.asOf}` : null;
    },
  },
  {
    name: 'claim.status_dates',
    description: 'open: never closed; closed: a closed_date, any reopening before it; reopened: reopened_date after closed_date',
    test: (c) => {
      if (c.status === 'open') return c.closed_date !== null || c.reopened_date !== null ? `open with closed_date ${c.closed_date} and reopened_date ${c.reopened_date}` : null;
      if (c.status === 'closed') return c.closed_date === null ? 'closed without a closed_date' : c.reopened_date !== null && c.reopened_date >= c.closed_date ? `closed on ${c.closed_date} but reopened on ${c.reopened_date}, after it` : null;
      return c.closed_date === null || c.reopened_date === null || c.reopened_date <= c.closed_date ? `reopened but reopened_date ${c.reopened_date} is not after closed_date ${c.closed_date}` : null;
    },
  },
  {
    name: 'claim.at_fault_cause',
    description: 'comprehensive and uninsured-motorist losses are not at fault; liability losses are',
    test: (c) => ((COMPREHENSIVE_CAUSES as readonly string[]).includes(c.loss_cause) || c.loss_cause === 'uninsured_motorist') && c.at_fault ? `${c.loss_cause} at fault`
      : (c.loss_cause === 'liability_bi' || c.loss_cause === 'liability_pd') && !c.at_fault ? `${c.loss_cause} not at fault` : null,
  },
];

const EXPOSURE_TYPES: Readonly<Record<string, readonly string[]>> = {
  BI: ['bodily_injury'], PD: ['property_damage'], CSL: ['bodily_injury', 'property_damage'], UMBI: ['bodily_injury'], UIMBI: ['bodily_injury'],
  UMPD: ['vehicle_damage'], MEDPAY: ['medical'], PIP: ['medical'], COMP: ['vehicle_damage'], COLL: ['vehicle_damage'],
};

export const exposureChecks: readonly RecordCheck<ClaimExposure>[] = [
  {
    name: 'claim_exposure.money',
    description: 'amounts in cents, none negative; incurred = paid indemnity + paid expense + outstanding reserve; net_incurred = incurred - salvage - subrogation',
    test: (e) => {
      const fields = ['reserve_outstanding', 'paid_indemnity', 'paid_expense', 'deductible_applied', 'recovery_salvage', 'recovery_subrogation', 'incurred'] as const;
      const bad = fields.filter((f) => !(e[f] >= 0) || !twoDecimals(e[f]));
      if (bad.length || !twoDecimals(e.net_incurred)) return `${[...bad, ...(twoDecimals(e.net_incurred) ? [] : ['net_incurred'])].map((f) => `${f} ${e[f as keyof ClaimExposure]}`).join(', ')}: not a non-negative amount in cents`;
      if (!sameCents(e.incurred, e.paid_indemnity + e.paid_expense + e.reserve_outstanding)) return `incurred ${e.incurred} is not ${e.paid_indemnity} + ${e.paid_expense} + ${e.reserve_outstanding}`;
      return sameCents(e.net_incurred, e.incurred - e.recovery_salvage - e.recovery_subrogation) ? null : `net_incurred ${e.net_incurred} is not ${e.incurred} - ${e.recovery_salvage} - ${e.recovery_subrogation}`;
    },
  },
  {
    name: 'claim_exposure.status',
    description: 'a closed exposure has a closed_date and no outstanding reserve; an open one no closed_date',
    test: (e) => e.status === 'closed'
      ? e.closed_date === null ? 'closed without a closed_date' : e.reserve_outstanding !== 0 ? `closed with ${e.reserve_outstanding} outstanding` : null
      : e.closed_date !== null ? `open with closed_date ${e.closed_date}` : null,
  },
  {
    name: 'claim_exposure.claimant_type',
    description: 'BI, PD and CSL pay third parties, the other lines the insured; the exposure type fits the line',
    test: (e) => {
      const third = e.coverage_code === 'BI' || e.coverage_code === 'PD' || e.coverage_code === 'CSL';
      if ((e.claimant_type === 'third_party') !== third) return `${e.coverage_code} paid to a claimant of type ${e.claimant_type}`;
      return EXPOSURE_TYPES[e.coverage_code]?.includes(e.exposure_type) ? null : `${e.exposure_type} on ${e.coverage_code}`;
    },
  },
  {
    name: 'claim_exposure.deductible_line',
    description: 'a deductible is applied only on COMP and COLL, and only with an indemnity payment',
    test: (e) => e.deductible_applied > 0 && (e.coverage_code !== 'COMP' && e.coverage_code !== 'COLL' || e.paid_indemnity === 0) ? `deductible ${e.deductible_applied} applied on ${e.coverage_code} with paid indemnity ${e.paid_indemnity}` : null,
  },
];

export const transactionChecks: readonly RecordCheck<ClaimTransaction>[] = [
  {
    name: 'claim_transaction.kind',
    description: 'reserves and payments carry a cost type and no recovery type, recoveries a recovery type and no cost type; payments and recoveries > 0, reserve changes not 0; amounts in cents',
    test: (t) => {
      if (!twoDecimals(t.amount)) return `amount ${t.amount} is not in cents`;
      if (t.transaction_type === 'recovery') return t.cost_type !== null || t.recovery_type === null ? `a recovery with cost_type ${t.cost_type}, recovery_type ${t.recovery_type}` : t.amount <= 0 ? `a recovery of ${t.amount}` : null;
      if (t.cost_type === null || t.recovery_type !== null) return `a ${t.transaction_type} with cost_type ${t.cost_type}, recovery_type ${t.recovery_type}`;
      return t.transaction_type === 'payment' && t.amount <= 0 ? `a payment of ${t.amount}` : t.transaction_type === 'reserve' && t.amount === 0 ? 'a reserve change of 0' : null;
    },
  },
];
