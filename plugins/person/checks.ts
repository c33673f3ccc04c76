import { type CheckContext, type Person, type RecordCheck, type ReferenceData, yearsBetween } from '../../engine/kit.js';
import { isReservedEmail } from './contact.js';
import { licenceAgeDate, licenceExpiration, loadLicenceRules } from './licence-rules.js';
import { isFictionalPhone } from './phone.js';
import { loadPersonTables, type StateTable } from './tables.js';

interface Lookup {
  readonly states: ReadonlyMap<string, StateTable & { readonly zipCity: ReadonlyMap<string, string>; readonly prefixes: readonly (readonly [number, number])[] }>;
}

const lookups = new WeakMap<ReferenceData, Lookup>();

/** State tables indexed for checking, built once per reference-data source. */
function lookup(ctx: CheckContext): Lookup {
  let found = lookups.get(ctx.data);
  if (!found) {
    const tables = loadPersonTables(ctx.data);
    const raw = ctx.data.get<{ code: string; zip_prefixes: string[] }[]>('address.states');
    found = {
      states: new Map(tables.states.map((s) => [s.code, {
        ...s,
        zipCity: new Map(s.zips.map(([zip, city]) => [zip, city])),
        prefixes: raw.find((r) => r.code === s.code)!.zip_prefixes.map((range) => {
          const [from, to = from] = range.split('-').map(Number) as [number, number?];
          return [from, to] as const;
        }),
      }])),
    };
    lookups.set(ctx.data, found);
  }
  return found;
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
    description: 'age on as_of is 16 to 90',
    test: (p, ctx) => {
      const age = yearsBetween(p.date_of_birth, ctx.asOf);
      return age >= 16 && age <= 90 ? null : `age ${age} on ${ctx.asOf} (born ${p.date_of_birth})`;
    },
  },
  {
    name: 'person.licence_format',
    description: "licence state is the residence state and the number has that state's format",
    test: (p, ctx) => {
      if (p.driver_license_state !== p.state) return `licence state ${p.driver_license_state} differs from residence ${p.state}`;
      const state = lookup(ctx).states.get(p.state);
      if (!state) return `state ${p.state} is not one of ${[...lookup(ctx).states.keys()].join(', ')}`;
      return state.licencePattern.test(p.driver_license_number) ? null : `${p.driver_license_number} does not match ${p.state}'s ${state.licencePattern.source}`;
    },
  },
  {
    name: 'person.licence_issue_date',
    description: "licence issued on or after the state's licence age (data/reference/rules/licence-rules.json) and not after as_of",
    test: (p, ctx) => {
      if (p.license_issue_date === undefined) return null; // records from person < 1.1.0
      const rule = loadLicenceRules(ctx.data).get(p.driver_license_state);
      if (!rule) return `no licence rules for ${p.driver_license_state}`;
      const earliest = licenceAgeDate(rule, p.date_of_birth);
      if (p.license_issue_date < earliest) return `issued ${p.license_issue_date}, before ${p.driver_license_state}'s licence age (${earliest}, born ${p.date_of_birth})`;
      return p.license_issue_date <= ctx.asOf ? null : `issued ${p.license_issue_date}, after as_of ${ctx.asOf}`;
    },
  },
  {
    name: 'person.licence_valid',
    description: 'the licence is valid on as_of: issued on or before it, expiring after it',
    test: (p, ctx) => {
      if (p.license_expiration_date === undefined) return null; // records from person <= 1.1.0
      if (p.license_issue_date > ctx.asOf) return `issued ${p.license_issue_date}, after as_of ${ctx.asOf}`;
      return ctx.asOf < p.license_expiration_date ? null : `expired ${p.license_expiration_date}, on or before as_of ${ctx.asOf}`;
    },
  },
  {
    name: 'person.licence_expiration',
    description: "the expiration date follows the state's rule from the issue date (term; on a birthday or the issue anniversary)",
    test: (p, ctx) => {
      if (p.license_expiration_date === undefined) return null; // records from person <= 1.1.0
      const rule = loadLicenceRules(ctx.data).get(p.driver_license_state);
      if (!rule) return `no licence rules for ${p.driver_license_state}`;
      const expected = licenceExpiration(rule, p.date_of_birth, p.license_issue_date);
      return p.license_expiration_date === expected ? null : `expires ${p.license_expiration_date}, but a ${p.driver_license_state} licence issued ${p.license_issue_date} (born ${p.date_of_birth}) expires ${expected}`;
    },
  },
  {
    name: 'person.first_licensed',
    description: "first licensed on or after the state's licence age and no later than the current licence's issue date",
    test: (p, ctx) => {
      if (p.first_licensed_date === undefined) return null; // records from person <= 1.1.0
      const rule = loadLicenceRules(ctx.data).get(p.driver_license_state);
      if (!rule) return `no licence rules for ${p.driver_license_state}`;
      if (p.first_licensed_date < licenceAgeDate(rule, p.date_of_birth)) return `first licensed ${p.first_licensed_date}, before ${p.driver_license_state}'s licence age (born ${p.date_of_birth})`;
      return p.first_licensed_date <= p.license_issue_date ? null : `first licensed ${p.first_licensed_date}, after the current licence's issue date ${p.license_issue_date}`;
    },
  },
  {
    name: 'person.zip_in_state',
    description: "postal code's first three digits are in the state's ZIP ranges",
    test: (p, ctx) => {
      const state = lookup(ctx).states.get(p.state);
      const prefix = Number(p.postal_code.slice(0, 3));
      return state?.prefixes.some(([from, to]) => prefix >= from && prefix <= to) ? null : `ZIP ${p.postal_code} is not in ${p.state}`;
    },
  },
  {
    name: 'person.zip_in_city',
    description: 'city and ZIP belong together (a real ZIP of that city)',
    test: (p, ctx) => {
      const city = lookup(ctx).states.get(p.state)?.zipCity.get(p.postal_code.slice(0, 5));
      return city === p.city ? null : `ZIP ${p.postal_code} is ${city ? `in ${city}` : `not a ${p.state} ZIP`}, not ${p.city}`;
    },
  },
  {
    name: 'person.phone',
    description: "phone is NPA-555-01XX with an area code of the person's state",
    test: (p, ctx) => {
      if (p.phone === undefined) return null;
      const state = lookup(ctx).states.get(p.state);
      return state && isFictionalPhone(p.phone, state.areaCodes) ? null : `phone ${p.phone} is not a fictional ${p.state} number`;
    },
  },
  {
    name: 'person.email',
    description: 'email uses a reserved example domain',
    test: (p) => (p.email === undefined || isReservedEmail(p.email) ? null : `email ${p.email} is not on example.com/net/org`),
  },
];
