import { expect } from 'chai';
import { addYears, type EntityRecord } from '../../../engine/kit.js';
import { COVERAGE_RULES } from '../../../plugins/coverage/cross-checks.js';
import { POLICY_RULES } from '../../../plugins/policy/cross-checks.js';
import { minimumsOn } from '../../../plugins/policy/state-minimums.js';
import { AS_OF, copyBook, crossCheck, data, fixtureUnit, makeBook, TEMPLATES, type Book } from './fixtures.js';

let base: Book;
const first = (book: Book, entity: string, test: (r: EntityRecord) => boolean): EntityRecord => {
  const found = book[entity]!.find(test);
  if (!found) throw new Error(`no ${entity} record fits the test's need`);
  return found;
};
const policyOf = (book: Book, r: EntityRecord) => first(book, 'policy', (p) => p.policy_id === r.policy_id);
const isPersonal = (book: Book) => (r: EntityRecord) => policyOf(book, r).lob_type === 'Personal';
const isCommercial = (book: Book) => (r: EntityRecord) => policyOf(book, r).lob_type === 'Commercial';

/** Each rule, with a change to one record (or one policy's lines) that breaks it. */
const BREAKS: Record<string, (book: Book) => void> = {
  'policy.number_format': (b) => { const p = b.policy![0]!; p.policy_number = String(p.policy_number).replace(/^QA-[A-Z]{2}/, 'QA-ZZ'); },
  'policy.number_unique': (b) => { b.policy![3]!.policy_number = b.policy![0]!.policy_number; b.policy![3]!.term_number = b.policy![0]!.term_number; b.policy![3]!.base_state = b.policy![0]!.base_state; },
  'policy.term_dates': (b) => { first(b, 'policy', (p) => p.status === 'expired').expiration_date = '2019-01-02'; },
  'policy.renewal_chain': (b) => { first(b, 'policy', (p) => p.term_number === 3).prior_policy_id = first(b, 'policy', (p) => p.term_number === 1).policy_id; },
  'policy.status_dates': (b) => { first(b, 'policy', (p) => p.status === 'expired').status = 'in_force'; },
  'policy.cancellation': (b) => { first(b, 'policy', (p) => p.status === 'in_force').cancellation_reason = 'non_payment'; },
  'policy.no_future_dates': (b) => { first(b, 'policy', (p) => p.status === 'in_force').status = 'non_renewed'; },
  'policy.named_insured': (b) => { const grandparent = fixtureUnit(0).persons[4]!; first(b, 'policy', (p) => p.account_id === grandparent.account_id).named_insured_id = grandparent.person_id; },
  'policy.members_same_account': (b) => { first(b, 'policy_vehicle', () => true).vehicle_id = fixtureUnit(1).vehicles[0]!.vehicle_id; },
  'policy_driver.rated_licensed': (b) => { first(b, 'policy_driver', (d) => d.driver_status === 'permit').driver_status = 'rated'; },
  'policy_driver.permit_age': (b) => { const permit = first(b, 'policy_driver', (d) => d.driver_status === 'permit'); first(b, 'person', (p) => p.person_id === permit.person_id).date_of_birth = addYears(AS_OF, -12); },
  'policy_vehicle.principal_driver': (b) => { const grandparent = fixtureUnit(0).persons[4]!; first(b, 'policy_vehicle', (v) => policyOf(b, v).account_id === grandparent.account_id).principal_driver_id = grandparent.person_id; },
  'coverage.vehicle_on_policy': (b) => { first(b, 'coverage', (c) => c.vehicle_id !== null && c.policy_id !== b.coverage!.at(-1)!.policy_id).vehicle_id = b.coverage!.at(-1)!.vehicle_id ?? fixtureUnit(1).vehicles[0]!.vehicle_id; },
  'coverage.liability_minimum': (b) => { first(b, 'coverage', (c) => c.coverage_code === 'PD').limit_per_accident = 1000; },
  'coverage.um_within_bi': (b) => { const um = first(b, 'coverage', (c) => c.coverage_code === 'UMBI'); um.limit_per_person = 5_000_000; um.limit_per_accident = 5_000_000; },
  'coverage.um_required': (b) => { const um = first(b, 'coverage', (c) => c.coverage_code === 'UMBI' && minimumsOn(data, String(policyOf(b, c).base_state), String(policyOf(b, c).effective_date)).um_required); b.coverage = b.coverage!.filter((c) => c !== um); },
  'coverage.pip_required': (b) => { const pip = first(b, 'coverage', (c) => c.coverage_code === 'PIP'); b.coverage = b.coverage!.filter((c) => c !== pip); },
  'coverage.deductible_set': (b) => { first(b, 'coverage', (c) => c.coverage_code === 'COMP').deductible = 300; },
  'coverage.coll_with_comp': (b) => { const coll = first(b, 'coverage', (c) => c.coverage_code === 'COLL'); b.coverage = b.coverage!.filter((c) => !(c.coverage_code === 'COMP' && c.policy_id === coll.policy_id && c.vehicle_id === coll.vehicle_id)); },
  'coverage.for_hire_minimum': (b) => { const hazmat = fixtureUnit(6).account.account_id; first(b, 'coverage', (c) => c.coverage_code === 'CSL' && policyOf(b, c).account_id === hazmat).limit_single = 1_000_000; },
  'coverage.symbol': (b) => { first(b, 'coverage', isPersonal(b)).symbol = '7'; },
  'coverage.hnoa_policy_level': (b) => { const hnoa = first(b, 'coverage', (c) => c.coverage_code === 'HNOA'); hnoa.vehicle_id = first(b, 'coverage', (c) => c.policy_id === hnoa.policy_id && c.vehicle_id !== null).vehicle_id; },
  'coverage.premium': (b) => { first(b, 'coverage', isCommercial(b)).premium = 12.345; },
  'policy.total_premium': (b) => { const p = b.policy![0]!; p.total_premium = Math.round(Number(p.total_premium) * 100 + 1) / 100; },
};

describe('policy and coverage cross checks (each rule broken once)', () => {
  before(() => {
    base = makeBook(TEMPLATES.length * 4);
  });

  it('pass on the generated book', () => {
    for (const [rule, { failures }] of crossCheck(base)) expect(failures.slice(0, 3), rule).to.deep.equal([]);
  });

  it("pass on a snapshot of policies without their drivers, vehicles and coverages (the policy checker says nothing of who is listed then)", () => {
    const { account, person, vehicle, policy } = base;
    const results = crossCheck({ account: account!, person: person!, vehicle: vehicle!, policy: policy! });
    for (const rule of Object.keys(POLICY_RULES)) expect(results.get(rule)!.failures.slice(0, 3), rule).to.deep.equal([]);
    expect(results.get('policy.named_insured')!.checked).to.equal(policy!.length);
  });

  it('have a breaking test for every rule they report', () => {
    expect(Object.keys(BREAKS).sort()).to.deep.equal([...Object.keys(POLICY_RULES), ...Object.keys(COVERAGE_RULES)].sort());
  });

  for (const [rule, breakIt] of Object.entries(BREAKS)) {
    it(`${rule} fails when broken`, () => {
      const book = copyBook(base);
      breakIt(book);
      const result = crossCheck(book).get(rule)!;
      expect(result.failures, rule).to.have.length.above(0);
    });
  }
});
