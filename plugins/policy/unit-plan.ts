/**
 * The book plan of one account (unit): its renewal chain, and for every
 * term the drivers listed and the vehicles scheduled with their principal
 * drivers. policy, policy_driver, policy_vehicle and coverage all read it,
 * so what one writes the others agree with; it is a pure function of the
 * unit's account, persons and vehicles, the seed, the unit index and as_of,
 * computed once per unit (kept beside the account record it was made from).
 */
import { addYears, hashString, type Account, type Person, RandomStream, type ReferenceData, type Vehicle, type Where } from '../../engine/kit.js';
import { type ChainDemand, type ChainPlan, planChain, type TermPlan } from './chain.js';
import { feasibleCodes, policyConditions } from './conditions.js';
import type { CoverageForce } from './coverage-force.js';
import { ageOn, type ListedDriver, listDrivers, namedInsuredOf, NAMED_INSURED_AGE, permitAgeMonths, principalFor, RATED_AGE } from './drivers.js';

/** A vehicle on a term with the driver it is rated on. */
export interface TermVehicle {
  readonly vehicleIndex: number;
  readonly vehicle: Vehicle;
  readonly principal: Person;
  /** The principal driver's age on the term's effective date. */
  readonly principalAge: number;
}

export interface TermLayout {
  readonly term: TermPlan;
  readonly drivers: readonly ListedDriver[];
  readonly vehicles: readonly TermVehicle[];
}

export interface UnitPlan {
  readonly account: Account;
  readonly lob: 'Personal' | 'Commercial';
  readonly chain: ChainPlan;
  readonly namedInsured: Person | null;
  readonly terms: readonly TermLayout[];
  /** --where: the coverage draws forced for the terms (rating.ts), or null. */
  readonly force: CoverageForce | null;
}

/** What the plan is made from: a plugin's context holds all of it. */
export interface PlanInputs {
  readonly seed: number;
  readonly unitIndex: number;
  readonly asOf: string;
  readonly data: ReferenceData;
  readonly account: Account;
  readonly persons: readonly Person[];
  readonly vehicles: readonly Vehicle[];
  /** The run's `--where` terms (none: the plan as without targeting). */
  readonly where?: Where;
}

/** Share of suspended residents listed as excluded drivers (the rest are not listed). */
export const SUSPENDED_EXCLUDED_SHARE = 0.8;
/** Share of other licensed residents (not the named insured) excluded as high risk. */
export const HIGH_RISK_EXCLUDED_SHARE = 0.03;

const DRIVER_KEY = hashString('driver-plan');
const cache = new WeakMap<Account, { readonly seed: number; readonly unitIndex: number; readonly asOf: string; readonly where: Where | undefined; readonly plan: UnitPlan }>();

/** The unit's plan, made once per unit. */
export function unitPlan(inputs: PlanInputs): UnitPlan {
  const hit = cache.get(inputs.account);
  if (hit && hit.seed === inputs.seed && hit.unitIndex === inputs.unitIndex && hit.asOf === inputs.asOf && hit.where === inputs.where) return hit.plan;
  const plan = makePlan(inputs);
  cache.set(inputs.account, { seed: inputs.seed, unitIndex: inputs.unitIndex, asOf: inputs.asOf, where: inputs.where, plan });
  return plan;
}

/**
 * What `--where` asks of this account's chain and coverages
 * (conditions.ts): the chain demand, and the coverage draws to force — the
 * claim guarantee's lines on vehicle 0 when claims must be placed, and the
 * line of one coverage code the terms leave (picked by the account id among
 * those its line and state write).
 */
function demandsOf(inputs: PlanInputs): { readonly chain: ChainDemand | null; readonly force: CoverageForce | null } {
  if (!inputs.where || inputs.where.length === 0) return { chain: null, force: null };
  const c = policyConditions(inputs.where, inputs.asOf);
  const chain: ChainDemand | null = c.window || c.statuses || c.termMonths || c.startBy ? { window: c.window, statuses: c.statuses, termMonths: c.termMonths, startBy: c.startBy } : null;
  const flags: { -readonly [K in keyof CoverageForce]: CoverageForce[K] } = { um: false, uim: false, umpd: false, medpay: false, hnoa: false, noSymbol1: false, comp: false, coll: false, rental: false, towing: false };
  let any = false;
  if (c.window) {
    Object.assign(flags, { um: true, umpd: true, medpay: true, noSymbol1: true, comp: true, coll: true });
    any = true;
  }
  if (c.codes) {
    const open = feasibleCodes(inputs.data, inputs.account.lob_type, inputs.account.state, inputs.asOf, c.codes);
    const code = open[hashString(inputs.account.account_id) % Math.max(1, open.length)];
    any = true;
    switch (code) {
      case 'BI': case 'PD': flags.csl = false; break;
      case 'CSL': flags.csl = true; break;
      case 'UMBI': flags.um = true; break;
      case 'UIMBI': flags.um = true; flags.uim = true; break;
      case 'UMPD': flags.um = true; flags.umpd = true; break;
      case 'MEDPAY': flags.medpay = true; flags.umpd = true; break;
      case 'COMP': flags.comp = true; break;
      case 'COLL': flags.comp = true; flags.coll = true; break;
      case 'RENTAL': flags.comp = true; flags.rental = true; break;
      case 'TOWING': flags.towing = true; break;
      case 'HNOA': flags.hnoa = true; break;
      default: break; // PIP: written wherever the state requires it
    }
    // A claim's lines include split BI and PD or a CSL: either is fine, so a code's csl choice stands.
  }
  return { chain, force: any ? flags : null };
}

/** The first day the account's chain may start, or null when no one on it could drive. */
function earliestStart(lob: 'Personal' | 'Commercial', persons: readonly Person[], insured: Person | null): string | null {
  const licensedFrom = (p: Person): string | null => (p.licence_status === 'valid' && p.first_licensed_date !== null ? later(p.first_licensed_date, addYears(p.date_of_birth, RATED_AGE)) : null);
  if (lob === 'Personal') {
    if (!insured) return null;
    const own = licensedFrom(insured);
    const anyone = own ?? persons.map(licensedFrom).filter((d): d is string => d !== null).sort()[0] ?? null;
    return anyone === null ? null : later(anyone, addYears(insured.date_of_birth, NAMED_INSURED_AGE));
  }
  return persons.map(licensedFrom).filter((d): d is string => d !== null).sort()[0] ?? null;
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

function makePlan(inputs: PlanInputs): UnitPlan {
  const { account, persons, vehicles, data } = inputs;
  const lob = account.lob_type;
  const insured = lob === 'Personal' ? (namedInsuredOf(persons) ?? null) : null;
  const newestYear = vehicles.reduce((y, v) => Math.max(y, v.model_year), 0);
  const preferred = newestYear > 0 ? `${newestYear - 1}-10-01` : null;
  const earliest = earliestStart(lob, persons, insured);
  const demands = demandsOf(inputs);
  const empty: UnitPlan = { account, lob, chain: { termMonths: 12, terms: [] }, namedInsured: insured, terms: [], force: demands.force };
  if (earliest === null || vehicles.length === 0) return empty;
  // A quote its drivers are licensed on: before the named insured's (a business: its last) licence expires.
  const demand = demands.chain ? { ...demands.chain, quoteBefore: (lob === 'Personal' ? [insured] : persons).map((p) => p?.license_expiration_date ?? null).filter((d): d is string => d !== null).sort().pop() ?? null } : null;
  const chain = planChain({ seed: inputs.seed, unitIndex: inputs.unitIndex, asOf: inputs.asOf, lob, earliest, preferred, demand });

  // Per-person draws, fixed for the account so an exclusion holds along the chain.
  const random = new RandomStream(inputs.seed, DRIVER_KEY, inputs.unitIndex, 0);
  const excluded = new Set<string>();
  for (const person of persons) {
    const draw = random.next();
    if (person === insured) continue;
    if (person.licence_status === 'suspended' ? draw < SUSPENDED_EXCLUDED_SHARE : draw < HIGH_RISK_EXCLUDED_SHARE) excluded.add(person.person_id);
  }
  const permitMonths = permitAgeMonths(data, account.state);

  const terms: TermLayout[] = [];
  for (const term of chain.terms) {
    const drivers = listDrivers(lob, persons, term.effective, permitMonths, excluded);
    const termVehicles: TermVehicle[] = [];
    for (let i = 0; i < vehicles.length; i++) {
      const principal = principalFor(lob, vehicles[i]!, drivers, insured?.person_id ?? null);
      if (!principal) break;
      termVehicles.push({ vehicleIndex: i, vehicle: vehicles[i]!, principal: principal.person, principalAge: ageOn(principal.person, term.effective) });
    }
    // A term no one on it may drive ends the chain before it (rare: a licence lapsing before a quote starts).
    if (termVehicles.length < vehicles.length) break;
    terms.push({ term, drivers, vehicles: termVehicles });
  }
  if (terms.length < chain.terms.length) return empty;
  return { account, lob, chain, namedInsured: insured, terms, force: demands.force };
}

/** A unit's records of one per-term entity, term by term (a term's drivers, vehicles or coverage lines), flattened over the chain. */
export class PerTerm<T> {
  /** How many records the unit has: the entity's `count`. */
  readonly total: number;

  constructor(readonly terms: readonly (readonly T[])[]) {
    this.total = terms.reduce((sum, items) => sum + items.length, 0);
  }

  /** Child `childIndex` of the unit: its term and its item there. */
  at(childIndex: number): { readonly termIndex: number; readonly item: T } {
    let rest = childIndex;
    for (let t = 0; t < this.terms.length; t++) {
      const items = this.terms[t]!;
      if (rest < items.length) return { termIndex: t, item: items[rest]! };
      rest -= items.length;
    }
    throw new RangeError(`child ${childIndex} is past the unit's ${this.total} records`);
  }
}

const perTermCache = new WeakMap<UnitPlan, Map<string, PerTerm<unknown>>>();

/**
 * The plan's `what` per term, made once per unit (memoised on the plan, so
 * `count` and every `generate` of the unit share it).
 * @example
 * const drivers = perTerm(plan, 'drivers', (p) => p.terms.map((t) => t.drivers));
 * drivers.total; // the unit's policy drivers
 */
export function perTerm<T>(plan: UnitPlan, what: string, make: (plan: UnitPlan) => readonly (readonly T[])[]): PerTerm<T> {
  let byWhat = perTermCache.get(plan);
  if (!byWhat) perTermCache.set(plan, (byWhat = new Map()));
  let layout = byWhat.get(what) as PerTerm<T> | undefined;
  if (!layout) byWhat.set(what, (layout = new PerTerm(make(plan))));
  return layout;
}
