import { type Account, civilDate, type CivilDate, defineEntityPlugin, fromDayNumber, type GenerateContext, type Person, toDayNumber, uuidV4, yearsFrom } from '../../engine/kit.js';
import { bookLayout, numberOf, unitsWithin, type BookLayout } from '../account/book-layout.js';
import { householdPlan, PERSON_SLOTS } from '../account/household-plan.js';
import { personChecks } from './checks.js';
import { fictionalEmail } from './contact.js';
import { DRIVER_AGES } from './ages.js';
import { type DriverTables, loadDriverTables, type StateLicence } from './driver-tables.js';
import { expirationDay, licenceAgeDay, permitExpiration, permitIssueWindow, validIssueDays } from './licence-rules.js';
import { commercialShare } from './lob.js';
import { firstName, lastName } from './names.js';
import { stratifiedUniform } from './strata.js';
import { fictionalPhone } from './phone.js';
import { chooseStates, drawResidence, drawState, streetNumber } from './residence.js';
import { loadPersonTables, type PersonTables, type StateTable } from './tables.js';
import { conditionedShare } from '../account/conditions.js';
import { policyConditions } from '../policy/conditions.js';
import { personTargeting, rootConditions, type RootConditions } from './targeting.js';

/** The youngest licensed age a generated driver has (docs/domain-rules.md: ages 16-90). */
export const MIN_DRIVING_AGE = DRIVER_AGES.from;

/**
 * A driver living in one of the 50 states or DC (`distributions.states`):
 * the root of a v0.1 unit; in a book of business, a resident of a household
 * or a scheduled driver of a business (its account's householdPlan).
 */
export const personPlugin = defineEntityPlugin({
  name: 'person',
  plural: 'persons',
  version: '1.3.0',
  schemaId: 'person',
  dependencies: [],
  optionalDependencies: ['account'],
  description: 'A driver with a real city/ZIP address in the 50 states and DC, weighted by population; in a book of business, a resident or scheduled driver of an account',
  idField: 'person_id',
  uniqueFields: ['driver_license_number', 'email'],
  references: { account_id: 'account.account_id' },
  targeting: personTargeting,
  setup: (ctx) => {
    const tables = loadPersonTables(ctx.data);
    const choice = chooseStates(tables, ctx.distributions.states);
    const inBook = ctx.entities.includes('account');
    // Licence shapes over every state, so a state's numbers do not depend on which others a run has; the limit over the run's own.
    const layout = bookLayout(inBook && ctx.where.length > 0 ? conditionedShare(ctx) : commercialShare(ctx.distributions.lob_mix), PERSON_SLOTS);
    const drivers = loadDriverTables(ctx, tables.states, choice.states);
    // --where: a v0.1 person's conditions (targeting.ts); in a book, the first person is licensed by the date the chain must start (policy/conditions.ts).
    const root = inBook || ctx.where.length === 0 ? null : rootConditions(ctx, choice, drivers);
    const startBy = inBook ? policyConditions(ctx.where, ctx.asOf).startBy : null;
    // as_of's parts, read once per run: every person's licence dates are computed from them.
    return { ...tables, choice, drivers, inBook, layout, byCode: new Map(tables.states.map((s) => [s.code as string, s])), root, startBy, asOfDate: civilDate(ctx.asOf) };
  },
  maxUnits: (t) => (t.inBook
    ? { units: unitsWithin(t.layout, t.drivers.capacity.units), reason: `${t.drivers.capacity.reason}, shared by the person numbers of each account (up to ${PERSON_SLOTS.personal} a household, ${PERSON_SLOTS.commercial} a business)` }
    : t.drivers.capacity),
  checks: personChecks,
  count: (ctx) => {
    const account = ctx.deps.account?.[0];
    return account ? householdPlan(account, ctx).persons.length : 1;
  },
  generate(ctx) {
    const account = ctx.deps.account?.[0];
    if (account) return bookPerson(ctx, account);
    const { random, state: t } = ctx;
    const person_id = uuidV4(random);
    const female = random.bool();
    const root = t.root;
    const state = drawState(root ? root.choice : t.choice, random);
    const licence = t.drivers.licences.get(state.code)!;
    // The age stratified over the run's units (strata.ts), so a sample's ages follow the table without noise steps.
    const u = stratifiedUniform(ctx.seed, ctx.unitIndex, random.next());
    const date_of_birth = root?.ages
      ? t.drivers.ages.birthDateAmong(root.ages, u, random, ctx.asOf, licence.rule.licence_age_months)
      : t.drivers.ages.birthDateAt(u, random, ctx.asOf, licence.rule.licence_age_months);
    // The first name depends on the birth year, so the date of birth is drawn first.
    const first_name = firstName(t.names, random, female ? 'F' : 'M', Number(date_of_birth.slice(0, 4)));
    const last_name = lastName(t.names, random);
    const { zip: postal_code, city, areaCodes } = drawResidence(state, random);
    const address_line_1 = `${streetNumber(random)} ${random.pick(t.streetNames)} ${random.pick(t.streetSuffixes)}`;
    const address_line_2 = random.bool(0.15) ? `${random.pick(t.unitPrefixes)} ${random.int(1, 999)}` : null;
    const driver_license_number = licence.numbering(ctx.seed).number(ctx.unitIndex);
    // The licence dates are computed in day numbers from the parts of the birth date and as_of.
    const birth = civilDate(date_of_birth);
    const commercialDraw = random.bool(commercialOdds(t.drivers, birth, t.asOfDate));
    const lob_type = root?.lob ?? (commercialDraw ? 'Commercial' : 'Personal');
    // Fields added in 1.1.0 draw after the v0.1 ones.
    const phone = fictionalPhone(areaCodes, random);
    const email = fictionalEmail(first_name, last_name, ctx.unitIndex, random);
    const issueDay = licenceIssueDay(licence, birth, t.asOfDate, ctx);
    const license_issue_date = fromDayNumber(issueDay);
    // Fields added after 1.1.0 draw after those.
    const license_expiration_date = fromDayNumber(expirationDay(licence.rule, birth, issueDay));
    const first_licensed_date = firstLicensedDate(licence, birth, issueDay, ctx);
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
      // Book-of-business fields, without draws: a v0.1 person is its own named insured.
      account_id: null,
      relationship: 'named_insured' as const,
      licence_status: 'valid' as const,
      cdl_class: null,
    };
  },
});

type Tables = PersonTables & { readonly drivers: DriverTables; readonly layout: BookLayout; readonly byCode: ReadonlyMap<string, StateTable>; readonly root: RootConditions | null; readonly startBy: string | null; readonly asOfDate: CivilDate };

/**
 * A person of a book account: the plan's resident (sharing the account's
 * address and phone area code) or scheduled driver (living in the account's
 * state); person numbers packed by line (book-layout.ts numberOf).
 */
function bookPerson(ctx: GenerateContext<Tables, never, 'account'>, account: Account): Person {
  const { random, state: t } = ctx;
  const plan = householdPlan(account, ctx);
  const planned = plan.persons[ctx.childIndex]!;
  const index = numberOf(t.layout, ctx.seed, ctx.unitIndex, ctx.childIndex);
  const state = t.byCode.get(account.state)!;
  const licence = t.drivers.licences.get(account.state)!;
  const person_id = uuidV4(random);
  const date_of_birth = planned.dateOfBirth;
  const first_name = firstName(t.names, random, planned.sex, Number(date_of_birth.slice(0, 4)));
  const last_name = planned.surname;
  let home: Pick<Person, 'address_line_1' | 'address_line_2' | 'city' | 'postal_code'>;
  let phone: string;
  if (planned.role === 'employee') {
    // Scheduled drivers live in the business's state, by population.
    const { zip, city, areaCodes } = drawResidence(state, random);
    home = {
      address_line_1: `${streetNumber(random)} ${random.pick(t.streetNames)} ${random.pick(t.streetSuffixes)}`,
      address_line_2: random.bool(0.15) ? `${random.pick(t.unitPrefixes)} ${random.int(1, 999)}` : null,
      city,
      postal_code: zip,
    };
    phone = fictionalPhone(areaCodes, random);
  } else {
    home = { address_line_1: account.address_line_1, address_line_2: account.address_line_2, city: account.city, postal_code: account.postal_code };
    phone = fictionalPhone([plan.areaCode!], random);
  }
  const email = fictionalEmail(first_name, last_name, index, random);
  const licensed = planned.licence !== 'none';
  let dates: Pick<Person, 'license_issue_date' | 'license_expiration_date' | 'first_licensed_date'> = { license_issue_date: null, license_expiration_date: null, first_licensed_date: null };
  if (planned.licence === 'permit') {
    const window = permitIssueWindow(licence.rule, date_of_birth, ctx.asOf);
    const issue = fromDayNumber(random.int(window.first, window.last));
    dates = { license_issue_date: issue, license_expiration_date: permitExpiration(issue), first_licensed_date: issue };
  } else if (licensed) {
    const birth = civilDate(date_of_birth);
    const issueDay = licenceIssueDay(licence, birth, t.asOfDate, ctx);
    // --where: the first person (named insured, first driver) licensed by the day the chain must start (policy/conditions.ts startBy).
    const by = ctx.childIndex === 0 ? t.startBy : null;
    dates = { license_issue_date: fromDayNumber(issueDay), license_expiration_date: fromDayNumber(expirationDay(licence.rule, birth, issueDay)), first_licensed_date: firstLicensedDate(licence, birth, issueDay, ctx, by) };
  }
  return {
    person_id,
    first_name,
    last_name,
    date_of_birth,
    driver_license_number: licensed ? licence.numbering(ctx.seed).number(index) : null,
    driver_license_state: licensed ? state.code : null,
    address_line_1: home.address_line_1,
    address_line_2: home.address_line_2,
    city: home.city,
    state: state.code,
    postal_code: home.postal_code,
    country: 'US',
    lob_type: account.lob_type,
    synthetic_source: ctx.marker,
    phone,
    email,
    ...dates,
    account_id: account.account_id,
    relationship: planned.role,
    licence_status: planned.licence,
    cdl_class: planned.cdl,
  };
}

/** P(Commercial) for the driver's age on as_of (lob by age, docs/domain-rules.md). */
function commercialOdds(drivers: DriverTables, birth: CivilDate, asOf: CivilDate): number {
  return drivers.commercialByAge[yearsFrom(birth, asOf) - DRIVER_AGES.from] ?? 0;
}

/**
 * The current licence's issue day: uniform over the days it may have been
 * issued and still be valid on as_of under the state's rule (within one term
 * before as_of, not before the licence age).
 */
function licenceIssueDay(licence: StateLicence, birth: CivilDate, asOf: CivilDate, ctx: Pick<GenerateContext, 'random'>): number {
  const window = validIssueDays(licence.rule, birth, asOf);
  return ctx.random.int(window.first, window.last);
}

/**
 * When the driver was first licensed: from the licence age to the current
 * licence's issue day, most within a few years of the licence age (the
 * span's fraction is u^3 for a uniform u: a median of 1/8 of the span).
 */
function firstLicensedDate(licence: StateLicence, birth: CivilDate, issueDay: number, ctx: Pick<GenerateContext, 'random'>, by: string | null = null): string {
  const first = licenceAgeDay(licence.rule, birth);
  const last = by === null ? issueDay : Math.max(first, Math.min(issueDay, toDayNumber(by)));
  const u = ctx.random.next();
  return fromDayNumber(Math.min(last, first + Math.floor(u * u * u * (last - first + 1))));
}
