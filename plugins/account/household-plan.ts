/**
 * The composition of an account, from the account record alone (and the
 * run's inputs: seed, as_of, reference data, distributions): who lives in a
 * household or drives for a business, and what vehicles it has. The person
 * and vehicle plugins read it for their counts and for what each record is
 * (ctx.deps.account?.[0] and their childIndex), so a worker or shard that
 * makes one unit gets the same plan as any other. Pure: its randomness is a
 * stream keyed by the account's id, and it is memoised per account record.
 */
import { addMonths, addYears, type Account, type Distributions, fromDayNumber, hashString, RandomStream, type ReferenceData, toDayNumber, yearsBetween } from '../../engine/kit.js';
import { AgeTable, bandWeights, defaultAgeWeights } from '../person/ages.js';
import { loadLicenceRules, ruleFor, type LicenceRule } from '../person/licence-rules.js';
import { lastName, type Sex } from '../person/names.js';
import { loadPersonTables, type Residence } from '../person/tables.js';
import { type BusinessType, drawFrom, type Kind, loadAccountTables, type Radius, type AccountTables, type Weighted } from './tables.js';
import { loadTruckModels, type TruckModel } from '../vehicle/trucks.js';
import { meetsAll, type Where } from '../../engine/kit.js';
import { bookConditions, namedInsuredTarget, restrict, secondRoles, type BookConditions } from './conditions.js';
import { driverCounts, MAX_DRIVERS } from './driver-counts.js';
import { roleAges, statusesAt, within, type TargetRole } from '../person/conditions.js';

/** The most persons an account may have, by line: a household's residents of 15 and over, a business's scheduled drivers (person numbers: book-layout.ts). */
export const PERSON_SLOTS = { personal: 5, commercial: MAX_DRIVERS } as const;
/** The most vehicles an account may have, by line (VIN serials: book-layout.ts). */
export const VEHICLE_SLOTS = { personal: 4, commercial: 50 } as const;

export type Role = 'named_insured' | 'spouse' | 'child' | 'other_relative' | 'employee';
export type LicenceStatus = 'valid' | 'permit' | 'suspended' | 'none';

export interface PlannedPerson {
  readonly role: Role;
  readonly sex: Sex;
  readonly dateOfBirth: string;
  /** The surname: the household's for most residents; an employee's own. */
  readonly surname: string;
  readonly licence: LicenceStatus;
  readonly cdl: 'A' | 'B' | null;
}

export interface PlannedVehicle {
  /** Index into `persons` of its principal driver (licence valid or permit). */
  readonly principal: number;
  /** Commercial: what it is (car, pickup, van from the catalogue; straight, tractor from the truck table); null for Personal. */
  readonly kind: Kind | null;
  /** Commercial trucks: the model of data/reference/vehicle/trucks.json and its GVWR; null otherwise. */
  readonly truck: TruckModel | null;
  readonly gvwr: number | null;
  readonly radius: Radius | null;
  readonly usage: 'service' | 'retail' | 'commercial' | null;
}

export interface HouseholdPlan {
  readonly persons: readonly PlannedPerson[];
  readonly vehicles: readonly PlannedVehicle[];
  /** Index into `persons` of the vehicles' owner (person_id): the named insured, or the first scheduled driver. */
  readonly owner: number;
  /** Personal: the area code every resident's phone has (one of the ZIP's). Null for Commercial. */
  readonly areaCode: string | null;
  /** Commercial: the business type's record (what it drives and how); null for Personal. */
  readonly business: BusinessType | null;
}

/** What a plan depends on besides the account: the run's inputs. */
export interface PlanInputs {
  readonly seed: number;
  readonly asOf: string;
  readonly data: ReferenceData;
  readonly distributions: Readonly<Distributions>;
  /** The run's `--where` terms (none: the plan as without targeting). */
  readonly where?: Where;
}

/** The GVWR at and over which a driver needs a CDL (49 CFR 383.5, 383.91). */
export const CDL_GVWR = 26_001;

const plans = new WeakMap<object, { readonly key: string; readonly where: Where | undefined; readonly plan: HouseholdPlan }>();
const ageTables = new WeakMap<ReferenceData, Map<string, AgeTable>>();
const HOUSEHOLD_KEY = hashString('household');

/** The plan of `account` in a run with `inputs`, made once per account record. */
export function householdPlan(account: Account, inputs: PlanInputs): HouseholdPlan {
  const key = `${inputs.seed}|${inputs.asOf}`;
  const memo = plans.get(account);
  if (memo && memo.key === key && memo.where === inputs.where) return memo.plan;
  const random = new RandomStream(inputs.seed, HOUSEHOLD_KEY, hashString(account.account_id), 0);
  const tables = loadAccountTables(inputs.data, inputs.distributions);
  const ages = ageTable(inputs.data, inputs.distributions);
  const where = inputs.where ?? [];
  const c = where.length > 0 ? bookConditions({ where, data: inputs.data, asOf: inputs.asOf, distributions: inputs.distributions }) : null;
  const plan = account.lob_type === 'Commercial' ? businessPlan(account, inputs, tables, ages, random, c) : householdOf(account, inputs, tables, ages, random, c);
  plans.set(account, { key, where: inputs.where, plan });
  return plan;
}

function ageTable(data: ReferenceData, distributions: Readonly<Distributions>): AgeTable {
  const key = JSON.stringify(distributions.driver_ages ?? null);
  let byKey = ageTables.get(data);
  if (!byKey) ageTables.set(data, (byKey = new Map()));
  let table = byKey.get(key);
  if (!table) byKey.set(key, (table = new AgeTable(distributions.driver_ages ? bandWeights(distributions.driver_ages) : defaultAgeWeights(data))));
  return table;
}

/** The household's surname: "The Garcia household" → Garcia. */
export function householdSurname(account: Pick<Account, 'account_name'>): string {
  const m = /^The (.+) household$/.exec(account.account_name);
  return m ? m[1]! : account.account_name;
}

/** A birth date giving exactly `age` on `asOf`. */
function birthDateForAge(random: RandomStream, asOf: string, age: number): string {
  const earliest = toDayNumber(addYears(asOf, -age - 1)) + 1;
  const latest = toDayNumber(addYears(asOf, -age));
  return fromDayNumber(random.int(earliest, latest));
}

/** An age from the driver-age table, from `lo` to `hi` (redrawn a few times, then uniform in the bounds). */
function ageWithin(ages: AgeTable, random: RandomStream, asOf: string, lo: number, hi: number): number {
  for (let i = 0; i < 12; i++) {
    const age = yearsBetween(ages.birthDate(random, asOf, lo * 12), asOf);
    if (age >= lo && age <= hi) return age;
  }
  return random.int(lo, hi);
}

/** An age of `candidates` (ages on as_of, 15 weighing as 16) by the driver-age table's weights: one draw. */
function ageAmong(ages: AgeTable, random: RandomStream, candidates: readonly number[]): number {
  const weights = candidates.map((a) => ages.weights[Math.max(16, Math.min(90, a)) - 16] ?? 0);
  const total = weights.reduce((x, y) => x + y, 0);
  if (!(total > 0)) return candidates[random.int(0, candidates.length - 1)]!;
  let r = random.next() * total;
  for (let i = 0; i < candidates.length; i++) {
    r -= weights[i]!;
    if (r < 0) return candidates[i]!;
  }
  return candidates[candidates.length - 1]!;
}

/** A standard normal draw (Box-Muller). */
function normal(random: RandomStream): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

function householdOf(account: Account, inputs: PlanInputs, t: AccountTables, ages: AgeTable, random: RandomStream, c: BookConditions | null): HouseholdPlan {
  const size = account.household_size ?? 1;
  const young = account.children_under_15 ?? 0;
  const count = Math.max(1, size - young);
  const surname = householdSurname(account);
  const names = loadPersonTables(inputs.data).names;
  const rule = ruleFor(loadLicenceRules(inputs.data), account.state);
  // --where (conditions.ts): the second resident is the person terms' target when the named insured cannot be.
  const targetRoles = c && c.person.fields && !namedInsuredTarget(c) && count >= 2 ? secondRoles(c, young > 0) : null;
  // Who the residents of 15 and over are, then their ages.
  const roles: Role[] = ['named_insured'];
  if (count >= 2) roles.push(drawFrom(targetRoles ? restrict(t.secondAdult, targetRoles) : t.secondAdult, random));
  while (roles.length < count) roles.push(drawFrom(t.furtherResident, random));
  let hasChild = roles.includes('child');
  let [lo, hi] = niRange(hasChild, young > 0);
  let niAge: number;
  let targetAge: number | null = null;
  if (!c || (!c.person.fields && c.minAge === 0)) niAge = ageWithin(ages, random, inputs.asOf, lo, hi);
  else {
    const all = NO_TERM_AGES;
    const target = targetRoles ? (roles[1] as TargetRole) : null;
    const personAges = c.person.ages;
    // A child under the named insured (or a spouse of 34 or more) may leave no age the terms allow: the household's children become other relatives then.
    const dropChildren = () => {
      for (let i = 1; i < roles.length; i++) if (roles[i] === 'child' && !(i === 1 && target === 'child')) roles[i] = 'other_relative';
      hasChild = roles.includes('child');
      [lo, hi] = niRange(hasChild, young > 0);
    };
    if (target === 'spouse') {
      const spouseAges = () => within(roleAges(personAges, 'spouse', c.person.statuses), hasChild ? 34 : 18, 90).filter((a) => a >= Math.max(lo, c.minAge) - 15 && a <= hi + 15);
      if (spouseAges().length === 0 && hasChild) dropChildren();
      targetAge = ageAmong(ages, random, spouseAges());
      niAge = ageAmong(ages, random, within(all, Math.max(lo, c.minAge, targetAge - t.maxSpouseGap), Math.min(hi, targetAge + t.maxSpouseGap)));
    } else if (target === 'child') {
      targetAge = ageAmong(ages, random, roleAges(personAges, 'child', c.person.statuses).filter((a) => Math.max(lo, c.minAge, a + t.minParentGap + 2) <= hi));
      niAge = ageAmong(ages, random, within(all, Math.max(lo, c.minAge, targetAge + t.minParentGap + 2), hi));
    } else {
      if (target === 'other_relative') targetAge = ageAmong(ages, random, roleAges(personAges, 'other_relative', c.person.statuses));
      const niAges = () => within(target === null && c.person.fields ? personAges : all, Math.max(lo, c.minAge), hi);
      if (niAges().length === 0 && hasChild) dropChildren();
      niAge = ageAmong(ages, random, niAges());
    }
  }
  const niSex: Sex = random.bool() ? 'F' : 'M';
  const persons: PlannedPerson[] = [{ role: 'named_insured', sex: niSex, dateOfBirth: birthDateForAge(random, inputs.asOf, niAge), surname, licence: 'valid', cdl: null }];
  // A spouse can only be the second resident, so parents' ages are known before any child's.
  let youngestParent = niAge;
  for (const [k, role] of roles.slice(1).entries()) {
    const isTarget = k === 0 && targetAge !== null;
    let age: number;
    let sex: Sex = random.bool() ? 'F' : 'M';
    let own = surname;
    if (role === 'spouse') {
      if (isTarget) age = targetAge!;
      else {
        const gap = Math.max(-t.maxSpouseGap, Math.min(t.maxSpouseGap, Math.round(normal(random) * t.spouseGapSd)));
        age = Math.max(hasChild ? 34 : 18, Math.min(90, niAge + gap));
        if (Math.abs(age - niAge) > t.maxSpouseGap) age = niAge;
      }
      sex = random.bool(0.96) ? (niSex === 'F' ? 'M' : 'F') : niSex;
      if (!random.bool(0.8)) own = lastName(names, random);
      youngestParent = Math.min(youngestParent, age);
    } else if (role === 'child') {
      if (isTarget) age = targetAge!;
      else {
        const oldest = Math.max(15, Math.min(35, youngestParent - t.minParentGap - 2));
        const band = random.next();
        const [from, to] = band < 0.4 ? [15, 17] : band < 0.8 ? [18, 24] : [25, 35];
        age = Math.min(oldest, random.int(from, to));
      }
      if (!random.bool(0.92)) own = lastName(names, random);
    } else {
      age = isTarget ? targetAge! : ageWithin(ages, random, inputs.asOf, 18, 90);
      if (!random.bool(0.5)) own = lastName(names, random);
    }
    const dateOfBirth = birthDateForAge(random, inputs.asOf, age);
    const licence = isTarget ? targetStatus(t, rule, dateOfBirth, inputs.asOf, random, c!.person.statuses) : licenceStatus(t, rule, dateOfBirth, inputs.asOf, random);
    persons.push({ role, sex, dateOfBirth, surname: own, licence, cdl: null });
  }
  // Vehicles: marginally the run's vehicles_per_household, rising with the household's size (a Gaussian copula keeps the marginal); under a vehicles count term, the counts it leaves.
  const vehicleCount = c?.personalVehicles ? drawFrom(c.personalVehicles, random) : vehiclesFor(t, size, random);
  const drivers = persons.map((p, i) => ({ p, i })).filter(({ p }) => p.licence === 'valid').map(({ i }) => i)
    .concat(persons.map((p, i) => ({ p, i })).filter(({ p }) => p.licence === 'permit').map(({ i }) => i));
  const vehicles: PlannedVehicle[] = Array.from({ length: vehicleCount }, (_, k) => ({ principal: drivers[k % drivers.length]!, kind: null, truck: null, gvwr: null, radius: null, usage: null }));
  return { persons, vehicles, owner: 0, areaCode: random.pick(residenceOf(inputs.data, account).areaCodes), business: null };
}

/** Every age a resident of 15 or more may have. */
const NO_TERM_AGES: readonly number[] = Array.from({ length: 76 }, (_, i) => 15 + i);

/** The named insured's ages by the household's composition (children of 15 or more; children under 15). */
function niRange(hasChild: boolean, young: boolean): [number, number] {
  return hasChild ? (young ? [36, 58] : [36, 70]) : young ? [20, 55] : [18, 90];
}

/** The target resident's licence status: the table of its age (as licenceStatus), kept to the statuses the terms leave. */
function targetStatus(t: AccountTables, rule: LicenceRule, dateOfBirth: string, asOf: string, random: RandomStream, statuses: readonly LicenceStatus[]): LicenceStatus {
  const age = yearsBetween(dateOfBirth, asOf);
  let table: Weighted<LicenceStatus>;
  if (age >= 18) table = t.adultLicence;
  else if (addMonths(dateOfBirth, rule.permit_age_months) > asOf) return 'none';
  else if (addMonths(dateOfBirth, rule.licence_age_months) > asOf) table = t.teenBeforeLicenceAge;
  else table = t.teenLicensedAge;
  const left = restrict(table, statusesAt(statuses, age) as LicenceStatus[]);
  return left.values.length > 0 ? drawFrom(left, random) : drawFrom(table, random);
}

/** Correlation of household size and vehicle count in the copula (NHTS: single-person households average about one vehicle, two-person about two). */
const SIZE_VEHICLE_CORRELATION = 0.6;

/**
 * A household's vehicle count: u uniform inside the household size's share
 * of the size distribution (so u is uniform over all households), z =
 * rho * probit(u) + sqrt(1 - rho^2) * normal, and the count at Phi(z) in
 * vehicles_per_household: that distribution exactly, larger households
 * with more vehicles.
 */
function vehiclesFor(t: AccountTables, size: number, random: RandomStream): number {
  const sizes = t.householdSize;
  const at = Math.max(0, sizes.values.indexOf(size));
  const total = sizes.cumulative[sizes.cumulative.length - 1]!;
  const from = at > 0 ? sizes.cumulative[at - 1]! : 0;
  const u = (from + random.next() * (sizes.cumulative[at]! - from)) / total;
  const rho = SIZE_VEHICLE_CORRELATION;
  const z = rho * probit(Math.min(1 - 1e-12, Math.max(1e-12, u))) + Math.sqrt(1 - rho * rho) * normal(random);
  const vehicles = t.vehiclesPerHousehold;
  const target = normalCdf(z) * vehicles.cumulative[vehicles.cumulative.length - 1]!;
  const index = vehicles.cumulative.findIndex((c) => c > target);
  return vehicles.values[index < 0 ? vehicles.values.length - 1 : index]!;
}

/** The standard normal CDF (Abramowitz-Stegun 7.1.26 for erf, error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Licence status of a resident other than the named insured, by age and the state's permit and licence ages. */
function licenceStatus(t: AccountTables, rule: LicenceRule, dateOfBirth: string, asOf: string, random: RandomStream): LicenceStatus {
  if (yearsBetween(dateOfBirth, asOf) >= 18) return drawFrom(t.adultLicence, random);
  if (addMonths(dateOfBirth, rule.permit_age_months) > asOf) return 'none';
  if (addMonths(dateOfBirth, rule.licence_age_months) > asOf) return drawFrom(t.teenBeforeLicenceAge, random);
  const status = drawFrom(t.teenLicensedAge, random);
  // Drivers are 16 or older (where a state licenses at 14 or 15, a younger resident keeps a permit).
  return status === 'valid' && yearsBetween(dateOfBirth, asOf) < 16 ? 'permit' : status;
}

const zipIndexes = new WeakMap<ReferenceData, Map<string, ReadonlyMap<string, Residence>>>();

/** The account's ZIP in the person tables (its city and area codes). */
export function residenceOf(data: ReferenceData, account: Pick<Account, 'state' | 'postal_code'>): Residence {
  let states = zipIndexes.get(data);
  if (!states) zipIndexes.set(data, (states = new Map()));
  let byZip = states.get(account.state);
  if (!byZip) {
    const table = loadPersonTables(data).states.find((s) => s.code === account.state);
    states.set(account.state, (byZip = new Map((table?.zips ?? []).map((z) => [z.zip, z]))));
  }
  const residence = byZip.get(account.postal_code.slice(0, 5));
  if (!residence) throw new RangeError(`ZIP ${account.postal_code} is not a ${account.state} ZIP`);
  return residence;
}

/** A business: its fleet (fleet_size vehicles by the business type's kinds) and scheduled drivers. */
function businessPlan(account: Account, inputs: PlanInputs, t: AccountTables, ages: AgeTable, random: RandomStream, c: BookConditions | null): HouseholdPlan {
  const business = t.businesses.values.find((b) => b.name === account.business_type) ?? t.businesses.values[0]!;
  const names = loadPersonTables(inputs.data).names;
  const trucks = loadTruckModels(inputs.data, inputs.asOf);
  const fleet = Math.max(1, account.fleet_size ?? 1);
  const targetKinds = c?.kinds?.get(business.name);
  const drafts = Array.from({ length: fleet }, (_, k) => {
    // --where: vehicle 0 of the fleet is the vehicle terms' target, its kind, truck model and GVWR from what they leave (vehicle/conditions.ts).
    if (k === 0 && targetKinds) return targetDraft(c!, business, targetKinds, random);
    let kind = drawFrom(business.kinds, random);
    const choice = kind === 'tractor' ? trucks.tractors : trucks.straight;
    // Before the table's first model years (an early as_of) a truck becomes a pickup.
    if ((kind === 'straight' || kind === 'tractor') && choice.values.length === 0) kind = 'pickup';
    const truck = kind === 'straight' || kind === 'tractor' ? drawFrom(choice, random) : null;
    const gvwr = truck ? Math.round(random.int(truck.gvwr[0], truck.gvwr[1]) / 10) * 10 : null;
    return { kind, truck, gvwr: gvwr === null ? null : Math.min(truck!.gvwr[1], Math.max(truck!.gvwr[0], gvwr)), radius: drawFrom(business.radius, random), usage: business.usage };
  });
  // Scheduled drivers: about one per vehicle (a few spare in larger fleets), at least 1, at most PERSON_SLOTS.commercial.
  // --where `persons OP n`: the counts the terms leave of those this fleet may have (driverCounts), one uniform draw among them.
  const allowed = c && c.personCounts.length > 0 ? driverCounts(fleet).filter((n) => meetsAll(c.personCounts, n)) : null;
  const driverCount = allowed && allowed.length > 0
    ? allowed[Math.min(allowed.length - 1, Math.floor(random.next() * allowed.length))]!
    : fleet <= 4 ? fleet : Math.max(1, Math.min(PERSON_SLOTS.commercial, Math.round(fleet * (0.9 + random.next() * 0.25))));
  const vehicles: PlannedVehicle[] = drafts.map((d, k) => ({ ...d, principal: k % driverCount }));
  const cdlOf = (v: PlannedVehicle): 'A' | 'B' | null => (v.gvwr !== null && v.gvwr >= CDL_GVWR ? (v.kind === 'tractor' ? 'A' : 'B') : null);
  const fleetCdl = vehicles.map(cdlOf).reduce<'A' | 'B' | null>((best, c) => (best === 'A' || c === 'A' ? 'A' : best ?? c), null);
  const persons: PlannedPerson[] = Array.from({ length: driverCount }, (_, i) => {
    const own = vehicles.filter((v) => v.principal === i).map(cdlOf);
    const cdl = own.includes('A') ? 'A' : own.includes('B') ? 'B' : own.length === 0 ? fleetCdl : null;
    // Interstate drivers of commercial motor vehicles and CDL holders are 21 or older (49 CFR 391.11); others 18.
    const minimum = cdl !== null || account.interstate ? 21 : 18;
    // --where: the first driver is the person terms' target and, when the chain must start early (policy/conditions.ts startBy), old enough.
    const targeted = i === 0 && c !== null && (c.person.fields || c.minAge > 0);
    const age = targeted
      ? ageAmong(ages, random, within(c.person.fields ? c.person.ages : NO_TERM_AGES, Math.max(minimum, c.minAge, c.person.fields ? 21 : 0), 75))
      : ageWithin(ages, random, inputs.asOf, minimum, 75);
    return { role: 'employee', sex: random.bool(0.85) ? 'M' : 'F', dateOfBirth: birthDateForAge(random, inputs.asOf, age), surname: lastName(names, random), licence: 'valid', cdl };
  });
  return { persons, vehicles, owner: 0, areaCode: null, business };
}

/** Vehicle 0 of a fleet under vehicle terms: a kind they leave, and for a truck a model and a GVWR in the class ranges they leave. */
function targetDraft(c: BookConditions, business: BusinessType, kinds: Weighted<Kind>, random: RandomStream): Omit<PlannedVehicle, 'principal'> {
  const kind = drawFrom(kinds, random);
  if (kind !== 'tractor' && kind !== 'straight') return { kind, truck: null, gvwr: null, radius: drawFrom(business.radius, random), usage: business.usage };
  const choice = drawFrom(kind === 'tractor' ? c.vehicle.tractors : c.vehicle.straight, random);
  const sizes = choice.gvwr.map(([a, b]) => (b - a) / 10 + 1);
  let n = random.int(0, sizes.reduce((x, y) => x + y, 0) - 1);
  let gvwr = choice.gvwr[0]![0];
  for (const [i, [a]] of choice.gvwr.entries()) {
    if (n < sizes[i]!) {
      gvwr = a + n * 10;
      break;
    }
    n -= sizes[i]!;
  }
  return { kind, truck: choice.model, gvwr, radius: drawFrom(business.radius, random), usage: business.usage };
}

/** true when a business must hold a USDOT number: for-hire, or interstate with a vehicle over 10,000 lb GVWR (49 CFR 390.19). */
export function needsUsdot(account: Pick<Account, 'operation' | 'interstate'>, gvwrs: readonly (number | null)[]): boolean {
  return account.operation === 'for_hire' || (account.interstate === true && gvwrs.some((g) => g !== null && g > 10_000));
}
