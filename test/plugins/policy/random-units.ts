/**
 * Randomised book units (for the stress test): households of 1-5 residents
 * with any mix of licence states and ages, 1-4 vehicles of any model year;
 * businesses with 1-8 scheduled drivers and 1-8 vehicles of any class, for
 * hire or private, in any state. Records satisfy their schemas; the mix is
 * wider than the household plugins' real one, to find the edges.
 */
import { addYears, fromDayNumber, hashString, RandomStream, toDayNumber, type Person, type Vehicle } from '../../../engine/kit.js';
import { AS_OF, fixtureUnit, type FixtureUnit } from './fixtures.js';

const STATES = 'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(' ');
const CLASSES: readonly [Vehicle['vehicle_class'], number][] = [['private passenger', 5000], ['van', 9000], ['light truck', 8000], ['medium truck', 15000], ['heavy truck', 30000], ['extra-heavy truck', 60000], ['trailer', 12000]];
const day = (date: string, plus: number) => fromDayNumber(toDayNumber(date) + plus);

export function randomUnit(unitIndex: number): FixtureUnit {
  const r = new RandomStream(99, hashString('random-units'), unitIndex, 0);
  const commercial = r.bool(0.25);
  // Start from a fixture of the right line and reshape it.
  const base = fixtureUnit(commercial ? 4 : 0);
  const state = r.pick(STATES) as Person['state'];
  const account = { ...base.account, account_id: `${base.account.account_id.slice(0, 24)}${String(unitIndex).padStart(12, '0')}`, state, operation: commercial ? (r.bool(0.5) ? 'for_hire' as const : 'private' as const) : null };
  const cargo = account.operation === 'for_hire' ? r.pick(['general', 'oil', 'hazmat'] as const) : null;
  const people = commercial ? r.int(1, 8) : r.int(1, 5);
  const persons: Person[] = [];
  for (let i = 0; i < people; i++) {
    const insured = !commercial && i === 0;
    const age = insured ? r.int(18, 90) : commercial ? r.int(18, 70) : r.int(15, 90);
    const dob = day(addYears(AS_OF, -age), -r.int(1, 360));
    const status: Person['licence_status'] = commercial ? 'valid' : insured ? (r.bool(0.95) ? 'valid' : r.pick(['suspended', 'none'] as const)) : r.pick(['valid', 'valid', 'valid', 'permit', 'suspended', 'none'] as const);
    const firstAge = 16 + (r.bool(0.7) ? 0 : r.int(1, 20));
    let first = day(addYears(dob, Math.min(firstAge, age)), r.int(0, 300));
    if (first > AS_OF) first = day(AS_OF, -r.int(1, 200));
    if (status === 'permit') first = day(AS_OF, -r.int(1, 300));
    const licence = status === 'none'
      ? { driver_license_number: null, driver_license_state: null, license_issue_date: null, license_expiration_date: null, first_licensed_date: null }
      : { driver_license_number: `R${String(unitIndex).padStart(8, '0')}${i}`, driver_license_state: state, license_issue_date: first > day(AS_OF, -900) ? first : day(AS_OF, -r.int(1, 900)), license_expiration_date: day(AS_OF, r.int(1, 1500)), first_licensed_date: first };
    persons.push({
      ...base.persons[0]!, person_id: `${base.persons[0]!.person_id.slice(0, 24)}${String(unitIndex * 10 + i).padStart(12, '0')}`, date_of_birth: dob, ...licence, state, account_id: account.account_id,
      relationship: commercial ? 'employee' : insured ? 'named_insured' : r.pick(['spouse', 'child', 'other_relative'] as const), licence_status: status, cdl_class: commercial && r.bool(0.5) ? r.pick(['A', 'B'] as const) : null,
    });
  }
  const vehicles: Vehicle[] = Array.from({ length: commercial ? r.int(1, 8) : r.int(1, 4) }, (_, i) => {
    const [cls, gvwr] = r.pick(CLASSES);
    return {
      ...base.vehicles[0]!, vehicle_id: `${base.vehicles[0]!.vehicle_id.slice(0, 24)}${String(unitIndex * 10 + i).padStart(12, '0')}`, account_id: account.account_id, person_id: persons[0]!.person_id,
      model_year: r.int(1995, 2026), risk_rating: r.pick(['Low', 'Medium', 'High'] as const), garaging_state: state, principal_driver_id: r.pick(persons).person_id,
      vehicle_class: commercial ? cls : null, gvwr_lbs: commercial ? gvwr : null, radius_class: commercial ? r.pick(['local', 'intermediate', 'long_distance'] as const) : null,
    };
  });
  return { account: { ...account, cargo, fleet_size: commercial ? vehicles.length : null, household_size: commercial ? null : persons.length }, persons, vehicles };
}
