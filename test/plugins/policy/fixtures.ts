/**
 * Hand-made book units for the policy plugins' tests: accounts, persons and
 * vehicles that satisfy their schemas, Personal and Commercial, with the
 * cases the policy rules turn on (a teen licensed last year, a permit holder,
 * a resident without a licence, a suspended driver, for-hire carriers),
 * served by stand-in account/person/vehicle plugins so the real policy
 * plugins run on them through the engine's unit generator.
 */
import { join } from 'node:path';
import { addYears, defineEntityPlugin, fromDayNumber, toDayNumber, uuidV5, type Account, type EntityPlugin, type EntityRecord, type Person, type Vehicle } from '../../../engine/kit.js';
import { UnitGenerator } from '../../../engine/generate/unit-generator.js';
import { ReferenceData } from '../../../engine/lib/reference-data.js';
import { SchemaRegistry } from '../../../engine/schema/schema-registry.js';
import { claimPlugin } from '../../../plugins/claim/index.js';
import { claimExposurePlugin } from '../../../plugins/claim_exposure/index.js';
import { claimTransactionPlugin } from '../../../plugins/claim_transaction/index.js';
import { coveragePlugin } from '../../../plugins/coverage/index.js';
import { policyPlugin } from '../../../plugins/policy/index.js';
import { policyDriverPlugin } from '../../../plugins/policy_driver/index.js';
import { policyVehiclePlugin } from '../../../plugins/policy_vehicle/index.js';
import { packageRoot } from '../../helpers/package-root.js';

export const AS_OF = '2025-11-01';
export const MARKER = 'ESDH-SYNTHETIC';
export const data = new ReferenceData([join(packageRoot(), 'data', 'reference')]);
export const schemas = new SchemaRegistry().addFolder(join(packageRoot(), 'schemas'));

const STATES = 'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(' ');

export interface FixtureUnit {
  readonly account: Account;
  readonly persons: Person[];
  readonly vehicles: Vehicle[];
}

type Licence = 'valid' | 'teen' | 'permit' | 'none' | 'suspended';
interface PersonSpec {
  readonly relationship: Person['relationship'];
  readonly age: number;
  readonly licence: Licence;
  readonly cdl?: 'A' | 'B';
}
interface VehicleSpec {
  readonly year: number;
  /** Index of its principal driver among the persons. */
  readonly driver: number;
  readonly risk?: Vehicle['risk_rating'];
  readonly cls?: Vehicle['vehicle_class'];
  readonly gvwr?: number;
  readonly radius?: Vehicle['radius_class'];
}
interface Template {
  readonly lob: 'Personal' | 'Commercial';
  /** null: rotate through the 50 states and DC by unit index. */
  readonly state: string | null;
  readonly operation?: 'for_hire' | 'private';
  readonly cargo?: 'general' | 'oil' | 'hazmat';
  readonly persons: readonly PersonSpec[];
  readonly vehicles: readonly VehicleSpec[];
}

/** The kinds of unit, by unitIndex % TEMPLATES.length. */
export const TEMPLATES: readonly Template[] = [
  // A household with a teen licensed last year, a permit holder and a grandparent without a licence.
  { lob: 'Personal', state: null, persons: [{ relationship: 'named_insured', age: 46, licence: 'valid' }, { relationship: 'spouse', age: 44, licence: 'valid' }, { relationship: 'child', age: 17, licence: 'teen' }, { relationship: 'child', age: 16, licence: 'permit' }, { relationship: 'other_relative', age: 74, licence: 'none' }], vehicles: [{ year: 2019, driver: 0 }, { year: 2012, driver: 2, risk: 'High' }] },
  // A couple, one suspended and the principal driver of the car (so the named insured drives it on the policy).
  { lob: 'Personal', state: null, persons: [{ relationship: 'named_insured', age: 31, licence: 'valid' }, { relationship: 'spouse', age: 33, licence: 'suspended' }], vehicles: [{ year: 2021, driver: 1 }] },
  // A young single driver with a new car.
  { lob: 'Personal', state: null, persons: [{ relationship: 'named_insured', age: 22, licence: 'valid' }], vehicles: [{ year: 2025, driver: 0, risk: 'Medium' }] },
  // Retirees with three older cars.
  { lob: 'Personal', state: null, persons: [{ relationship: 'named_insured', age: 68, licence: 'valid' }, { relationship: 'spouse', age: 66, licence: 'valid' }], vehicles: [{ year: 2008, driver: 0, risk: 'Low' }, { year: 2011, driver: 1 }, { year: 2016, driver: 0 }] },
  // A for-hire general-freight carrier: light, medium and heavy trucks.
  { lob: 'Commercial', state: 'TX', operation: 'for_hire', cargo: 'general', persons: [{ relationship: 'employee', age: 41, licence: 'valid', cdl: 'A' }, { relationship: 'employee', age: 29, licence: 'valid' }, { relationship: 'employee', age: 55, licence: 'valid', cdl: 'B' }], vehicles: [{ year: 2020, driver: 1, cls: 'light truck', gvwr: 8500, radius: 'local' }, { year: 2018, driver: 2, cls: 'medium truck', gvwr: 14000, radius: 'intermediate' }, { year: 2017, driver: 0, cls: 'heavy truck', gvwr: 33000, radius: 'long_distance' }] },
  // A private contractor with two vans.
  { lob: 'Commercial', state: 'NJ', operation: 'private', persons: [{ relationship: 'employee', age: 38, licence: 'valid' }, { relationship: 'employee', age: 24, licence: 'valid' }], vehicles: [{ year: 2022, driver: 0, cls: 'van', gvwr: 9000, radius: 'local' }, { year: 2019, driver: 1, cls: 'van', gvwr: 9500, radius: 'local' }] },
  // A for-hire hazmat carrier with one extra-heavy truck.
  { lob: 'Commercial', state: 'OH', operation: 'for_hire', cargo: 'hazmat', persons: [{ relationship: 'employee', age: 50, licence: 'valid', cdl: 'A' }], vehicles: [{ year: 2016, driver: 0, cls: 'extra-heavy truck', gvwr: 52000, radius: 'long_distance' }] },
  // A for-hire oil hauler.
  { lob: 'Commercial', state: 'PA', operation: 'for_hire', cargo: 'oil', persons: [{ relationship: 'employee', age: 47, licence: 'valid', cdl: 'A' }, { relationship: 'employee', age: 36, licence: 'valid', cdl: 'A' }], vehicles: [{ year: 2015, driver: 0, cls: 'heavy truck', gvwr: 30000, radius: 'intermediate' }, { year: 2023, driver: 1, cls: 'heavy truck', gvwr: 31000, radius: 'intermediate' }] },
];

const day = (date: string, plus: number) => fromDayNumber(toDayNumber(date) + plus);
const id = (...parts: (string | number)[]) => uuidV5(`fixture:${parts.join(':')}`);

function licenceFields(spec: PersonSpec, dob: string, unitIndex: number) {
  if (spec.licence === 'none') return { driver_license_number: null, driver_license_state: null, license_issue_date: null, license_expiration_date: null, first_licensed_date: null };
  const number = { driver_license_number: `D${String(unitIndex).padStart(7, '0')}${spec.age}` };
  if (spec.licence === 'permit') return { ...number, license_issue_date: day(AS_OF, -100), license_expiration_date: day(AS_OF, 265), first_licensed_date: day(AS_OF, -100) };
  const first = spec.licence === 'teen' ? day(AS_OF, -300) : day(addYears(dob, 16), 40 + (unitIndex % 200));
  const issue = first > day(AS_OF, -1000) ? first : day(AS_OF, -1000);
  return { ...number, license_issue_date: issue, license_expiration_date: day(AS_OF, 700), first_licensed_date: first };
}

/** Unit `unitIndex` of the fixture book. */
export function fixtureUnit(unitIndex: number): FixtureUnit {
  const t = TEMPLATES[unitIndex % TEMPLATES.length]!;
  const state = (t.state ?? STATES[Math.floor(unitIndex / TEMPLATES.length) % STATES.length]!) as Person['state'];
  const accountId = id(unitIndex, 'account');
  const zip = '10001';
  const commercial = t.lob === 'Commercial';
  const account: Account = {
    account_id: accountId, lob_type: t.lob, account_name: commercial ? `Fixture Freight ${unitIndex} LLC` : `The Fixture ${unitIndex} household`,
    address_line_1: `${100 + unitIndex} Main St`, address_line_2: null, city: 'Springfield', state, postal_code: zip,
    household_size: commercial ? null : t.persons.length, children_under_15: commercial ? null : 0,
    business_name: commercial ? `Fixture Freight ${unitIndex} LLC` : null, business_type: commercial ? 'trucking' : null,
    fein: commercial ? '07-1234567' : null, operation: commercial ? (t.operation ?? 'private') : null, interstate: commercial ? true : null,
    cargo: commercial && t.operation === 'for_hire' ? (t.cargo ?? 'general') : null, usdot_number: commercial ? '9900001' : null,
    fleet_size: commercial ? t.vehicles.length : null, synthetic_source: MARKER,
  };
  const persons: Person[] = t.persons.map((spec, i) => {
    const dob = day(addYears(AS_OF, -spec.age), -(10 + ((unitIndex * 37 + i * 11) % 300)));
    return {
      person_id: id(unitIndex, 'person', i), first_name: `First${i}`, last_name: `Fixture${unitIndex}`, date_of_birth: dob,
      ...licenceFields(spec, dob, unitIndex), driver_license_state: spec.licence === 'none' ? null : state,
      address_line_1: account.address_line_1, address_line_2: null, city: account.city, state, postal_code: zip, country: 'US', lob_type: t.lob,
      synthetic_source: MARKER, phone: '212-555-0142', email: `fixture${unitIndex}.${i}@example.com`,
      account_id: accountId, relationship: spec.relationship,
      licence_status: spec.licence === 'teen' ? 'valid' : spec.licence, cdl_class: spec.cdl ?? null,
    };
  });
  const vehicles: Vehicle[] = t.vehicles.map((spec, i) => ({
    vehicle_id: id(unitIndex, 'vehicle', i), person_id: persons[0]!.person_id,
    vin: `1FIXT${String(unitIndex).padStart(8, '0')}${String(i).padStart(4, '0')}`.replace(/[IOQ]/g, 'X').slice(0, 17),
    make: commercial ? 'Freightliner' : 'Toyota', model: commercial ? 'M2' : 'Camry', model_year: spec.year,
    body_style: commercial ? 'Truck' : 'Sedan', risk_rating: spec.risk ?? 'Medium', lob_type: t.lob,
    garaging_state: state, garaging_postal_code: zip, synthetic_source: MARKER, account_id: accountId,
    principal_driver_id: persons[spec.driver]!.person_id, usage: commercial ? 'commercial' : 'commute', annual_mileage: commercial ? 40000 : 11000,
    vehicle_class: spec.cls ?? null, gvwr_lbs: spec.gvwr ?? null, radius_class: spec.radius ?? null,
  }));
  return { account, persons, vehicles };
}

/** Stand-ins for the account, person and vehicle plugins: they serve the fixture units. */
export function fixturePlugins(make: (unitIndex: number) => FixtureUnit = fixtureUnit): EntityPlugin[] {
  let last: { index: number; unit: FixtureUnit } | undefined;
  const units = (index: number): FixtureUnit => (last?.index === index ? last.unit : (last = { index, unit: make(index) }).unit);
  return [
    defineEntityPlugin({ name: 'account', plural: 'accounts', version: '1.0.0', schemaId: 'account', dependencies: [], idField: 'account_id', generate: (ctx) => units(ctx.unitIndex).account }),
    defineEntityPlugin({ name: 'person', plural: 'persons', version: '1.0.0', schemaId: 'person', dependencies: ['account'], idField: 'person_id', count: (ctx) => units(ctx.unitIndex).persons.length, generate: (ctx) => units(ctx.unitIndex).persons[ctx.childIndex]! }),
    defineEntityPlugin({ name: 'vehicle', plural: 'vehicles', version: '1.0.0', schemaId: 'vehicle', dependencies: ['person', 'account'], idField: 'vehicle_id', count: (ctx) => units(ctx.unitIndex).vehicles.length, generate: (ctx) => units(ctx.unitIndex).vehicles[ctx.childIndex]! }),
  ];
}

export const BOOK_PLUGINS: readonly EntityPlugin[] = [policyPlugin, policyDriverPlugin, policyVehiclePlugin, coveragePlugin, claimPlugin, claimExposurePlugin, claimTransactionPlugin];

/** Records by entity name. */
export type Book = Record<string, EntityRecord[]>;

/** A generator for the fixture book (every record validated against its schema). */
export function bookGenerator(seed = 20251101, units?: (unitIndex: number) => FixtureUnit): UnitGenerator {
  return new UnitGenerator([...fixturePlugins(units), ...BOOK_PLUGINS], schemas, data, { seed, asOf: AS_OF, marker: MARKER, validate: true, entityOptions: {}, distributions: {} });
}

/** Units `from` to `to - 1` of the fixture book, every entity's records in unit order. */
export function makeBook(to: number, from = 0, seed = 20251101): Book {
  const generator = bookGenerator(seed);
  const book: Book = {};
  for (let u = from; u < to; u++) {
    const unit = generator.generateUnit(u);
    for (const [entity, records] of Object.entries(unit)) (book[entity] ??= []).push(...records);
  }
  return book;
}

const ORDER = ['account', 'person', 'vehicle', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

/** Every rule of the policy and coverage cross checks over `book`: rule → failures (`where: problem`) and how many checks ran. */
export function crossCheck(book: Book): Map<string, { checked: number; failures: string[] }> {
  const out = new Map<string, { checked: number; failures: string[] }>();
  const ctx = { data, asOf: AS_OF, marker: MARKER };
  for (const plugin of BOOK_PLUGINS) {
    if (!plugin.crossChecks) continue;
    const check = plugin.crossChecks(ctx);
    for (const rule of Object.keys(check.rules)) out.set(rule, { checked: 0, failures: [] });
    const report = (rule: string, problem: string | null, where: string) => {
      const entry = out.get(rule);
      if (!entry) throw new Error(`unlisted rule ${rule}`);
      entry.checked++;
      if (problem !== null) entry.failures.push(`${where}: ${problem}`);
    };
    for (const entity of ORDER) {
      if (!check.reads.includes(entity)) continue;
      (book[entity] ?? []).forEach((record, i) => check.visit(entity, record, `${entity}s.jsonl:${i + 1}`, report));
    }
    check.finish(report);
  }
  return out;
}

/** A deep copy of `book` (tests break one record of it). */
export function copyBook(book: Book): Book {
  return JSON.parse(JSON.stringify(book)) as Book;
}
