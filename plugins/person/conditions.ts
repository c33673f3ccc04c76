/**
 * `--where` on persons (docs/book-households.md, "Scenario targeting"):
 * `person.age` (derived from date_of_birth on as_of), `person.relationship`
 * and `person.licence_status`. In a book run one person of each account, its
 * TARGET, meets every person term at once: the named insured when it can
 * (a named insured is 18-90 and holds a valid licence) unless the ages asked
 * start under 25 and a child can hold them (then a child), else the household's
 * second resident (spouse, child or other relative, its role, age and
 * licence status drawn from what the terms leave), or for a business its
 * first scheduled driver (an employee, 21-75, valid licence).
 */
import { fieldTerms, meetsAll, type Where } from '../../engine/kit.js';

export type TargetRole = 'spouse' | 'child' | 'other_relative';
export type Status = 'valid' | 'permit' | 'suspended' | 'none';

export const RELATIONSHIPS = ['named_insured', 'spouse', 'child', 'other_relative', 'employee'] as const;
export const LICENCE_STATUSES: readonly Status[] = ['valid', 'permit', 'suspended', 'none'];

/** Ages (on as_of) a resident of each role may have. */
export const ROLE_AGES: Readonly<Record<TargetRole, readonly [number, number]>> = { spouse: [18, 90], child: [15, 35], other_relative: [18, 90] };
/**
 * Ages at which a resident other than the named insured may hold each status
 * in every state: a permit at 16-17 (every permit age is 16 or less), a
 * valid licence from 17 (every licence age is 17 or less), suspended from 18
 * (household-plan.ts licenceStatus).
 */
const STATUS_AGES: Readonly<Record<Status, readonly [number, number]>> = { valid: [17, 90], permit: [16, 17], suspended: [18, 90], none: [15, 90] };
/** A scheduled driver's ages (21: CDL and interstate drivers, 49 CFR 391.11). */
export const EMPLOYEE_AGES = [21, 75] as const;

export interface PersonConditions {
  /** true when some person term names a field. */
  readonly fields: boolean;
  /** Ages 15..90 the age terms leave (all of them without an age term). */
  readonly ages: readonly number[];
  /** The named insured can be the target. */
  readonly namedInsured: boolean;
  /** Roles the second resident can have as the target, with the statuses it may then hold. */
  readonly second: readonly TargetRole[];
  readonly statuses: readonly Status[];
  /** A scheduled driver can be the target. */
  readonly employee: boolean;
}

export const NO_PERSON_TERMS: PersonConditions = { fields: false, ages: range(15, 90), namedInsured: true, second: [], statuses: LICENCE_STATUSES, employee: true };

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** The ages of `ages` in lo..hi. */
export function within(ages: readonly number[], lo: number, hi: number): number[] {
  return ages.filter((a) => a >= lo && a <= hi);
}

/** Ages of `role` at which it can hold one of `statuses`, from `ages`. */
export function roleAges(ages: readonly number[], role: TargetRole, statuses: readonly Status[]): number[] {
  const [lo, hi] = ROLE_AGES[role];
  return within(ages, lo, hi).filter((a) => statuses.some((s) => a >= STATUS_AGES[s][0] && a <= STATUS_AGES[s][1]));
}

/** The statuses of `statuses` a non-named-insured resident aged `age` can hold everywhere. */
export function statusesAt(statuses: readonly Status[], age: number): Status[] {
  return statuses.filter((s) => age >= STATUS_AGES[s][0] && age <= STATUS_AGES[s][1]);
}

export function personConditions(where: Where): PersonConditions {
  const age = fieldTerms(where, 'person', 'age');
  const rel = fieldTerms(where, 'person', 'relationship');
  const lic = fieldTerms(where, 'person', 'licence_status');
  if (age.length + rel.length + lic.length === 0) return NO_PERSON_TERMS;
  const ages = range(15, 90).filter((a) => meetsAll(age, a));
  const roles = RELATIONSHIPS.filter((r) => meetsAll(rel, r));
  const statuses = LICENCE_STATUSES.filter((s) => meetsAll(lic, s));
  const validOk = statuses.includes('valid');
  const second = (['spouse', 'child', 'other_relative'] as const).filter((r) => roles.includes(r) && roleAges(ages, r, statuses).length > 0);
  // Someone under 25 is far more often a household's child than its named insured: young ages go to a child when one can hold them.
  const young = age.length > 0 && ages.length > 0 && ages[0]! < 25 && second.includes('child');
  const namedInsured = roles.includes('named_insured') && validOk && within(ages, 18, 90).length > 0 && !young;
  const employee = roles.includes('employee') && validOk && within(ages, EMPLOYEE_AGES[0], EMPLOYEE_AGES[1]).length > 0;
  return { fields: true, ages, namedInsured, second, statuses, employee };
}
