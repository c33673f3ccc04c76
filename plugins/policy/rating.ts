/**
 * The rating sketch (docs/book-policies.md, "Premiums"): a term's coverage
 * lines with their limits, deductibles and premiums, as a pure function of
 * the account, the term's layout (vehicles and their principal drivers) and
 * the run seed. The policy plugin sums it into total_premium before the
 * coverage plugin writes it line by line: same inputs, same lines.
 *
 * NOT a filed rate plan: round factors from data/reference/rating/rates.json.
 */
import { type Account, type Coverage, hashString, RandomStream, type ReferenceData, type Vehicle } from '../../engine/kit.js';
import { minimumsOn, type StateMinimums } from './state-minimums.js';
import { type Lob, policyFee, ratingTables, type RatingTables } from './rating-tables.js';
import type { TermLayout, TermVehicle } from './unit-plan.js';
import type { CoverageForce } from './coverage-force.js';

export type CoverageCode = Coverage['coverage_code'];
export type CoverageSymbol = Coverage['symbol'];

/** One coverage of a term, without its ids. */
export interface CoverageLine {
  readonly vehicle_id: string | null;
  readonly coverage_code: CoverageCode;
  readonly limit_per_person: number | null;
  readonly limit_per_accident: number | null;
  readonly limit_single: number | null;
  readonly deductible: number | null;
  readonly premium: number;
  readonly symbol: CoverageSymbol;
}

export interface RateInputs {
  readonly seed: number;
  readonly unitIndex: number;
  readonly data: ReferenceData;
  readonly account: Account;
  readonly termMonths: 6 | 12;
  readonly layout: TermLayout;
  /** --where: draws to force (unit-plan.ts demandsOf), or none. */
  readonly force?: CoverageForce | null;
}


/** The deductibles a line may carry. */
export const DEDUCTIBLES: readonly number[] = [0, 100, 250, 500, 1000, 2000];
/** Share of Personal accounts on a combined single limit instead of split BI/PD. */
export const PERSONAL_CSL_SHARE = 0.08;
/** Share of Personal accounts carrying UM where the state does not require it. */
export const UM_OPTIONAL_SHARE = 0.6;
/** Commercial accounts with one policy-level CSL on symbol 1 (any auto) instead of symbol 7 per vehicle. */
export const SYMBOL_1_SHARE = 0.1;
/** Commercial accounts with hired and non-owned auto liability. */
export const HNOA_SHARE = 0.6;

const PLAN_KEY = hashString('coverage-plan');
const cache = new WeakMap<TermLayout, { readonly seed: number; readonly unitIndex: number; readonly lines: readonly CoverageLine[] }>();

const cents = (x: number): number => Math.round(x * 100) / 100;

/** The FNV-1a hash of the ZIP's first three digits picks one of the buckets. */
export function zip3Factor(tables: RatingTables, postalCode: string): number {
  return tables.zip3_buckets[hashString(postalCode.slice(0, 3)) % tables.zip3_buckets.length]!;
}

export function driverAgeFactor(tables: RatingTables, age: number): number {
  return tables.driver_age.find((band) => age >= band.from && age <= band.to)?.factor ?? 1;
}

export function vehicleAgeFactor(tables: RatingTables, age: number): number {
  return tables.physical_damage_vehicle_age.find((band) => age <= band.max_age)?.factor ?? 1;
}

/** The account's choices, fixed along its chain (limits are raised to a term's minimums). */
interface AccountChoices {
  readonly csl: boolean;
  readonly splitTier: number;
  readonly personalCsl: number;
  readonly commercialCsl: number;
  readonly umOptional: boolean;
  readonly umAtBi: boolean;
  readonly uim: boolean;
  readonly umpd: boolean;
  readonly medpay: number | null;
  readonly pip: number;
  readonly symbol1: boolean;
  readonly hnoa: boolean;
}

interface VehicleChoices {
  readonly physicalDamageDraw: number;
  readonly compOnly: boolean;
  readonly compDeductible: number;
  readonly collDeductible: number;
  readonly rental: readonly [number, number] | null;
  readonly towing: number | null;
}

function accountChoices(tables: RatingTables, seed: number, unitIndex: number, f: CoverageForce | null | undefined): AccountChoices {
  const r = new RandomStream(seed, PLAN_KEY, unitIndex, 0);
  const l = tables.limits;
  const csl = r.bool(PERSONAL_CSL_SHARE);
  return {
    csl: f?.csl ?? csl,
    splitTier: r.pickWeighted(l.split.map((_, i) => i), l.split_weights),
    personalCsl: r.pickWeighted(l.personal_csl, l.personal_csl_weights),
    commercialCsl: r.pickWeighted(l.commercial_csl, l.commercial_csl_weights),
    umOptional: r.bool(UM_OPTIONAL_SHARE) || f?.um === true,
    umAtBi: r.bool(0.7),
    uim: r.bool(0.5) || f?.uim === true,
    umpd: r.bool(0.3) || f?.umpd === true,
    medpay: r.bool(0.55) || f?.medpay === true ? r.pickWeighted(l.medpay, l.medpay_weights) : null,
    pip: r.pickWeighted(l.pip_choices, l.pip_weights),
    symbol1: r.bool(SYMBOL_1_SHARE) && f?.noSymbol1 !== true,
    hnoa: r.bool(HNOA_SHARE) || f?.hnoa === true,
  };
}

function vehicleChoices(tables: RatingTables, seed: number, unitIndex: number, vehicleIndex: number, force: CoverageForce | null | undefined): VehicleChoices {
  const r = new RandomStream(seed, PLAN_KEY, unitIndex, 1 + vehicleIndex);
  const l = tables.limits;
  // --where forces vehicle 0's lines only.
  const f = vehicleIndex === 0 ? force : null;
  const drawn = r.next();
  const physicalDamageDraw = f?.comp ? 0 : drawn;
  const compOnly = r.bool(0.05) && f?.coll !== true;
  const compDeductible = r.pickWeighted(l.comp_deductibles, l.comp_deductible_weights);
  const collDeductible = r.pickWeighted(l.coll_deductibles, l.coll_deductible_weights);
  const rental = r.bool(0.35) || f?.rental === true ? r.pick(l.rental) : null;
  const towing = r.bool(0.3) || f?.towing === true ? r.pick(l.towing) : null;
  return { physicalDamageDraw, compOnly, compDeductible, collDeductible, rental, towing };
}

/** The least split limits (in $1000) a term needs: the state's BI/PD, and BI at least the required UM. */
function splitFloor(min: StateMinimums): [number, number, number] {
  return [Math.max(min.bi_per_person ?? 0, min.um_min?.[0] ?? 0), Math.max(min.bi_per_accident ?? 0, min.um_min?.[1] ?? 0), min.pd];
}

/** The least CSL (US dollars) for the state: its csl_min when it records one, else BI per accident + PD; never below the required UM per accident. */
export function cslFloor(min: StateMinimums): number {
  const base = min.csl_min ?? (min.bi_per_accident ?? 0) + min.pd;
  return Math.max(base, min.um_min?.[1] ?? 0) * 1000;
}

/** The federal minimum (US dollars) for a for-hire account's vehicle: 0 when none applies (49 CFR 387.9). */
export function federalMinimum(tables: RatingTables, account: Account, vehicle: Vehicle): number {
  const fed = tables.federal_minimums;
  if (account.operation !== 'for_hire' || (vehicle.gvwr_lbs ?? 0) < fed.gvwr_from_lbs) return 0;
  return account.cargo === 'hazmat' ? fed.hazmat : account.cargo === 'oil' ? fed.oil : fed.general;
}

/**
 * The term's coverage lines, vehicle by vehicle (in the account's vehicle
 * order), then the policy-level lines; memoised per term layout.
 */
export function rateTerm(inputs: RateInputs): readonly CoverageLine[] {
  const hit = cache.get(inputs.layout);
  if (hit && hit.seed === inputs.seed && hit.unitIndex === inputs.unitIndex) return hit.lines;
  const lines = inputs.account.lob_type === 'Commercial' ? rateCommercial(inputs) : ratePersonal(inputs);
  cache.set(inputs.layout, { seed: inputs.seed, unitIndex: inputs.unitIndex, lines });
  return lines;
}

/** The rater for one line: base x territory x ZIP3 x driver age x vehicle x the given factor x term share. */
function rater(tables: RatingTables, lob: Lob, state: string, termMonths: number) {
  const base = tables.base_annual[lob];
  const territory = tables.territory[state] ?? 1;
  return (code: CoverageCode, tv: TermVehicle | null, postalCode: string, factor: number): number => {
    let premium = base[code]! * territory * zip3Factor(tables, postalCode) * factor * (termMonths / 12);
    if (tv) {
      if (tables.driver_age_applies_to.includes(code)) premium *= driverAgeFactor(tables, tv.principalAge);
      premium *= vehicleFactor(tables, lob, tv.vehicle);
    }
    return Math.max(tables.min_premium, cents(premium));
  };
}

function vehicleFactor(tables: RatingTables, lob: Lob, vehicle: Vehicle): number {
  if (lob === 'Personal') return tables.risk_rating[vehicle.risk_rating] ?? 1;
  return (tables.commercial_class[vehicle.vehicle_class ?? ''] ?? 1) * (tables.radius[vehicle.radius_class ?? ''] ?? 1);
}

const line = (vehicle_id: string | null, coverage_code: CoverageCode, premium: number, limits: Partial<Pick<CoverageLine, 'limit_per_person' | 'limit_per_accident' | 'limit_single' | 'deductible'>>, symbol: CoverageSymbol): CoverageLine => ({
  vehicle_id,
  coverage_code,
  limit_per_person: limits.limit_per_person ?? null,
  limit_per_accident: limits.limit_per_accident ?? null,
  limit_single: limits.limit_single ?? null,
  deductible: limits.deductible ?? null,
  premium,
  symbol,
});

/** The smallest split tier meeting `floor`, in $1000 (the last tier when none does). */
function tierAtLeast(tables: RatingTables, floor: readonly number[]): number {
  const i = tables.limits.split.findIndex((t) => t[0] >= floor[0]! && t[1] >= floor[1]! && t[2] >= (floor[2] ?? 0));
  return i < 0 ? tables.limits.split.length - 1 : i;
}

function physicalDamage(tables: RatingTables, choice: VehicleChoices, tv: TermVehicle, effective: string, lob: Lob): { comp: boolean; coll: boolean; ageFactor: number } {
  const age = Math.max(0, Number(effective.slice(0, 4)) - tv.vehicle.model_year);
  const share = lob === 'Commercial' ? (age <= 12 ? 0.8 : 0.35) : age <= 10 ? 0.88 : 0.45;
  const comp = choice.physicalDamageDraw < share;
  return { comp, coll: comp && !choice.compOnly, ageFactor: vehicleAgeFactor(tables, age) };
}

/** What rating a term starts from, the same for both lines: the tables, the state's minimums on the effective date, the account's choices and the line's rater. */
function termRating(inputs: RateInputs, lob: Lob) {
  const tables = ratingTables(inputs.data);
  const state = inputs.account.state;
  return {
    tables,
    ilf: tables.increased_limits,
    state,
    min: minimumsOn(inputs.data, state, inputs.layout.term.effective),
    choice: accountChoices(tables, inputs.seed, inputs.unitIndex, inputs.force),
    rate: rater(tables, lob, state, inputs.termMonths),
  };
}

function ratePersonal(inputs: RateInputs): CoverageLine[] {
  const { layout, seed, unitIndex } = inputs;
  const { tables, ilf, state, min, choice, rate } = termRating(inputs, 'Personal');
  const split = tables.limits.split;
  const tier = split[Math.max(choice.splitTier, tierAtLeast(tables, splitFloor(min)))]!;
  const csl = [...tables.limits.personal_csl].filter((c) => c >= choice.personalCsl && c >= cslFloor(min))[0] ?? tables.limits.personal_csl[tables.limits.personal_csl.length - 1]!;
  const umRequired = min.um_required;
  const carryUm = umRequired || choice.umOptional;
  const umFloor = min.um_min ?? [0, 0];
  const umTier = choice.csl
    ? split[tierAtLeast(tables, [umFloor[0], Math.max(umFloor[1], 50)])]!
    : choice.umAtBi ? tier : split[tierAtLeast(tables, umFloor)]!;
  const uim = carryUm && (tables.uim_required.includes(state) || choice.uim);
  const pipLimit = state === 'MI' ? tables.limits.michigan_pip : Math.max(choice.pip, Math.round((min.pip_min ?? 0) * 1000));
  const out: CoverageLine[] = [];
  for (const tv of layout.vehicles) {
    const id = tv.vehicle.vehicle_id;
    const zip = tv.vehicle.garaging_postal_code;
    const v = vehicleChoices(tables, seed, unitIndex, tv.vehicleIndex, inputs.force);
    if (choice.csl) {
      out.push(line(id, 'CSL', rate('CSL', tv, zip, ilf.csl[String(csl)] ?? 1), { limit_single: csl }, null));
    } else {
      out.push(line(id, 'BI', rate('BI', tv, zip, ilf.split_bi[`${tier[0]}/${tier[1]}`] ?? 1), { limit_per_person: tier[0] * 1000, limit_per_accident: tier[1] * 1000 }, null));
      out.push(line(id, 'PD', rate('PD', tv, zip, ilf.pd[String(tier[2])] ?? 1), { limit_per_accident: tier[2] * 1000 }, null));
    }
    if (carryUm) {
      const umFactor = ilf.split_bi[`${umTier[0]}/${umTier[1]}`] ?? 1;
      out.push(line(id, 'UMBI', rate('UMBI', tv, zip, umFactor), { limit_per_person: umTier[0] * 1000, limit_per_accident: umTier[1] * 1000 }, null));
      if (uim) out.push(line(id, 'UIMBI', rate('UIMBI', tv, zip, umFactor), { limit_per_person: umTier[0] * 1000, limit_per_accident: umTier[1] * 1000 }, null));
      if (choice.umpd) {
        const umpd = Math.min(choice.csl ? 25 : tier[2], 25);
        out.push(line(id, 'UMPD', rate('UMPD', tv, zip, ilf.pd[String(umpd)] ?? 1), { limit_per_accident: umpd * 1000 }, null));
      }
    }
    if (min.pip_required) out.push(line(id, 'PIP', rate('PIP', tv, zip, (pipLimit / ilf.pip_base) ** ilf.pip_exponent), { limit_per_person: pipLimit }, null));
    else if (choice.medpay !== null) out.push(line(id, 'MEDPAY', rate('MEDPAY', tv, zip, ilf.medpay[String(choice.medpay)] ?? 1), { limit_per_person: choice.medpay }, null));
    const pd = physicalDamage(tables, v, tv, layout.term.effective, 'Personal');
    if (pd.comp) {
      out.push(line(id, 'COMP', rate('COMP', tv, zip, pd.ageFactor * (tables.deductible[String(v.compDeductible)] ?? 1)), { deductible: v.compDeductible }, null));
      if (pd.coll) out.push(line(id, 'COLL', rate('COLL', tv, zip, pd.ageFactor * (tables.deductible[String(v.collDeductible)] ?? 1)), { deductible: v.collDeductible }, null));
      if (v.rental) out.push(line(id, 'RENTAL', rate('RENTAL', null, zip, ilf.rental[String(v.rental[0])] ?? 1), { limit_per_person: v.rental[0], limit_per_accident: v.rental[1] }, null));
    }
    if (v.towing !== null) out.push(line(id, 'TOWING', rate('TOWING', null, zip, ilf.towing[String(v.towing)] ?? 1), { limit_single: v.towing }, null));
  }
  return out;
}

function rateCommercial(inputs: RateInputs): CoverageLine[] {
  const { account, layout, seed, unitIndex } = inputs;
  const { tables, ilf, state, min, choice, rate } = termRating(inputs, 'Commercial');
  const options = tables.limits.commercial_csl;
  const floor = Math.max(choice.commercialCsl, cslFloor(min), ...layout.vehicles.map((tv) => federalMinimum(tables, account, tv.vehicle)));
  const csl = options.find((c) => c >= floor) ?? options[options.length - 1]!;
  const cslFactor = (ilf.csl[String(csl)] ?? 1) / (ilf.csl[String(ilf.csl_commercial_base)] ?? 1);
  const um = min.um_required ? tables.limits.split[tierAtLeast(tables, min.um_min ?? [0, 0])]! : null;
  const pipLimit = state === 'MI' ? tables.limits.michigan_pip : Math.max(tables.limits.pip_choices[0]!, Math.round((min.pip_min ?? 0) * 1000));
  const out: CoverageLine[] = [];
  let symbol1Premium = 0;
  for (const tv of layout.vehicles) {
    const id = tv.vehicle.vehicle_id;
    const zip = tv.vehicle.garaging_postal_code;
    const v = vehicleChoices(tables, seed, unitIndex, tv.vehicleIndex, inputs.force);
    const liability = rate('CSL', tv, zip, cslFactor);
    if (choice.symbol1) symbol1Premium += liability;
    else out.push(line(id, 'CSL', liability, { limit_single: csl }, '7'));
    if (um) {
      const f = ilf.split_bi[`${um[0]}/${um[1]}`] ?? 1;
      out.push(line(id, 'UMBI', rate('UMBI', tv, zip, f), { limit_per_person: um[0] * 1000, limit_per_accident: um[1] * 1000 }, '7'));
      if (tables.uim_required.includes(state)) out.push(line(id, 'UIMBI', rate('UIMBI', tv, zip, f), { limit_per_person: um[0] * 1000, limit_per_accident: um[1] * 1000 }, '7'));
    }
    if (min.pip_required) out.push(line(id, 'PIP', rate('PIP', tv, zip, (pipLimit / ilf.pip_base) ** ilf.pip_exponent), { limit_per_person: pipLimit }, '7'));
    else if (choice.medpay !== null && choice.umpd) out.push(line(id, 'MEDPAY', rate('MEDPAY', tv, zip, 1), { limit_per_person: 5000 }, '7'));
    const pd = physicalDamage(tables, v, tv, layout.term.effective, 'Commercial');
    if (pd.comp) {
      out.push(line(id, 'COMP', rate('COMP', tv, zip, pd.ageFactor * (tables.deductible[String(v.compDeductible)] ?? 1)), { deductible: v.compDeductible }, '7'));
      if (pd.coll) out.push(line(id, 'COLL', rate('COLL', tv, zip, pd.ageFactor * (tables.deductible[String(v.collDeductible)] ?? 1)), { deductible: v.collDeductible }, '7'));
    }
  }
  if (choice.symbol1) out.push(line(null, 'CSL', cents(symbol1Premium), { limit_single: csl }, '1'));
  if (choice.hnoa) {
    const hnoa = rate('HNOA', null, account.postal_code, cslFactor);
    const hired = Math.max(tables.min_premium, cents(hnoa * 0.55));
    out.push(line(null, 'HNOA', hired, { limit_single: csl }, '8'));
    out.push(line(null, 'HNOA', Math.max(tables.min_premium, cents(hnoa - hired)), { limit_single: csl }, '9'));
  }
  return out;
}

/** The sum of the lines' premiums in cents (whole numbers: no float drift). */
export function premiumCents(lines: readonly { readonly premium: number }[]): number {
  return lines.reduce((sum, l) => sum + Math.round(l.premium * 100), 0);
}

/** A term's fees and total premium (coverage premiums + fees), in US dollars. */
export function termTotals(inputs: RateInputs): { readonly fees: number; readonly total: number } {
  const fees = policyFee(inputs.data, inputs.account.state, inputs.account.lob_type);
  return { fees, total: (premiumCents(rateTerm(inputs)) + Math.round(fees * 100)) / 100 };
}
