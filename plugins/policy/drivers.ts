/**
 * Who is listed on a term, and how (docs/book-policies.md, "Drivers"): a
 * pure function of the account's persons, the term's effective date and a
 * few per-person draws fixed for the account.
 */
import { addMonths, addYears, type Person, type ReferenceData, type Vehicle, yearsBetween } from '../../engine/kit.js';

export type DriverStatus = 'rated' | 'excluded' | 'permit';

export interface ListedDriver {
  readonly person: Person;
  readonly status: DriverStatus;
}

/** The youngest age for a rated driver. */
export const RATED_AGE = 16;
/** The youngest named insured. */
export const NAMED_INSURED_AGE = 18;
/** Gross vehicle weight from which a CDL is needed (lb). */
export const CDL_GVWR_LBS = 26_001;

const permitAges = new WeakMap<ReferenceData, Readonly<Record<string, { permit_age_months: number }>>>();

/** The youngest age for a learner's permit in `state`, in months (data/reference/rules/licence-rules.json; 15 years when the state is missing). */
export function permitAgeMonths(data: ReferenceData, state: string): number {
  let table = permitAges.get(data);
  if (!table) {
    table = data.get<Record<string, { permit_age_months: number }>>('rules.licence-rules.states');
    permitAges.set(data, table);
  }
  return table[state]?.permit_age_months ?? 180;
}

/** A licence (first licensed by `date`, its current licence not expired on it) held on `date`. */
export function licensedOn(person: Person, date: string): boolean {
  return person.first_licensed_date !== null && person.first_licensed_date <= date && person.license_expiration_date !== null && person.license_expiration_date > date;
}

/** A permit held on `date`: at least the permit age, issued by then and not expired. */
export function permitOn(person: Person, date: string, permitMonths: number): boolean {
  if (addMonths(person.date_of_birth, permitMonths) > date) return false;
  if (person.license_issue_date !== null && person.license_issue_date > date) return false;
  return person.license_expiration_date === null || person.license_expiration_date > date;
}

/** Aged at least `years` on `date`. */
export function agedOn(person: Person, date: string, years: number): boolean {
  return addYears(person.date_of_birth, years) <= date;
}

export function ageOn(person: Person, date: string): number {
  return yearsBetween(person.date_of_birth, date);
}

/** The named insured of a household: its named_insured resident (else its first). */
export function namedInsuredOf(persons: readonly Person[]): Person | undefined {
  return persons.find((p) => p.relationship === 'named_insured') ?? persons[0];
}

/**
 * The drivers listed on a term effective `date`, in the persons' order.
 * Personal: the named insured always (rated when licensed, else excluded);
 * licensed residents 16+ rated (or excluded when `excludeIds` names them);
 * licensed residents under 16 and permit holders at the permit age as
 * permit; suspended residents 16+ excluded when `excludeIds` names them;
 * residents without a licence, or not licensed yet on the date, not listed.
 * Commercial: scheduled drivers (employees) licensed on the date and 16+, rated.
 */
export function listDrivers(lob: 'Personal' | 'Commercial', persons: readonly Person[], date: string, permitMonths: number, excludeIds: ReadonlySet<string>): ListedDriver[] {
  const out: ListedDriver[] = [];
  const insured = lob === 'Personal' ? namedInsuredOf(persons) : undefined;
  for (const person of persons) {
    const licensed = person.licence_status === 'valid' && licensedOn(person, date);
    if (lob === 'Commercial') {
      if (licensed && agedOn(person, date, RATED_AGE)) out.push({ person, status: 'rated' });
      continue;
    }
    if (person === insured) {
      out.push({ person, status: licensed && agedOn(person, date, RATED_AGE) ? 'rated' : 'excluded' });
      continue;
    }
    if (licensed && agedOn(person, date, RATED_AGE)) out.push({ person, status: excludeIds.has(person.person_id) ? 'excluded' : 'rated' });
    else if ((licensed || person.licence_status === 'permit') && permitOn(person, date, permitMonths)) out.push({ person, status: 'permit' });
    else if (person.licence_status === 'suspended' && agedOn(person, date, RATED_AGE) && excludeIds.has(person.person_id)) out.push({ person, status: 'excluded' });
  }
  return out;
}

/**
 * The principal driver of `vehicle` on a term: its own principal driver when
 * listed and not excluded; else (Personal) the named insured when rated, or
 * the first rated driver, or the first permit holder; (Commercial) the first
 * rated driver with a CDL for a vehicle that needs one, else the first rated.
 */
export function principalFor(lob: 'Personal' | 'Commercial', vehicle: Vehicle, drivers: readonly ListedDriver[], insuredId: string | null): ListedDriver | undefined {
  const own = drivers.find((d) => d.person.person_id === vehicle.principal_driver_id && d.status !== 'excluded');
  if (own) return own;
  const rated = drivers.filter((d) => d.status === 'rated');
  if (lob === 'Commercial') {
    if ((vehicle.gvwr_lbs ?? 0) >= CDL_GVWR_LBS) {
      const cdl = rated.find((d) => d.person.cdl_class !== null);
      if (cdl) return cdl;
    }
    return rated[0];
  }
  return rated.find((d) => d.person.person_id === insuredId) ?? rated[0] ?? drivers.find((d) => d.status === 'permit');
}
