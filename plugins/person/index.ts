import { addYears, cumulativeWeights, defineEntityPlugin, fromDayNumber, type GenerateContext, toDayNumber, uuidV4 } from '../../engine/kit.js';
import { personChecks } from './checks.js';
import { fictionalEmail } from './contact.js';
import { licenceNumber } from './licence.js';
import { fictionalPhone } from './phone.js';
import { chooseStates, drawResidence, drawState } from './residence.js';
import { loadPersonTables } from './tables.js';

/** Age bands on as_of, weighted toward working age (docs/domain-rules.md: 16-90, mostly 25-65). */
const AGE_BANDS: readonly (readonly [number, number])[] = [[16, 24], [25, 65], [66, 90]];
const AGE_BAND_WEIGHTS = cumulativeWeights([12, 75, 13]);
/** The youngest licensed age. */
export const MIN_DRIVING_AGE = 16;
/** Licences here are renewed at most every 8 years, so the current one is no older. */
const LICENCE_RENEWAL_DAYS = 8 * 365;

/** A licensed driver living in one of the 50 states or DC (`distributions.states`); the root of every unit. */
export const personPlugin = defineEntityPlugin({
  name: 'person',
  plural: 'persons',
  version: '1.1.0',
  schemaId: 'person',
  dependencies: [],
  description: 'A licensed driver with a real city/ZIP address in the 50 states and DC, weighted by population',
  idField: 'person_id',
  setup: (ctx) => {
    const tables = loadPersonTables(ctx.data);
    return { ...tables, choice: chooseStates(tables, ctx.distributions.states) };
  },
  checks: personChecks,
  generate(ctx) {
    const { random, state: t } = ctx;
    const person_id = uuidV4(random);
    const female = random.bool();
    const first_name = random.pick(female ? t.femaleNames : t.maleNames);
    const last_name = random.pick(t.lastNames);
    const date_of_birth = birthDate(ctx);
    const state = drawState(t.choice, random);
    const { zip: postal_code, city, areaCodes } = drawResidence(state, random);
    const address_line_1 = `${streetNumber(ctx)} ${random.pick(t.streetNames)} ${random.pick(t.streetSuffixes)}`;
    const address_line_2 = random.bool(0.15) ? `${random.pick(t.unitPrefixes)} ${random.int(1, 999)}` : null;
    const driver_license_number = licenceNumber(state.licenceTemplate, random);
    const lob_type = random.bool(0.7) ? 'Personal' : 'Commercial';
    // Fields added in 1.1.0 draw after the v0.1 ones, so v0.1 values stay as they were.
    const phone = fictionalPhone(areaCodes, random);
    const email = fictionalEmail(first_name, last_name, random);
    const license_issue_date = licenceIssueDate(date_of_birth, ctx);
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
    };
  },
});

/** A birth date giving an age in a weighted band on as_of. */
function birthDate(ctx: Pick<GenerateContext, 'random' | 'asOf'>): string {
  const [minAge, maxAge] = AGE_BANDS[ctx.random.weightedIndex(AGE_BAND_WEIGHTS)]!;
  const age = ctx.random.int(minAge, maxAge);
  // Born after (as_of - age-1 years) and on or before (as_of - age years): exactly `age` on as_of.
  const latest = toDayNumber(addYears(ctx.asOf, -age));
  const earliest = toDayNumber(addYears(ctx.asOf, -age - 1)) + 1;
  return fromDayNumber(ctx.random.int(earliest, latest));
}

/** The current licence's issue date: on or after the 16th birthday, within the last 8 years, not after as_of. */
function licenceIssueDate(dateOfBirth: string, ctx: Pick<GenerateContext, 'random' | 'asOf'>): string {
  const earliest = Math.max(toDayNumber(addYears(dateOfBirth, MIN_DRIVING_AGE)), toDayNumber(ctx.asOf) - LICENCE_RENEWAL_DAYS);
  return fromDayNumber(ctx.random.int(earliest, toDayNumber(ctx.asOf)));
}

/** House numbers: mostly 3-4 digits, some short, some 5-digit rural ones. */
function streetNumber(ctx: Pick<GenerateContext, 'random' | 'asOf'>): number {
  const r = ctx.random.next();
  if (r < 0.1) return ctx.random.int(1, 99);
  if (r < 0.9) return ctx.random.int(100, 9999);
  return ctx.random.int(10000, 29999);
}
