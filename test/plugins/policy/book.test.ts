import { expect } from 'chai';
import { addMonths, type EntityRecord } from '../../../engine/kit.js';
import { permitAgeMonths } from '../../../plugins/policy/drivers.js';
import { AS_OF, bookGenerator, crossCheck, data, fixtureUnit, makeBook, TEMPLATES, type Book } from './fixtures.js';

const UNITS = TEMPLATES.length * 13; // every template, Personal ones across many states
let book: Book;
const byPolicy = (entity: string, policyId: unknown): EntityRecord[] => book[entity]!.filter((r) => r.policy_id === policyId);

describe('the book plugins on fixture units (policy, policy_driver, policy_vehicle, coverage, claim)', () => {
  before(() => {
    book = makeBook(UNITS);
  });

  it('makes schema-valid records for every entity (the generator validates each one) and passes every cross-record rule', () => {
    for (const entity of ['policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim']) expect(book[entity]?.length ?? 0, entity).to.be.above(0);
    const results = crossCheck(book);
    for (const [rule, { checked, failures }] of results) {
      expect(failures.slice(0, 3), rule).to.deep.equal([]);
      if (!['coverage.um_required', 'coverage.pip_required'].includes(rule)) expect(checked, rule).to.be.above(0);
    }
  });

  it('gives every account one chain whose last term holds as_of, unless it lapsed or is a quote', () => {
    const accounts = new Set(book.policy!.map((p) => p.account_id));
    expect(accounts.size).to.equal(UNITS);
    for (const account of accounts) {
      const terms = book.policy!.filter((p) => p.account_id === account);
      const last = terms[terms.length - 1]!;
      expect(terms.map((t) => t.term_number)).to.deep.equal(terms.map((_, i) => i + 1));
      for (const t of terms.slice(0, -1)) expect(t.status, String(t.policy_number)).to.equal('expired');
      if (last.status === 'in_force') expect(String(last.effective_date) <= AS_OF && AS_OF < String(last.expiration_date)).to.equal(true);
      if (last.status === 'quote') expect(terms).to.have.length(1);
    }
  });

  it('lists the teen only on terms that start after the licence, the permit holder as permit, never the resident without a licence', () => {
    let teenBefore = 0, teenAfter = 0, permits = 0;
    for (let u = 0; u < UNITS; u += TEMPLATES.length) {
      const { persons } = fixtureUnit(u);
      const [teen, permit, none] = [persons[2]!, persons[3]!, persons[4]!];
      for (const policy of book.policy!.filter((p) => p.account_id === persons[0]!.account_id)) {
        const listed = new Map(byPolicy('policy_driver', policy.policy_id).map((d) => [d.person_id, d.driver_status]));
        expect(listed.has(none.person_id)).to.equal(false);
        if (String(policy.effective_date) < teen.first_licensed_date!) {
          teenBefore++;
          expect(listed.has(teen.person_id), String(policy.effective_date)).to.equal(false);
        } else {
          teenAfter++;
          expect(listed.get(teen.person_id)).to.equal('rated');
        }
        const permitAge = addMonths(permit.date_of_birth, permitAgeMonths(data, permit.state));
        if (String(policy.effective_date) >= permit.license_issue_date! && String(policy.effective_date) >= permitAge) {
          permits++;
          expect(listed.get(permit.person_id)).to.equal('permit');
        } else expect(listed.has(permit.person_id), `${permit.state} ${String(policy.effective_date)}`).to.equal(false);
        expect(listed.get(persons[0]!.person_id)).to.equal('rated');
      }
    }
    expect(teenBefore).to.be.above(0);
    expect(teenAfter).to.be.above(0);
    expect(permits).to.be.above(0);
  });

  it("drives a suspended spouse's car by the named insured, and lists the spouse as excluded or not at all", () => {
    for (let u = 1; u < UNITS; u += TEMPLATES.length) {
      const { persons, vehicles } = fixtureUnit(u);
      for (const policy of book.policy!.filter((p) => p.account_id === persons[0]!.account_id)) {
        const spouse = byPolicy('policy_driver', policy.policy_id).find((d) => d.person_id === persons[1]!.person_id);
        if (spouse) expect(spouse.driver_status).to.equal('excluded');
        const pv = byPolicy('policy_vehicle', policy.policy_id);
        expect(pv.map((v) => v.vehicle_id)).to.deep.equal(vehicles.map((v) => v.vehicle_id));
        expect(pv[0]!.principal_driver_id).to.equal(persons[0]!.person_id);
      }
    }
  });

  it("total_premium is the sum of the term's coverage premiums plus its fees, to the cent", () => {
    for (const policy of book.policy!) {
      const sum = byPolicy('coverage', policy.policy_id).reduce((s, c) => s + Math.round(Number(c.premium) * 100), 0);
      expect(Math.round(Number(policy.total_premium) * 100), String(policy.policy_number)).to.equal(sum + Math.round(Number(policy.fees) * 100));
    }
  });

  it('makes a unit the same alone, in another order or after other units (a pure function of seed and unit index)', () => {
    const alone = bookGenerator().generateUnit(17);
    const generator = bookGenerator();
    generator.generateUnit(40);
    generator.generateUnit(3);
    expect(generator.generateUnit(17)).to.deep.equal(alone);
    expect(alone.policy!.map((p) => p.policy_id)).to.deep.equal(book.policy!.filter((p) => p.account_id === alone.account![0]!.account_id).map((p) => p.policy_id));
  });

  it('numbers policies QA-<state>-<7 digits>-<term>, unique, and claims QA-CLM-<10 digits>, unique', () => {
    const numbers = book.policy!.map((p) => String(p.policy_number));
    expect(new Set(numbers).size).to.equal(numbers.length);
    for (const p of book.policy!) expect(p.policy_number).to.equal(`${String(p.policy_number).slice(0, 13)}-${String(p.term_number)}`);
    const claims = book.claim!.map((c) => String(c.claim_number));
    expect(new Set(claims).size).to.equal(claims.length);
  });

  it('puts each claim on a term that started before as_of: a vehicle of that term, its principal driver, the loss inside the term and by as_of', () => {
    for (const claim of book.claim!) {
      const policy = book.policy!.find((p) => p.policy_id === claim.policy_id)!;
      const pv = byPolicy('policy_vehicle', policy.policy_id).find((v) => v.vehicle_id === claim.vehicle_id)!;
      expect(pv.principal_driver_id).to.equal(claim.driver_id);
      const end = String(policy.cancellation_date ?? policy.expiration_date);
      expect(String(claim.loss_date) >= String(policy.effective_date) && String(claim.loss_date) < end && String(claim.loss_date) <= AS_OF).to.equal(true);
      expect(String(claim.report_date) >= String(claim.loss_date) && String(claim.report_date) <= AS_OF).to.equal(true);
      if (claim.closed_date !== null) expect(String(claim.closed_date) >= String(claim.report_date) && String(claim.closed_date) <= AS_OF).to.equal(true);
      expect(claim.loss_state).to.equal(policy.base_state);
    }
  });
});
