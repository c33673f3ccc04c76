/**
 * What the claims model is measured by (docs/book-claims.md, "Measured"):
 * frequency per 100 earned car-years and mean paid indemnity per coverage
 * against the ISO private-passenger figures, the reports and closings on
 * as_of against the daily average, and the share of claims open by age.
 * A pure function of a snapshot's records: data/scripts/measure-claims.mjs
 * runs it on a written snapshot, test/book/claims-realism.test.ts on a book
 * made in memory.
 */
import { fromDayNumber, toDayNumber } from '../../engine/kit.js';

type Row = Readonly<Record<string, unknown>>;

export interface ClaimRecords {
  readonly policies: readonly Row[];
  readonly policy_vehicles: readonly Row[];
  readonly coverages: readonly Row[];
  readonly claims: readonly Row[];
  readonly claim_exposures: readonly Row[];
}

export type IsoCoverage = 'BI' | 'PD' | 'COLL' | 'COMP';
export const ISO_FREQUENCY: Readonly<Record<IsoCoverage, number>> = { BI: 0.77, PD: 2.58, COLL: 4.54, COMP: 4.06 };
export const ISO_SEVERITY: Readonly<Record<IsoCoverage, number>> = { BI: 26501, PD: 6551, COLL: 5470, COMP: 2306 };
const GROUPS: readonly IsoCoverage[] = ['BI', 'PD', 'COLL', 'COMP'];

export interface ClaimMeasures {
  /** Losses up to this day count (as_of - 365: a mature accident period, nearly every claim reported and settled). */
  readonly cutoff: string;
  readonly carYears: Readonly<Record<IsoCoverage, number>>;
  readonly paidClaims: Readonly<Record<IsoCoverage, number>>;
  /** Paid exposures per 100 earned car-years of the vehicles carrying the coverage. */
  readonly frequency: Readonly<Record<IsoCoverage, number>>;
  readonly totalFrequency: number;
  /** Claims (counted once each) with a paid exposure on one of the four, per 100 earned car-years (PD's base). */
  readonly claimsPer100: number;
  /** Mean paid indemnity of closed exposures with a payment. */
  readonly severity: Readonly<Record<IsoCoverage, number>>;
  readonly severityCount: Readonly<Record<IsoCoverage, number>>;
  /** Claims reported (closed) on as_of over the mean per day of the 30 days before. */
  readonly reportOnAsOfRatio: number;
  readonly closedOnAsOfRatio: number;
  /** Share of claims open or reopened by days since report. */
  readonly openByAge: readonly { readonly ages: string; readonly claims: number; readonly open: number }[];
}

/** The ISO group of a Personal exposure: BI and PD by what a CSL paid. */
function groupOf(e: Row): IsoCoverage | null {
  const code = String(e.coverage_code);
  if (code === 'COLL' || code === 'COMP') return code;
  if (code === 'BI' || (code === 'CSL' && e.exposure_type === 'bodily_injury')) return 'BI';
  if (code === 'PD' || (code === 'CSL' && e.exposure_type === 'property_damage')) return 'PD';
  return null;
}

export function measureClaims(records: ClaimRecords, asOf: string): ClaimMeasures {
  const asOfDay = toDayNumber(asOf);
  const cutoffDay = asOfDay - 365;
  const personal = new Map<string, { first: number; end: number }>();
  for (const p of records.policies) {
    if (p.lob_type !== 'Personal' || p.status === 'quote') continue;
    const first = toDayNumber(String(p.effective_date));
    const end = Math.min(toDayNumber(String(p.cancellation_date ?? p.expiration_date)), cutoffDay + 1);
    personal.set(String(p.policy_id), { first, end });
  }
  // Lines per (policy, vehicle), and policy-level CSLs.
  const lines = new Map<string, Set<string>>();
  const policyCsl = new Set<string>();
  for (const c of records.coverages) {
    if (!personal.has(String(c.policy_id))) continue;
    if (c.vehicle_id === null || c.vehicle_id === '') { if (c.coverage_code === 'CSL') policyCsl.add(String(c.policy_id)); continue; }
    const key = `${String(c.policy_id)}|${String(c.vehicle_id)}`;
    (lines.get(key) ?? lines.set(key, new Set()).get(key)!).add(String(c.coverage_code));
  }
  const carYears: Record<IsoCoverage, number> = { BI: 0, PD: 0, COLL: 0, COMP: 0 };
  for (const pv of records.policy_vehicles) {
    const term = personal.get(String(pv.policy_id));
    if (!term || term.end <= term.first) continue;
    const years = (term.end - term.first) / 365.25;
    const has = lines.get(`${String(pv.policy_id)}|${String(pv.vehicle_id)}`) ?? new Set<string>();
    const csl = has.has('CSL') || policyCsl.has(String(pv.policy_id));
    if (has.has('BI') || csl) carYears.BI += years;
    if (has.has('PD') || csl) carYears.PD += years;
    if (has.has('COLL')) carYears.COLL += years;
    if (has.has('COMP')) carYears.COMP += years;
  }
  const claims = new Map(records.claims.map((c) => [String(c.claim_id), c]));
  const paidClaims: Record<IsoCoverage, number> = { BI: 0, PD: 0, COLL: 0, COMP: 0 };
  const paidSum: Record<IsoCoverage, number> = { BI: 0, PD: 0, COLL: 0, COMP: 0 };
  const paidCount: Record<IsoCoverage, number> = { BI: 0, PD: 0, COLL: 0, COMP: 0 };
  const claimsWithPayment = new Set<string>();
  for (const e of records.claim_exposures) {
    const claim = claims.get(String(e.claim_id));
    if (!claim || !personal.has(String(claim.policy_id))) continue;
    const group = groupOf(e);
    const paid = Number(e.paid_indemnity);
    if (!group || !(paid > 0)) continue;
    if (e.status === 'closed') { paidSum[group] += paid; paidCount[group]++; }
    if (toDayNumber(String(claim.loss_date)) <= cutoffDay) { paidClaims[group]++; claimsWithPayment.add(String(e.claim_id)); }
  }
  const frequency = Object.fromEntries(GROUPS.map((g) => [g, carYears[g] > 0 ? (100 * paidClaims[g]) / carYears[g] : 0])) as Record<IsoCoverage, number>;
  const severity = Object.fromEntries(GROUPS.map((g) => [g, paidCount[g] > 0 ? paidSum[g] / paidCount[g] : 0])) as Record<IsoCoverage, number>;

  const reports = new Map<number, number>();
  const closings = new Map<number, number>();
  const bump = (m: Map<number, number>, d: number) => m.set(d, (m.get(d) ?? 0) + 1);
  const bands = [[0, 7], [8, 30], [31, 90], [91, 365], [366, Number.POSITIVE_INFINITY]] as const;
  const openByAge = bands.map(([lo, hi]) => ({ ages: hi === Number.POSITIVE_INFINITY ? `${lo}+ days` : `${lo}-${hi} days`, claims: 0, open: 0 }));
  for (const c of records.claims) {
    const report = toDayNumber(String(c.report_date));
    bump(reports, report);
    if (c.closed_date !== null && c.closed_date !== '') bump(closings, toDayNumber(String(c.closed_date)));
    const age = asOfDay - report;
    const band = openByAge[bands.findIndex(([lo, hi]) => age >= lo && age <= hi)]!;
    band.claims++;
    if (c.status !== 'closed') band.open++;
  }
  const ratio = (m: Map<number, number>) => {
    let sum = 0;
    for (let d = asOfDay - 30; d < asOfDay; d++) sum += m.get(d) ?? 0;
    return sum > 0 ? (m.get(asOfDay) ?? 0) / (sum / 30) : 0;
  };
  return {
    cutoff: fromDayNumber(cutoffDay), carYears, paidClaims, frequency,
    totalFrequency: GROUPS.reduce((s, g) => s + frequency[g], 0),
    claimsPer100: carYears.PD > 0 ? (100 * claimsWithPayment.size) / carYears.PD : 0,
    severity, severityCount: paidCount,
    reportOnAsOfRatio: ratio(reports), closedOnAsOfRatio: ratio(closings), openByAge,
  };
}
