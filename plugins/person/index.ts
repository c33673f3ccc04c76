import { defineEntityPlugin, fromDayNumber, type GenerateContext, toDayNumber, uuidV4, yearsBetween } from '../../engine/kit.js';
import { personChecks } from './checks.js';
import { fictionalEmail } from './contact.js';
import { DRIVER_AGES } from './ages.js';
import { type DriverTables, loadDriverTables, type StateLicence } from './driver-tables.js';
import { licenceAgeDate, licenceExpiration, validIssueWindow } from './licence-rules.js';
import { firstName, lastName } from './names.js';
import { fictionalPhone } from './phone.js';
import { chooseStates, drawResidence, drawState } from './residence.js';
import { loadPersonTables } from './tables.js';

/** The youngest licensed age a generated driver has (docs/domain-rules.md: ages 16-90). */
export const MIN_DRIVING_AGE = DRIVER_AGES.from;

/** A licensed driver living in one of the 50 states or DC (`distributions.states`); the root of every unit. */
export const personPlugin = defineEntityPlugin({
  name: 'person',
  plural: 'persons',
  version: '1.2.0',
  schemaId: 'person',
  dependencies: [],
  description: 'A licensed driver with a real city/ZIP address in the 50 states and DC, weighted by population',
  idField: 'person_id',
  uniqueFields: ['driver_license_number', 'email'],
  setup: (ctx) => {
    const tables = loadPersonTables(ctx.data);
    const choice = chooseStates(tables, ctx.distributions.states);
    // Licence shapes over every state, so a state's numbers do not depend on which others a run has; the limit over the run's own.
    return { ...tables, choice, drivers: loadDriverTables(ctx, tables.states, choice.states) };
  },
  maxUnits: (t) => t.drivers.capacity,
  checks: personChecks,
  generate(ctx) {
    const { random, state: t } = ctx;
    const person_id = uuidV4(random);
    const female = random.bool();
    const state = drawState(t.choice, random);
    const licence = t.drivers.licences.get(state.code)!;
    const date_of_birth = t.drivers.ages.birthDate(random, ctx.asOf, licence.rule.licence_age_months);
    // The first name depends on the birth year, so the date of birth is drawn first.
    const first_name = firstName(t.names, random, female ? 'F' : 'M', Number(date_of_birth.slice(0, 4)));
    const last_name = lastName(t.names, random);
    const { zip: postal_code, city, areaCodes } = drawResidence(state, random);
    const address_line_1 = `${streetNumber(ctx)} ${random.pick(t.streetNames)} ${random.pick(t.streetSuffixes)}`;
    const address_line_2 = random.bool(0.15) ? `${random.pick(t.unitPrefixes)} ${random.int(1, 999)}` : null;
    const driver_license_number = licence.numbering(ctx.seed).number(ctx.unitIndex);
    const lob_type = random.bool(commercialOdds(t.drivers, date_of_birth, ctx.asOf)) ? 'Commercial' : 'Personal';
    // Fields added in 1.1.0 draw after the v0.1 ones.
    const phone = fictionalPhone(areaCodes, random);
    const email = fictionalEmail(first_name, last_name, ctx.unitIndex, random);
    const license_issue_date = licenceIssueDate(licence, date_of_birth, ctx);
    // Fields added after 1.1.0 draw after those.
    const license_expiration_date = licenceExpiration(licence.rule, date_of_birth, license_issue_date);
    const first_licensed_date = firstLicensedDate(licence, date_of_birth, license_issue_date, ctx);
    return {
      person_id,
      first_name,
      last_name,
      date_of_birth,
      driver_license_number,
      driver_license_state: state.code,
      address_line_1,
      address_line_2,
      city,
      state: state.code,
      postal_code,
      country: 'US',
      lob_type,
      synthetic_source: ctx.marker,
      phone,
      email,
      license_issue_date,
      license_expiration_date,
      first_licensed_date,
    };
  },
});

/** P(Commercial) for the driver's age on as_of (lob by age, docs/domain-rules.md). */
function commercialOdds(drivers: DriverTables, dateOfBirth: string, asOf: string): number {
  return drivers.commercialByAge[yearsBetween(dateOfBirth, asOf) - DRIVER_AGES.from] ?? 0;
}

/**
 * The current licence's issue date: uniform over the days it may have been
 * issued and still be valid on as_of under the state's rule (within one term
 * before as_of, not before the licence age).
 */
function licenceIssueDate(licence: StateLicence, dateOfBirth: string, ctx: Pick<GenerateContext, 'random' | 'asOf'>): string {
  const window = validIssueWindow(licence.rule, dateOfBirth, ctx.asOf);
  return fromDayNumber(ctx.random.int(window.first, window.last));
}

/**
 * When the driver was first licensed: from the licence age to the current
 * licence's issue date, most within a few years of the licence age (the
 * span's fraction is u^3 for a uniform u: a median of 1/8 of the span).
 */
function firstLicensedDate(licence: StateLicence, dateOfBirth: string, issueDate: string, ctx: Pick<GenerateContext, 'random'>): string {
  const first = toDayNumber(licenceAgeDate(licence.rule, dateOfBirth));
  const last = toDayNumber(issueDate);
  const u = ctx.random.next();
  return fromDayNumber(Math.min(last, first + Math.floor(u * u * u * (last - first + 1))));
}

/** House numbers: mostly 3-4 digits, some short, some 5-digit rural ones. */
function streetNumber(ctx: Pick<GenerateContext, 'random' | 'asOf'>): number {
  const r = ctx.random.next();
  if (r < 0.1) return ctx.random.int(1, 99);
  if (r < 0.9) return ctx.random.int(100, 9999);
  return ctx.random.int(10000, 29999);
}
