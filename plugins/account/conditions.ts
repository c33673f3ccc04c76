/**
 * Scenario targeting in a book run (docs/book-households.md, "Scenario
 * targeting"): the run's `--where` terms read once, in setup, into
 * conditioned tables the account plugin, the household plan and the person
 * and vehicle plugins draw from, so every account meets every term by
 * construction (nothing is generated and discarded, nothing is redrawn).
 *
 * - The line of business: the lines some account of which can meet all the
 *   terms (the person, vehicle, policy and coverage terms rule lines out:
 *   `vehicle.vehicle_class=heavy truck` is only Commercial), mixed as the
 *   run's lob_mix says; the stratified layout (book-layout.ts) of that share.
 * - The state: per line, the states the terms leave (and, for a coverage
 *   code only some states write, such as PIP, those states), by the run's
 *   weights; under postal_code terms each state draws only the ZIPs they
 *   leave, its weight times their share of its residents.
 * - A business's fleet: sizes 1-50 weighted as the fleet_size bands spread
 *   them, those the fleet_size and `vehicles OP n` terms leave.
 * - A household: (household_size, children_under_15) drawn jointly from the
 *   sizes and children tables, kept to those whose residents can hold the
 *   person terms' target; its vehicles from vehicles_per_household, kept to
 *   the counts `vehicles OP n` leaves (without the size correlation then).
 * - A business's type: those whose use and kinds of vehicle can give the
 *   vehicle terms' vehicle 0.
 */
import { addYears, esdhError, fieldTerms, meetsAll, type Distributions, type ReferenceData, type Where, type WhereTerm, cumulativeWeights, yearsBetween } from '../../engine/kit.js';
import { commercialShare } from '../person/lob.js';
import { NO_PERSON_TERMS, personConditions, roleAges, within, type PersonConditions, type TargetRole } from '../person/conditions.js';
import { chooseStates, type StateChoice } from '../person/residence.js';
import { loadPersonTables, type Residence, type StateTable } from '../person/tables.js';
import { feasibleCodes, policyConditions, type PolicyConditions } from '../policy/conditions.js';
import { feasibleKinds, vehicleConditions, type VehicleConditions } from '../vehicle/conditions.js';
import { type BusinessType, type Kind, loadAccountTables, type Weighted } from './tables.js';
import { driverCounts } from './driver-counts.js';

export type Lob = 'Personal' | 'Commercial';
export const LOBS: readonly Lob[] = ['Personal', 'Commercial'];

export interface BookConditions {
  /** false: no term at all (every draw as without targeting). */
  readonly active: boolean;
  /** The run's Commercial share once the terms rule lines out. */
  readonly commercialShare: number;
  /** Per line, the states an account may be in (null: the run's choice). */
  readonly states: Readonly<Record<Lob, StateChoice>> | null;
  /** Commercial fleet sizes (null: the bands as without terms). */
  readonly fleet: Weighted<number> | null;
  /** Personal (household_size, children_under_15) pairs (null: as without terms). */
  readonly household: Weighted<readonly [number, number]> | null;
  /** Personal vehicle counts (null: the copula as without terms). */
  readonly personalVehicles: Weighted<number> | null;
  /** Business types left (null: all). */
  readonly businesses: Weighted<BusinessType> | null;
  /** Per business type, the kinds its vehicle 0 may be (null: vehicle 0 drawn as the others). */
  readonly kinds: ReadonlyMap<string, Weighted<Kind>> | null;
  readonly person: PersonConditions;
  /** The terms of `persons OP n` (household: residents of 15 and over; business: scheduled drivers). */
  readonly personCounts: readonly WhereTerm[];
  readonly vehicle: VehicleConditions;
  readonly policy: PolicyConditions;
  /** The youngest the named insured (a business: its first driver) may be, so the chain can start by policy.startBy. */
  readonly minAge: number;
}

/** What the conditions are read from: a setup or generate context holds it all. */
export interface ConditionInputs {
  readonly where: Where;
  readonly data: ReferenceData;
  readonly asOf: string;
  readonly distributions: Readonly<Distributions>;
}

const memo = new WeakMap<Where, { readonly asOf: string; readonly distributions: Readonly<Distributions>; readonly key: string; readonly data: ReferenceData; readonly value: BookConditions }>();

/** The run's conditions (memoised on its terms: a look-up per account); ESDH_ERR_WHERE_IMPOSSIBLE when no account can meet them. */
export function bookConditions(inputs: ConditionInputs): BookConditions {
  const hit = memo.get(inputs.where);
  if (hit && hit.distributions === inputs.distributions && hit.asOf === inputs.asOf && hit.data === inputs.data) return hit.value;
  const key = `${inputs.asOf}|${JSON.stringify(inputs.distributions)}`;
  if (hit && hit.key === key && hit.data === inputs.data) return hit.value;
  const value = inputs.where.length === 0 ? inactive(inputs) : compute(inputs);
  memo.set(inputs.where, { asOf: inputs.asOf, distributions: inputs.distributions, key, data: inputs.data, value });
  return value;
}

function inactive(inputs: ConditionInputs): BookConditions {
  return {
    active: false, commercialShare: commercialShare(inputs.distributions.lob_mix), states: null, fleet: null, household: null, personalVehicles: null,
    businesses: null, kinds: null, person: NO_PERSON_TERMS, personCounts: [], vehicle: vehicleConditions(inputs.where, inputs.data, inputs.asOf, inputs.distributions),
    policy: policyConditions(inputs.where, inputs.asOf), minAge: 0,
  };
}

function texts(terms: readonly WhereTerm[]): string {
  return terms.map((t) => t.text).join(',');
}

/** A weighted list from values and their (non-cumulative) weights, zero weights dropped. */
function weightedOf<T>(values: readonly T[], weights: readonly number[]): Weighted<T> {
  const keep = values.map((v, i) => ({ v, w: weights[i]! })).filter((e) => e.w > 0);
  return { values: keep.map((e) => e.v), cumulative: cumulativeWeights(keep.map((e) => e.w)) };
}

/** The values of `list` in `keep`, at their weights. */
export function restrict<T>(list: Weighted<T>, keep: readonly T[]): Weighted<T> {
  return weightedOf(list.values, weightsOf(list).map((w, i) => (keep.includes(list.values[i]!) ? w : 0)));
}

/** true when the named insured is the person terms' target (it can meet them all). */
export function namedInsuredTarget(c: Pick<BookConditions, 'person' | 'minAge'>): boolean {
  return c.person.namedInsured && within(c.person.ages, Math.max(18, c.minAge), 90).length > 0;
}

/** The (non-cumulative) weights of a weighted list. */
function weightsOf<T>(list: Weighted<T>): number[] {
  return list.cumulative.map((c, i) => c - (i > 0 ? list.cumulative[i - 1]! : 0));
}

/** A state's table drawing only the ZIPs with residents the postal_code terms leave, and their share of its residents; null when none. */
function narrowZips(state: StateTable, terms: readonly WhereTerm[]): { state: StateTable; share: number } | null {
  const all = state.populationWeights;
  const total = all[all.length - 1] ?? 0;
  const zips: Residence[] = [];
  const weights: number[] = [];
  state.populated.forEach((z, i) => {
    if (!meetsAll(terms, z.zip)) return;
    zips.push(z);
    weights.push(all[i]! - (i > 0 ? all[i - 1]! : 0));
  });
  if (zips.length === 0 || !(total > 0)) return null;
  const table: StateTable = {
    code: state.code, name: state.name, population: state.population, licenceTemplate: state.licenceTemplate, licencePattern: state.licencePattern,
    areaCodes: state.areaCodes, zipPrefixes: state.zipPrefixes, zips: state.zips, populated: zips, populationWeights: cumulativeWeights(weights),
  };
  return { state: table, share: weights.reduce((a, b) => a + b, 0) / total };
}

/** NI age ranges (household-plan.ts householdOf) by composition. */
const NI_RANGE = { plain: [18, 90], young: [20, 55], child: [36, 70], childYoung: [36, 58] } as const;
const MAX_SPOUSE_GAP = 15;
const MIN_PARENT_GAP = 16;

/** Roles the second resident may take as the target in a household with (or without) children under 15. */
export function secondRoles(c: BookConditions, young: boolean): TargetRole[] {
  const niLo = Math.max(young ? NI_RANGE.young[0] : NI_RANGE.plain[0], c.minAge);
  const niHi = young ? NI_RANGE.young[1] : NI_RANGE.plain[1];
  return c.person.second.filter((role) => {
    const ages = roleAges(c.person.ages, role, c.person.statuses);
    if (niLo > niHi) return false;
    if (role === 'spouse') return within(ages, niLo - MAX_SPOUSE_GAP, niHi + MAX_SPOUSE_GAP).length > 0;
    if (role === 'child') {
      const [lo, hi] = young ? NI_RANGE.childYoung : NI_RANGE.child;
      return ages.some((a) => Math.max(lo, c.minAge, a + MIN_PARENT_GAP + 2) <= hi);
    }
    return true;
  });
}

function compute(inputs: ConditionInputs): BookConditions {
  const { where, data, asOf, distributions } = inputs;
  const policy = policyConditions(where, asOf);
  const person = personConditions(where);
  const vehicle = vehicleConditions(where, data, asOf, distributions);
  const tables = loadAccountTables(data, distributions);
  const minAge = policy.startBy === null ? 0 : minimumAgeBy(policy.startBy, asOf);
  // Every person of an account lives in its state and has its line: person.state and person.lob_type terms are the account's.
  const lobTerms = [...fieldTerms(where, 'account', 'lob_type'), ...fieldTerms(where, 'person', 'lob_type')];
  const stateTerms = [...fieldTerms(where, 'account', 'state'), ...fieldTerms(where, 'person', 'state')];
  const fleetTerms = fieldTerms(where, 'account', 'fleet_size');
  const countTerms = vehicle.counts;
  const personCounts = where.filter((t) => t.kind === 'count' && t.entity === 'person');
  const why: Record<Lob, string | null> = { Personal: null, Commercial: null };
  const rule = (lob: Lob, reason: string | null) => {
    if (why[lob] === null && reason !== null) why[lob] = reason;
  };
  for (const lob of LOBS) if (!meetsAll(lobTerms, lob)) rule(lob, `lob_type is not ${lob}`);
  rule('Personal', meetsAll(fleetTerms, null) ? null : 'a Personal account has no fleet_size');
  for (const lob of LOBS) {
    rule(lob, policy.why[lob]);
    rule(lob, vehicle.why[lob]);
  }
  if (person.fields) {
    if (!person.namedInsured && person.second.length === 0) rule('Personal', 'no resident of a household can meet the person terms (a named insured is 18-90 with a valid licence; a spouse or other relative 18-90, a child 15-35; permits at 16-17, suspended from 18)');
    if (!person.employee) rule('Commercial', 'a business\'s drivers are employees aged 21-75 with a valid licence');
  }
  const base = commercialShare(distributions.lob_mix);
  const baseWeight: Record<Lob, number> = { Personal: 1 - base, Commercial: base };
  for (const lob of LOBS) if (why[lob] === null && baseWeight[lob] <= 0) rule(lob, `the run's lob_mix gives ${lob} no weight`);

  // A business: fleet sizes spread over each band, those the terms leave.
  let fleet: Weighted<number> | null = null;
  if (why.Commercial === null && (fleetTerms.length > 0 || countTerms.length > 0 || personCounts.length > 0)) {
    const sizes: number[] = [];
    const weights: number[] = [];
    const bandWeights = weightsOf(tables.fleetBands);
    tables.fleetBands.values.forEach((band, i) => {
      for (let n = band.from; n <= band.to; n++) {
        if (!meetsAll(fleetTerms, n) || !meetsAll(countTerms, n)) continue;
        // persons OP n: the share of the driver counts this fleet may have that the terms leave.
        const drivers = driverCounts(n);
        const left = personCounts.length === 0 ? 1 : drivers.filter((d) => meetsAll(personCounts, d)).length / drivers.length;
        if (left === 0) continue;
        sizes.push(n);
        weights.push((bandWeights[i]! / (band.to - band.from + 1)) * left);
      }
    });
    fleet = weightedOf(sizes, weights);
    if (fleet.values.length === 0) rule('Commercial', 'no fleet size of 1-50 vehicles (the run\'s fleet_size bands) meets the fleet_size, vehicles and persons terms');
  }
  let businesses: Weighted<BusinessType> | null = null;
  let kinds: Map<string, Weighted<Kind>> | null = null;
  if (why.Commercial === null && vehicle.fields) {
    const open = feasibleKinds(vehicle);
    kinds = new Map();
    const keep: BusinessType[] = [];
    const keepWeights: number[] = [];
    const all = weightsOf(tables.businesses);
    tables.businesses.values.forEach((b, i) => {
      if (!vehicle.commercialUsages.includes(b.usage)) return;
      const k = weightedOf(b.kinds.values, weightsOf(b.kinds).map((w, j) => (open.has(b.kinds.values[j]!) ? w : 0)));
      if (k.values.length === 0) return;
      kinds!.set(b.name, k);
      keep.push(b);
      keepWeights.push(all[i]!);
    });
    businesses = weightedOf(keep, keepWeights);
    if (businesses.values.length === 0) rule('Commercial', 'no business type uses a vehicle of that kind and usage');
  }

  // A household: (size, children under 15) pairs whose residents can hold the person target.
  const conditions = { person, minAge } as BookConditions;
  let household: Weighted<readonly [number, number]> | null = null;
  if (why.Personal === null && (person.fields || minAge > 0 || personCounts.length > 0)) {
    const pairs: (readonly [number, number])[] = [];
    const weights: number[] = [];
    const sizeWeights = weightsOf(tables.householdSize);
    const niAges = within(person.ages, Math.max(18, minAge), 90);
    const ni = !person.fields || namedInsuredTarget({ person, minAge });
    tables.householdSize.values.forEach((size, i) => {
      const children = tables.childrenBySize.get(size);
      const kidWeights = children ? weightsOf(children) : [1];
      const kidTotal = kidWeights.reduce((a, b) => a + b, 0);
      kidWeights.forEach((w, k) => {
        const young = Math.min(k, size - 1);
        const residents = size - young;
        const ok = ni
          ? young === 0 || within(niAges, NI_RANGE.young[0], NI_RANGE.young[1]).length > 0
          : residents >= 2 && secondRoles(conditions, young > 0).length > 0;
        if (!ok || w <= 0 || !meetsAll(personCounts, residents)) return;
        const at = pairs.findIndex(([s, y]) => s === size && y === young);
        const weight = (sizeWeights[i]! * w) / kidTotal;
        if (at >= 0) weights[at]! += weight;
        else {
          pairs.push([size, young]);
          weights.push(weight);
        }
      });
    });
    household = weightedOf(pairs, weights);
    if (household.values.length === 0) rule('Personal', 'no household of the run\'s household_size (1-5, children under 15 not counted as persons) has residents meeting the person terms');
  }
  let personalVehicles: Weighted<number> | null = null;
  if (why.Personal === null && countTerms.length > 0) {
    const v = tables.vehiclesPerHousehold;
    personalVehicles = weightedOf(v.values, weightsOf(v).map((w, i) => (meetsAll(countTerms, v.values[i]!) ? w : 0)));
    if (personalVehicles.values.length === 0) rule('Personal', 'no household vehicle count of 1-4 (vehicles_per_household) meets the vehicles terms');
  }

  // States, per line: the state terms, and the coverage codes some state's rules let the line write.
  const choice = chooseStates(loadPersonTables(data), distributions.states);
  const stateWeights = choice.weights.map((c, i) => c - (i > 0 ? choice.weights[i - 1]! : 0));
  const states = {} as Record<Lob, StateChoice>;
  // postal_code terms: each state's ZIPs they leave (its weight times their share of its residents); states with none drop.
  const postalTerms = fieldTerms(where, 'account', 'postal_code');
  const zipped = new Map<string, { state: StateTable; share: number } | null>();
  const narrowed = (s: StateTable) => {
    if (postalTerms.length === 0) return { state: s, share: 1 };
    if (!zipped.has(s.code)) zipped.set(s.code, narrowZips(s, postalTerms));
    return zipped.get(s.code)!;
  };
  for (const lob of LOBS) {
    const keep = choice.states.map((s, i) => ({ s, w: stateWeights[i]! })).filter(({ s, w }) => w > 0 && meetsAll(stateTerms, s.code)
      && (policy.codes === null || feasibleCodes(data, lob, s.code, asOf, policy.codes).length > 0))
      .map(({ s, w }) => ({ n: narrowed(s), w })).filter((e) => e.n !== null).map(({ n, w }) => ({ s: n!.state, w: w * n!.share }));
    states[lob] = { states: keep.map((e) => e.s), weights: cumulativeWeights(keep.map((e) => e.w)) };
    if (keep.length === 0) rule(lob, stateTerms.length > 0 && choice.states.every((s) => !meetsAll(stateTerms, s.code))
      ? `no state of the run's distributions.states (${choice.states.map((s) => s.code).join(', ')}) meets the state terms`
      : postalTerms.length > 0 && zipped.size > 0 && [...zipped.values()].every((z) => z === null) ? 'no ZIP with residents in the states left meets the postal_code terms'
      : `no state left by the state terms lets a ${lob} account carry ${policy.codes?.join(' or ')}`);
  }
  const open = LOBS.filter((lob) => why[lob] === null);
  if (open.length === 0) {
    throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', texts(where), `no account can meet them: Personal, because ${why.Personal}; Commercial, because ${why.Commercial}`);
  }
  const share = open.length === 2 ? base : open[0] === 'Commercial' ? 1 : 0;
  return { active: true, commercialShare: share, states, fleet, household, personalVehicles, businesses, kinds, person, personCounts, vehicle, policy, minAge };
}

/**
 * The youngest age on as_of of someone 18 on or before `by`: born on or
 * before by - 18 years whatever the day of birth in their year of age.
 */
export function minimumAgeBy(by: string, asOf: string): number {
  const years = yearsBetween(by, asOf);
  return 18 + years + (addYears(by, years) < asOf ? 1 : 0);
}

/** The Commercial share of a run's book layout: the lob mix, conditioned on the terms. */
export function conditionedShare(inputs: ConditionInputs): number {
  return bookConditions(inputs).commercialShare;
}
