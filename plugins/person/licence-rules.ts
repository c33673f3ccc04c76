/**
 * State driver-licence rules (data/reference/rules/licence-rules.json): how
 * long a licence runs, whether it ends on a birthday, and the ages of
 * graduated licensing. The dates of a person's licence follow from them
 * (docs/domain-rules.md, "Licences").
 */
import { addMonths, addYears, esdhError, fromDayNumber, type ReferenceData, toDayNumber, yearsBetween } from '../../engine/kit.js';

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
  return addMonths(dateOfBirth, rule.licence_age_months);
}

/** The birthday in the year `years` after birth (Feb 29 → Feb 28 in common years). */
function birthday(dateOfBirth: string, years: number): string {
  return addYears(dateOfBirth, years);
}

/** How many birthdays have passed on `date` (the clamped Feb 28 of a Feb 29 birth counts). */
function birthdaysBy(dateOfBirth: string, date: string): number {
  const age = yearsBetween(dateOfBirth, date);
  return birthday(dateOfBirth, age + 1) <= date ? age + 1 : age;
}

/**
 * When a licence issued on `issue` expires under `rule`: the term-th
 * birthday after the issue date, or the term-th anniversary of it; a
 * standard-term licence ends no later than the `until_age` birthday.
 * @example
 * licenceExpiration(CA, '1990-06-15', '2023-03-01'); // → '2027-06-15' (the fifth birthday after issue)
 */
export function licenceExpiration(rule: LicenceRule, dateOfBirth: string, issue: string): string {
  const ageAtIssue = yearsBetween(dateOfBirth, issue);
  const term = termYears(rule, ageAtIssue);
  const end = rule.expires === 'birthday' ? birthday(dateOfBirth, birthdaysBy(dateOfBirth, issue) + term) : addYears(issue, term);
  if (rule.until_age !== undefined && term === rule.term_years && ageAtIssue < rule.until_age) {
    const cap = birthday(dateOfBirth, rule.until_age);
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
  const last = toDayNumber(asOf);
  const term = termYears(rule, yearsBetween(dateOfBirth, asOf));
  let first: number;
  if (rule.expires === 'birthday') {
    first = toDayNumber(birthday(dateOfBirth, birthdaysBy(dateOfBirth, asOf) - term + 1));
  } else {
    first = toDayNumber(addYears(asOf, -term)) + 1;
    while (first < last && licenceExpiration(rule, dateOfBirth, fromDayNumber(first)) <= asOf) first++;
  }
  return { first: Math.min(last, Math.max(first, toDayNumber(licenceAgeDate(rule, dateOfBirth)))), last };
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
