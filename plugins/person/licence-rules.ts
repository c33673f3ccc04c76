/**
 * State driver-licence rules (data/reference/rules/licence-rules.json): how
 * long a licence runs, whether it ends on a birthday, and the ages of
 * graduated licensing. The dates of a person's licence follow from them
 * (docs/domain-rules.md, "Licences").
 */
import { addMonths, addMonthsToDay, addYears, civilDate, type CivilDate, civilOfDay, dayNumberOf, esdhError, fromDayNumber, type ReferenceData, toDayNumber, yearsFrom } from '../../engine/kit.js';

/** One jurisdiction's rules, as the table holds them. */
export interface LicenceRule {
  /** The standard term of a non-commercial licence, in years. */
  readonly term_years: number;
  /** `birthday`: it expires on the term-th birthday after issue; `anniversary`: term years after the issue date. */
  readonly expires: 'birthday' | 'anniversary';
  /** Shorter terms for licences issued at or after an age (ascending ages, non-increasing terms). */
  readonly older?: readonly { readonly from_age: number; readonly term_years: number }[];
  /** The standard term ends no later than this birthday (Arizona: 65). */
  readonly until_age?: number;
  /** Youngest age for a learner's permit, in months. */
  readonly permit_age_months: number;
  /** Youngest age for the first (intermediate or provisional) licence, in months. */
  readonly licence_age_months: number;
  /** Youngest age for an unrestricted licence, in months. */
  readonly full_age_months: number;
}

/** The rules by USPS code. */
export type LicenceRules = ReadonlyMap<string, LicenceRule>;

const cache = new WeakMap<ReferenceData, LicenceRules>();

/** The table, read and checked once per reference-data source. */
export function loadLicenceRules(data: ReferenceData): LicenceRules {
  let rules = cache.get(data);
  if (!rules) {
    const table = data.get<Record<string, LicenceRule>>('rules.licence-rules.states');
    for (const [code, rule] of Object.entries(table)) {
      const problem = ruleProblem(rule);
      if (problem) throw esdhError('ESDH_ERR_DATA_MISSING', `rules.licence-rules.states.${code} (${problem})`);
    }
    rules = new Map(Object.entries(table));
    cache.set(data, rules);
  }
  return rules;
}

/** The rule of `state`, or a clear error naming the states the table covers. */
export function ruleFor(rules: LicenceRules, state: string): LicenceRule {
  const rule = rules.get(state);
  if (!rule) throw esdhError('ESDH_ERR_DATA_MISSING', `rules.licence-rules.states.${state} (licence rules for ${state}; the table covers ${[...rules.keys()].join(', ')})`);
  return rule;
}

function ruleProblem(rule: LicenceRule): string | null {
  if (!Number.isInteger(rule.term_years) || rule.term_years < 1) return 'term_years must be a whole number >= 1';
  if (rule.expires !== 'birthday' && rule.expires !== 'anniversary') return "expires must be 'birthday' or 'anniversary'";
  let last = { from_age: 0, term_years: rule.term_years };
  for (const band of rule.older ?? []) {
    if (band.from_age <= last.from_age || band.term_years > last.term_years || band.term_years < 1) return 'older bands must rise in age and not lengthen the term';
    last = band;
  }
  if (!(rule.permit_age_months <= rule.licence_age_months && rule.licence_age_months <= rule.full_age_months)) return 'permit <= licence <= full age';
  return null;
}

/** The term, in years, of a licence issued at `ageAtIssue`. */
export function termYears(rule: LicenceRule, ageAtIssue: number): number {
  let term = rule.term_years;
  for (const band of rule.older ?? []) if (ageAtIssue >= band.from_age) term = band.term_years;
  return term;
}

/** The day one may first hold a licence: the licence age (months) after birth. */
export function licenceAgeDate(rule: LicenceRule, dateOfBirth: string): string {
  return fromDayNumber(licenceAgeDay(rule, civilDate(dateOfBirth)));
}

/** licenceAgeDate as a day number. */
export function licenceAgeDay(rule: LicenceRule, birth: CivilDate): number {
  return addMonthsToDay(birth, rule.licence_age_months);
}

/** The birthday in the year `years` after birth (Feb 29 → Feb 28 in common years), as a day number. */
function birthday(birth: CivilDate, years: number): number {
  return addMonthsToDay(birth, years * 12);
}

/** How many birthdays have passed on `date` (day number `day`; the clamped Feb 28 of a Feb 29 birth counts). */
function birthdaysBy(birth: CivilDate, date: CivilDate, day: number): number {
  const age = yearsFrom(birth, date);
  return birthday(birth, age + 1) <= day ? age + 1 : age;
}

/**
 * When a licence issued on `issue` expires under `rule`: the term-th
 * birthday after the issue date, or the term-th anniversary of it; a
 * standard-term licence ends no later than the `until_age` birthday.
 * @example
 * licenceExpiration(CA, '1990-06-15', '2023-03-01'); // → '2027-06-15' (the fifth birthday after issue)
 */
export function licenceExpiration(rule: LicenceRule, dateOfBirth: string, issue: string): string {
  return fromDayNumber(expirationDay(rule, civilDate(dateOfBirth), dayNumberOf(civilDate(issue))));
}

/** licenceExpiration in day numbers: of a licence issued on day `issueDay` to a driver born on `birth`. */
export function expirationDay(rule: LicenceRule, birth: CivilDate, issueDay: number): number {
  const issue = civilOfDay(issueDay);
  const ageAtIssue = yearsFrom(birth, issue);
  const term = termYears(rule, ageAtIssue);
  const end = rule.expires === 'birthday' ? birthday(birth, birthdaysBy(birth, issue, issueDay) + term) : addMonthsToDay(issue, term * 12);
  if (rule.until_age !== undefined && term === rule.term_years && ageAtIssue < rule.until_age) {
    const cap = birthday(birth, rule.until_age);
    return cap < end ? cap : end;
  }
  return end;
}

/**
 * The earliest issue date of a licence still valid on `asOf` (issue <= asOf <
 * expiration), as day numbers: never before the licence age. Issue dates
 * from it to `asOf` all give a valid licence: the window uses the term for
 * the age on `asOf`, the shortest of any earlier age.
 */
export function validIssueWindow(rule: LicenceRule, dateOfBirth: string, asOf: string): { readonly first: number; readonly last: number } {
  return validIssueDays(rule, civilDate(dateOfBirth), civilDate(asOf));
}

/** validIssueWindow of a date of birth and an as_of given as their parts. */
export function validIssueDays(rule: LicenceRule, birth: CivilDate, asOf: CivilDate): { readonly first: number; readonly last: number } {
  const last = dayNumberOf(asOf);
  const term = termYears(rule, yearsFrom(birth, asOf));
  let first: number;
  if (rule.expires === 'birthday') {
    first = birthday(birth, birthdaysBy(birth, asOf, last) - term + 1);
  } else {
    first = addMonthsToDay(asOf, -term * 12) + 1;
    while (first < last && expirationDay(rule, birth, first) <= last) first++;
  }
  return { first: Math.min(last, Math.max(first, licenceAgeDay(rule, birth))), last };
}

/** How long a learner's permit runs from its issue date, in years (most states: one to two years; ESDH writes one). */
export const PERMIT_TERM_YEARS = 1;

/** The day one may first hold a learner's permit: the permit age (months) after birth. */
export function permitAgeDate(rule: LicenceRule, dateOfBirth: string): string {
  return addMonths(dateOfBirth, rule.permit_age_months);
}

/** When a learner's permit issued on `issue` expires: PERMIT_TERM_YEARS later. */
export function permitExpiration(issue: string): string {
  return addYears(issue, PERMIT_TERM_YEARS);
}

/**
 * The issue days (day numbers) of a permit still valid on `asOf`: within
 * its term before as_of, not before the permit age.
 */
export function permitIssueWindow(rule: LicenceRule, dateOfBirth: string, asOf: string): { readonly first: number; readonly last: number } {
  const last = toDayNumber(asOf);
  const first = Math.max(toDayNumber(addYears(asOf, -PERMIT_TERM_YEARS)) + 1, toDayNumber(permitAgeDate(rule, dateOfBirth)));
  return { first: Math.min(first, last), last };
}
