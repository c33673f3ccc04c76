/**
 * The claims model's tables (data/reference/claims/claim-model.json) and the
 * few distributions the plan draws from: Poisson counts, lognormal amounts
 * and delays, each from one uniform of a seeded stream (inverse CDF), so a
 * draw conditioned on a range (a delay that must end by as_of) costs the
 * same single uniform as a free one.
 */
import type { ReferenceData } from '../../engine/kit.js';

export type LossCause = 'collision' | 'theft' | 'vandalism' | 'glass' | 'weather' | 'animal' | 'fire' | 'liability_bi' | 'liability_pd' | 'uninsured_motorist' | 'medical';
export const CAUSES: readonly LossCause[] = ['collision', 'theft', 'vandalism', 'glass', 'weather', 'animal', 'fire', 'liability_bi', 'liability_pd', 'uninsured_motorist', 'medical'];
export const COMPREHENSIVE_CAUSES: readonly LossCause[] = ['glass', 'weather', 'animal', 'theft', 'vandalism', 'fire'];
export type ClaimStatus = 'open' | 'closed' | 'reopened';
export const STATUSES: readonly ClaimStatus[] = ['open', 'closed', 'reopened'];

/** The coverage codes an exposure may be on (the lines a claim can be paid from). */
export const EXPOSURE_CODES = ['BI', 'PD', 'CSL', 'UMBI', 'UIMBI', 'UMPD', 'MEDPAY', 'PIP', 'COMP', 'COLL'] as const;
export type ExposureCode = (typeof EXPOSURE_CODES)[number];
export type ExposureType = 'bodily_injury' | 'property_damage' | 'vehicle_damage' | 'medical';

/** Third-party liability lines; every other line pays the insured. */
export const THIRD_PARTY_CODES: ReadonlySet<string> = new Set(['BI', 'PD', 'CSL']);
/** Lines whose payments are net of the deductible. */
export const DEDUCTIBLE_CODES: ReadonlySet<string> = new Set(['COMP', 'COLL']);

/** The lines a cause is paid from first (the claim's reason to exist), and whether the insured may be at fault for it. */
export const CAUSE_RULES: Readonly<Record<LossCause, { readonly primary: readonly ExposureCode[]; readonly faults: readonly boolean[] }>> = {
  collision: { primary: ['COLL'], faults: [true, false] },
  liability_pd: { primary: ['PD', 'CSL'], faults: [true] },
  liability_bi: { primary: ['BI', 'CSL'], faults: [true] },
  uninsured_motorist: { primary: ['UMBI', 'UIMBI', 'UMPD'], faults: [false] },
  medical: { primary: ['MEDPAY', 'PIP'], faults: [true, false] },
  glass: { primary: ['COMP'], faults: [false] },
  weather: { primary: ['COMP'], faults: [false] },
  animal: { primary: ['COMP'], faults: [false] },
  theft: { primary: ['COMP'], faults: [false] },
  vandalism: { primary: ['COMP'], faults: [false] },
  fire: { primary: ['COMP'], faults: [false] },
};

/** How often each cause is placed when --where asks for a claim (its share among the book's claims, roughly). */
export const PLACED_CAUSE_WEIGHTS: Readonly<Record<LossCause, number>> = {
  collision: 40, liability_pd: 12, liability_bi: 4, uninsured_motorist: 3, medical: 3, glass: 12, weather: 7, animal: 6, theft: 4, vandalism: 5, fire: 1,
};

interface Scenario { readonly rate_per_100: number; readonly [key: string]: unknown }
export interface AtFaultScenario extends Scenario { readonly bi_share: number; readonly bi_claimants: readonly (readonly [number, number])[]; readonly own_damage_share: number; readonly medical_share: number; readonly pip_share: number }
export interface NotAtFaultScenario extends Scenario { readonly own_damage_share: number; readonly medical_share: number; readonly pip_share: number; readonly subrogation_share: number }
export interface UninsuredScenario extends Scenario { readonly umbi_share: number; readonly umbi_claimants: readonly (readonly [number, number])[]; readonly umpd_share: number; readonly own_damage_share: number; readonly medical_share: number; readonly pip_share: number }
export interface SingleScenario extends Scenario { readonly medical_share: number; readonly pip_share: number }
export interface ComprehensiveScenario extends Scenario { readonly causes: Readonly<Record<string, number>> }

export interface Lognormal { readonly mean: number; readonly sigma: number }
export interface Delay { readonly median_days: number; readonly sigma: number }

export interface ClaimModel {
  readonly scenarios: {
    readonly at_fault_other_party: AtFaultScenario;
    readonly not_at_fault_insured_other: NotAtFaultScenario;
    readonly uninsured_other: UninsuredScenario;
    readonly single_vehicle: SingleScenario;
    readonly comprehensive: ComprehensiveScenario;
  };
  readonly no_payment_share: Readonly<Record<string, number>>;
  readonly severity: Readonly<Record<string, Lognormal & { readonly by_cause?: Readonly<Record<string, number>> }>>;
  readonly total_loss_threshold: Readonly<Record<string, number>>;
  readonly salvage_share: readonly [number, number];
  readonly subrogation_share: readonly [number, number];
  readonly expense: Readonly<Record<string, Lognormal & { readonly share: number; readonly otherwise: number }>>;
  readonly report_lag: Delay;
  readonly close_delay: Readonly<Record<string, Delay>>;
  readonly no_payment_close_factor: number;
  readonly reopen: { readonly share: number; readonly after_days: readonly [number, number]; readonly reclose_median_days: number; readonly reclose_sigma: number; readonly supplement_share: readonly [number, number] };
  readonly siu: { readonly inception_days: number; readonly base_rate: number };
  readonly factors: {
    readonly driver_age: readonly { readonly from: number; readonly to: number; readonly factor: number }[];
    readonly driver_age_applies_to: readonly string[];
    readonly risk_rating: Readonly<Record<string, number>>;
    readonly territory_buckets: readonly number[];
    readonly personal_calibration: number;
    readonly commercial_class: Readonly<Record<string, number>>;
    readonly commercial_radius: Readonly<Record<string, number>>;
    readonly commercial_severity: Readonly<Record<string, number>>;
  };
}

const models = new WeakMap<ReferenceData, ClaimModel>();

export function claimModel(data: ReferenceData): ClaimModel {
  let model = models.get(data);
  if (!model) models.set(data, (model = data.get<ClaimModel>('claims.claim-model')));
  return model;
}

/** Dollars rounded to cents. */
export const cents = (x: number): number => Math.round(x * 100) / 100;

/** The standard normal CDF (Abramowitz and Stegun 7.1.26 on erf, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  if (q < 0.02425) {
    const s = Math.sqrt(-2 * Math.log(q));
    return (((((c[0]! * s + c[1]!) * s + c[2]!) * s + c[3]!) * s + c[4]!) * s + c[5]!) / ((((d[0]! * s + d[1]!) * s + d[2]!) * s + d[3]!) * s + 1);
  }
  if (q > 1 - 0.02425) {
    const s = Math.sqrt(-2 * Math.log(1 - q));
    return -(((((c[0]! * s + c[1]!) * s + c[2]!) * s + c[3]!) * s + c[4]!) * s + c[5]!) / ((((d[0]! * s + d[1]!) * s + d[2]!) * s + d[3]!) * s + 1);
  }
  const r = q - 0.5;
  const s = r * r;
  return ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) / (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
}

/** A lognormal amount with this mean (not median) and sigma, from one uniform. */
export function lognormal(u: number, mean: number, sigma: number): number {
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * normalQuantile(u));
}

/**
 * A whole number of days, floor of a lognormal with this median, from one
 * uniform, conditioned on lo <= days <= hi (inverse CDF over the range, so
 * no draw is thrown away).
 */
export function delayDays(u: number, median: number, sigma: number, lo = 0, hi = Number.POSITIVE_INFINITY): number {
  const mu = Math.log(median);
  const cdf = (days: number) => (days <= 0 ? 0 : days === Number.POSITIVE_INFINITY ? 1 : normalCdf((Math.log(days) - mu) / sigma));
  const [pLo, pHi] = [cdf(lo), cdf(hi + 1)];
  const p = pLo + u * (pHi - pLo);
  const days = Math.floor(Math.exp(mu + sigma * normalQuantile(p)));
  return Math.min(Math.max(days, lo), hi);
}

/** A Poisson count with mean `lambda`, from one uniform (inversion). */
export function poisson(u: number, lambda: number): number {
  let p = Math.exp(-lambda);
  let f = p;
  let k = 0;
  while (u > f && k < 1000) {
    k++;
    p *= lambda / k;
    f += p;
  }
  return k;
}

/** A value of `table` (`[value, weight]` pairs) by weight, from one uniform. */
export function weighted<T>(u: number, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let target = u * total;
  for (const [value, w] of table) {
    target -= w;
    if (target < 0) return value;
  }
  return table[table.length - 1]![0];
}
