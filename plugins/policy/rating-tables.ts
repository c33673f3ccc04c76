/** The rating sketch's tables (data/reference/rating/rates.json, fees.json), read once per reference-data source. */
import type { ReferenceData } from '../../engine/kit.js';

export type Lob = 'Personal' | 'Commercial';

export interface RatingTables {
  readonly min_premium: number;
  readonly base_annual: Readonly<Record<Lob, Readonly<Record<string, number>>>>;
  readonly territory: Readonly<Record<string, number>>;
  readonly zip3_buckets: readonly number[];
  readonly driver_age: readonly { readonly from: number; readonly to: number; readonly factor: number }[];
  readonly driver_age_applies_to: readonly string[];
  readonly risk_rating: Readonly<Record<string, number>>;
  readonly physical_damage_vehicle_age: readonly { readonly max_age: number; readonly factor: number }[];
  readonly commercial_class: Readonly<Record<string, number>>;
  readonly radius: Readonly<Record<string, number>>;
  readonly deductible: Readonly<Record<string, number>>;
  readonly increased_limits: {
    readonly split_bi: Readonly<Record<string, number>>;
    readonly pd: Readonly<Record<string, number>>;
    readonly csl: Readonly<Record<string, number>>;
    readonly csl_commercial_base: number;
    readonly medpay: Readonly<Record<string, number>>;
    readonly pip_exponent: number;
    readonly pip_base: number;
    readonly rental: Readonly<Record<string, number>>;
    readonly towing: Readonly<Record<string, number>>;
  };
  readonly limits: {
    readonly split: readonly (readonly [number, number, number])[];
    readonly split_weights: readonly number[];
    readonly personal_csl: readonly number[];
    readonly personal_csl_weights: readonly number[];
    readonly commercial_csl: readonly number[];
    readonly commercial_csl_weights: readonly number[];
    readonly medpay: readonly number[];
    readonly medpay_weights: readonly number[];
    readonly pip_choices: readonly number[];
    readonly pip_weights: readonly number[];
    readonly michigan_pip: number;
    readonly rental: readonly (readonly [number, number])[];
    readonly towing: readonly number[];
    readonly comp_deductibles: readonly number[];
    readonly comp_deductible_weights: readonly number[];
    readonly coll_deductibles: readonly number[];
    readonly coll_deductible_weights: readonly number[];
  };
  readonly uim_required: readonly string[];
  readonly federal_minimums: { readonly general: number; readonly oil: number; readonly hazmat: number; readonly gvwr_from_lbs: number };
}

export interface FeeTable {
  readonly default: Readonly<Record<Lob, number>>;
  readonly states: Readonly<Record<string, Readonly<Record<Lob, number>>>>;
}

const rates = new WeakMap<ReferenceData, RatingTables>();
const fees = new WeakMap<ReferenceData, FeeTable>();

export function ratingTables(data: ReferenceData): RatingTables {
  let table = rates.get(data);
  if (!table) rates.set(data, (table = data.get<RatingTables>('rating.rates')));
  return table;
}

/** The policy fee of a term in `state` for `lob`, in US dollars. */
export function policyFee(data: ReferenceData, state: string, lob: Lob): number {
  let table = fees.get(data);
  if (!table) fees.set(data, (table = data.get<FeeTable>('rating.fees')));
  return table.states[state]?.[lob] ?? table.default[lob];
}
