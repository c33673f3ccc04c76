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
import { type BusinessType, drawFrom, type Kind, loadAccountTables, type Radius, type AccountTables } from './tables.js';
import { loadTruckModels, type TruckModel } from '../vehicle/trucks.js';

/** The most persons an account may have, by line: a household's residents of 15 and over, a business's scheduled drivers (person numbers: book-layout.ts). */
export const PERSON_SLOTS = { personal: 5, commercial: 50 } as const;
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
}

/** The GVWR at and over which a driver needs a CDL (49 CFR 383.5, 383.91). */
export const CDL_GVWR = 26_001;

const plans = new WeakMap<object, { readonly key: string; readonly plan: HouseholdPlan }>();
const ageTables = new WeakMap<ReferenceData, Map<string, AgeTable>>();
const HOUSEHOLD_KEY = hashString('household');

/** The plan of `account` in a run with `inputs`, made once per account record. */
export function householdPlan(account: Account, inputs: PlanInputs): HouseholdPlan {
  const key = `${inputs.seed}|${inputs.asOf}`;
  const memo = plans.get(account);
  if (memo && memo.key === key) return memo.plan;
  const random = new RandomStream(inputs.seed, HOUSEHOLD_KEY, hashString(account.account_id), 0);
  const tables = loadAccountTables(inputs.data, inputs.distributions);
  const ages = ageTable(inputs.data, inputs.distributions);
  const plan = account.lob_type === 'Commercial' ? businessPlan(account, inputs, tables, ages, random) : householdOf(account, inputs, tables, ages, random);
  plans.set(account, { key, plan });
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

/** A standard normal draw (Box-Muller). */
function normal(random: RandomStream): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

function householdOf(account: Account, inputs: PlanInputs, t: AccountTables, ages: AgeTable, random: RandomStream): HouseholdPlan {
  const size = account.household_size ?? 1;
  const young = account.children_under_15 ?? 0;
  const count = Math.max(1, size - young);
  const surname = householdSurname(account);
  const names = loadPersonTables(inputs.data).names;
  const rule = ruleFor(loadLicenceRules(inputs.data), account.state);
  // Who the residents of 15 and over are, then their ages.
  const roles: Role[] = ['named_insured'];
  if (count >= 2) roles.push(drawFrom(t.secondAdult, random));
  while (roles.length < count) roles.push(drawFrom(t.furtherResident, random));
  const hasChild = roles.includes('child');
  const [lo, hi] = hasChild ? (young > 0 ? [36, 58] : [36, 70]) : young > 0 ? [20, 55] : [18, 90];
  const niAge = ageWithin(ages, random, inputs.asOf, lo, hi);
  const niSex: Sex = random.bool() ? 'F' : 'M';
  const persons: PlannedPerson[] = [{ role: 'named_insured', sex: niSex, dateOfBirth: birthDateForAge(random, inputs.asOf, niAge), surname, licence: 'valid', cdl: null }];
  // A spouse can only be the second resident, so parents' ages are known before any child's.
  let youngestParent = niAge;
  for (const role of roles.slice(1)) {
    let age: number;
    let sex: Sex = random.bool() ? 'F' : 'M';
    let own = surname;
    if (role === 'spouse') {
      const gap = Math.max(-t.maxSpouseGap, Math.min(t.maxSpouseGap, Math.round(normal(random) * t.spouseGapSd)));
      age = Math.max(hasChild ? 34 : 18, Math.min(90, niAge + gap));
      if (Math.abs(age - niAge) > t.maxSpouseGap) age = niAge;
      sex = random.bool(0.96) ? (niSex === 'F' ? 'M' : 'F') : niSex;
      if (!random.bool(0.8)) own = lastName(names, random);
      youngestParent = Math.min(youngestParent, age);
    } else if (role === 'child') {
      const oldest = Math.max(15, Math.min(35, youngestParent - t.minParentGap - 2));
      const band = random.next();
      const [from, to] = band < 0.4 ? [15, 17] : band < 0.8 ? [18, 24] : [25, 35];
      age = Math.min(oldest, random.int(from, to));
      if (!random.bool(0.92)) own = lastName(names, random);
    } else {
      age = ageWithin(ages, random, inputs.asOf, 18, 90);
      if (!random.bool(0.5)) own = lastName(names, random);
    }
    const dateOfBirth = birthDateForAge(random, inputs.asOf, age);
    persons.push({ role, sex, dateOfBirth, surname: own, licence: licenceStatus(t, rule, dateOfBirth, inputs.asOf, random), cdl: null });
  }
  // Vehicles: marginally the run's vehicles_per_household, rising with the household's size (a Gaussian copula keeps the marginal).
  const vehicleCount = vehiclesFor(t, size, random);
  const drivers = persons.map((p, i) => ({ p, i })).filter(({ p }) => p.licence === 'valid').map(({ i }) => i)
    .concat(persons.map((p, i) => ({ p, i })).filter(({ p }) => p.licence === 'permit').map(({ i }) => i));
  const vehicles: PlannedVehicle[] = Array.from({ length: vehicleCount }, (_, k) => ({ principal: drivers[k % drivers.length]!, kind: null, truck: null, gvwr: null, radius: null, usage: null }));
  return { persons, vehicles, owner: 0, areaCode: random.pick(residenceOf(inputs.data, account).areaCodes), business: null };
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
function businessPlan(account: Account, inputs: PlanInputs, t: AccountTables, ages: AgeTable, random: RandomStream): HouseholdPlan {
  const business = t.businesses.values.find((b) => b.name === account.business_type) ?? t.businesses.values[0]!;
  const names = loadPersonTables(inputs.data).names;
  const trucks = loadTruckModels(inputs.data, inputs.asOf);
  const fleet = Math.max(1, account.fleet_size ?? 1);
  const drafts = Array.from({ length: fleet }, () => {
    let kind = drawFrom(business.kinds, random);
    const choice = kind === 'tractor' ? trucks.tractors : trucks.straight;
    // Before the table's first model years (an early as_of) a truck becomes a pickup.
    if ((kind === 'straight' || kind === 'tractor') && choice.values.length === 0) kind = 'pickup';
    const truck = kind === 'straight' || kind === 'tractor' ? drawFrom(choice, random) : null;
    const gvwr = truck ? Math.round(random.int(truck.gvwr[0], truck.gvwr[1]) / 10) * 10 : null;
    return { kind, truck, gvwr: gvwr === null ? null : Math.min(truck!.gvwr[1], Math.max(truck!.gvwr[0], gvwr)), radius: drawFrom(business.radius, random), usage: business.usage };
  });
  // Scheduled drivers: about one per vehicle (a few spare in larger fleets), at least 1, at most PERSON_SLOTS.commercial.
  const driverCount = fleet <= 4 ? fleet : Math.max(1, Math.min(PERSON_SLOTS.commercial, Math.round(fleet * (0.9 + random.next() * 0.25))));
  const vehicles: PlannedVehicle[] = drafts.map((d, k) => ({ ...d, principal: k % driverCount }));
  const cdlOf = (v: PlannedVehicle): 'A' | 'B' | null => (v.gvwr !== null && v.gvwr >= CDL_GVWR ? (v.kind === 'tractor' ? 'A' : 'B') : null);
  const fleetCdl = vehicles.map(cdlOf).reduce<'A' | 'B' | null>((best, c) => (best === 'A' || c === 'A' ? 'A' : best ?? c), null);
  const persons: PlannedPerson[] = Array.from({ length: driverCount }, (_, i) => {
    const own = vehicles.filter((v) => v.principal === i).map(cdlOf);
    const cdl = own.includes('A') ? 'A' : own.includes('B') ? 'B' : own.length === 0 ? fleetCdl : null;
    // Interstate drivers of commercial motor vehicles and CDL holders are 21 or older (49 CFR 391.11); others 18.
    const minimum = cdl !== null || account.interstate ? 21 : 18;
    const age = ageWithin(ages, random, inputs.asOf, minimum, 75);
    return { role: 'employee', sex: random.bool(0.85) ? 'M' : 'F', dateOfBirth: birthDateForAge(random, inputs.asOf, age), surname: lastName(names, random), licence: 'valid', cdl };
  });
  return { persons, vehicles, owner: 0, areaCode: null, business };
}

/** true when a business must hold a USDOT number: for-hire, or interstate with a vehicle over 10,000 lb GVWR (49 CFR 390.19). */
export function needsUsdot(account: Pick<Account, 'operation' | 'interstate'>, gvwrs: readonly (number | null)[]): boolean {
  return account.operation === 'for_hire' || (account.interstate === true && gvwrs.some((g) => g !== null && g > 10_000));
}
