import { type CheckContext, type Person, type RecordCheck, type ReferenceData, yearsBetween } from '../../engine/kit.js';
import { isReservedEmail } from './contact.js';
import { licenceAgeDate, licenceExpiration, loadLicenceRules, permitAgeDate, permitExpiration } from './licence-rules.js';
import { isFictionalPhone } from './phone.js';
import { loadPersonTables, type Residence, type StateTable } from './tables.js';

interface IndexedState {
  readonly table: StateTable;
  readonly byZip: ReadonlyMap<string, Residence>;
}

const lookups = new WeakMap<ReferenceData, Map<string, IndexedState | null>>();

/** A state's tables and its ZIPs by ZIP, built once per reference-data source and state (null: no such state). */
function stateLookup(ctx: CheckContext, code: string): IndexedState | null {
  let states = lookups.get(ctx.data);
  if (!states) lookups.set(ctx.data, (states = new Map()));
  let found = states.get(code);
  if (found === undefined) {
    const table = loadPersonTables(ctx.data).states.find((s) => s.code === code);
    found = table ? { table, byZip: new Map(table.zips.map((z) => [z.zip, z])) } : null;
    states.set(code, found);
  }
  return found;
}

/** The USPS codes the tables know, for messages. */
function knownStates(ctx: CheckContext): string {
  return loadPersonTables(ctx.data).states.map((s) => s.code).join(', ');
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type PersonCheck = RecordCheck<Person>;

/** docs/domain-rules.md's rules for people, run by `esdh verify` on every person. */
export const personChecks: readonly PersonCheck[] = [
  {
    name: 'person.id_uuid_v4',
    description: 'person_id is an RFC 9562 version-4 UUID',
    test: (p) => (UUID_V4.test(p.person_id) ? null : `person_id ${p.person_id} is not a v4 UUID`),
  },
  {
    name: 'person.age',
    description: 'age on as_of is 16 to 90; 15 to 90 for a learner\'s permit holder or a resident without a licence (book of business)',
    test: (p, ctx) => {
      const age = yearsBetween(p.date_of_birth, ctx.asOf);
      const youngest = p.licence_status === 'permit' || p.licence_status === 'none' ? 15 : 16;
      return age >= youngest && age <= 90 ? null : `age ${age} on ${ctx.asOf} (born ${p.date_of_birth}, licence ${p.licence_status ?? 'valid'})`;
    },
  },
  {
    name: 'person.licence_format',
    description: "licence state is the residence state and the number has that state's format (when the person holds a licence or permit)",
    test: (p, ctx) => {
      if (p.driver_license_number === null) return null; // licence_status none: the schema keeps the fields null
      if (p.driver_license_state !== p.state) return `licence state ${p.driver_license_state} differs from residence ${p.state}`;
      const state = stateLookup(ctx, p.state);
      if (!state) return `state ${p.state} is not one of ${knownStates(ctx)}`;
      return state.table.licencePattern.test(p.driver_license_number) ? null : `${p.driver_license_number} does not match ${p.state}'s ${state.table.licencePattern.source}`;
    },
  },
  {
    name: 'person.licence_issue_date',
    description: "licence issued on or after the state's licence age (a permit: its permit age; data/reference/rules/licence-rules.json) and not after as_of",
    test: (p, ctx) => {
      if (p.license_issue_date === undefined || p.license_issue_date === null) return null; // records from person < 1.1.0; no licence
      const rule = loadLicenceRules(ctx.data).get(p.state);
      if (!rule) return `no licence rules for ${p.state}`;
      const permit = p.licence_status === 'permit';
      const earliest = permit ? permitAgeDate(rule, p.date_of_birth) : licenceAgeDate(rule, p.date_of_birth);
      if (p.license_issue_date < earliest) return `issued ${p.license_issue_date}, before ${p.state}'s ${permit ? 'permit' : 'licence'} age (${earliest}, born ${p.date_of_birth})`;
      return p.license_issue_date <= ctx.asOf ? null : `issued ${p.license_issue_date}, after as_of ${ctx.asOf}`;
    },
  },
  {
    name: 'person.licence_valid',
    description: 'the licence (or permit) is valid on as_of: issued on or before it, expiring after it',
    test: (p, ctx) => {
      if (p.license_expiration_date === undefined || p.license_expiration_date === null || p.license_issue_date === null) return null; // records from person <= 1.1.0; no licence
      if (p.license_issue_date > ctx.asOf) return `issued ${p.license_issue_date}, after as_of ${ctx.asOf}`;
      return ctx.asOf < p.license_expiration_date ? null : `expired ${p.license_expiration_date}, on or before as_of ${ctx.asOf}`;
    },
  },
  {
    name: 'person.licence_expiration',
    description: "the expiration date follows the state's rule from the issue date (term; on a birthday or the issue anniversary); a permit runs one year",
    test: (p, ctx) => {
      if (p.license_expiration_date === undefined || p.license_expiration_date === null || p.license_issue_date === null) return null; // records from person <= 1.1.0; no licence
      const rule = loadLicenceRules(ctx.data).get(p.state);
      if (!rule) return `no licence rules for ${p.state}`;
      const expected = p.licence_status === 'permit' ? permitExpiration(p.license_issue_date) : licenceExpiration(rule, p.date_of_birth, p.license_issue_date);
      return p.license_expiration_date === expected ? null : `expires ${p.license_expiration_date}, but a ${p.state} ${p.licence_status === 'permit' ? 'permit' : 'licence'} issued ${p.license_issue_date} (born ${p.date_of_birth}) expires ${expected}`;
    },
  },
  {
    name: 'person.first_licensed',
    description: "first licensed on or after the state's licence age (a permit holder: the permit age) and no later than the current licence's issue date",
    test: (p, ctx) => {
      if (p.first_licensed_date === undefined || p.first_licensed_date === null || p.license_issue_date === null) return null; // records from person <= 1.1.0; no licence
      const rule = loadLicenceRules(ctx.data).get(p.state);
      if (!rule) return `no licence rules for ${p.state}`;
      const earliest = p.licence_status === 'permit' ? permitAgeDate(rule, p.date_of_birth) : licenceAgeDate(rule, p.date_of_birth);
      if (p.first_licensed_date < earliest) return `first licensed ${p.first_licensed_date}, before ${p.state}'s ${p.licence_status === 'permit' ? 'permit' : 'licence'} age (born ${p.date_of_birth})`;
      return p.first_licensed_date <= p.license_issue_date ? null : `first licensed ${p.first_licensed_date}, after the current licence's issue date ${p.license_issue_date}`;
    },
  },
  {
    name: 'person.licence_fields',
    description: 'licence number, state and dates are null exactly when licence_status is none',
    test: (p) => {
      if (p.licence_status === undefined) return null; // records from person < 1.3.0
      const fields = [p.driver_license_number, p.driver_license_state, p.license_issue_date, p.license_expiration_date, p.first_licensed_date];
      const none = p.licence_status === 'none';
      const bad = fields.filter((f) => (f === null) !== none).length;
      return bad === 0 ? null : none ? 'licence_status none with licence fields set' : `licence_status ${p.licence_status} with ${bad} licence field(s) null`;
    },
  },
  {
    name: 'person.zip_in_state',
    description: "postal code's first three digits are in the state's ZIP ranges",
    test: (p, ctx) => {
      const state = stateLookup(ctx, p.state);
      const prefix = Number(p.postal_code.slice(0, 3));
      return state?.table.zipPrefixes.some(([from, to]) => prefix >= from && prefix <= to) ? null : `ZIP ${p.postal_code} is not in ${p.state}`;
    },
  },
  {
    name: 'person.zip_in_city',
    description: 'city and ZIP belong together (a real ZIP of that city)',
    test: (p, ctx) => {
      const city = stateLookup(ctx, p.state)?.byZip.get(p.postal_code.slice(0, 5))?.city;
      return city === p.city ? null : `ZIP ${p.postal_code} is ${city ? `in ${city}` : `not a ${p.state} ZIP`}, not ${p.city}`;
    },
  },
  {
    name: 'person.phone',
    description: "phone is NPA-555-01XX with an area code of the person's state",
    test: (p, ctx) => {
      if (p.phone === undefined) return null;
      const state = stateLookup(ctx, p.state);
      return state && isFictionalPhone(p.phone, state.table.areaCodes) ? null : `phone ${p.phone} is not a fictional ${p.state} number`;
    },
  },
  {
    name: 'person.phone_area_code',
    description: "the phone's area code serves the person's ZIP (one of its area-code region's codes)",
    test: (p, ctx) => {
      if (p.phone === undefined) return null;
      const residence = stateLookup(ctx, p.state)?.byZip.get(p.postal_code.slice(0, 5));
      if (!residence) return `ZIP ${p.postal_code} is not a ${p.state} ZIP, so its area codes are unknown`;
      return residence.areaCodes.includes(p.phone.slice(0, 3)) ? null : `area code ${p.phone.slice(0, 3)} does not serve ZIP ${p.postal_code} (${residence.areaCodes.join(', ')})`;
    },
  },
  {
    name: 'person.email',
    description: 'email uses a reserved example domain',
    test: (p) => (p.email === undefined || isReservedEmail(p.email) ? null : `email ${p.email} is not on example.com/net/org`),
  },
];
