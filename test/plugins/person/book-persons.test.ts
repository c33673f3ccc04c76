/**
 * Persons of a book of business: residents of a household share its address
 * and phone area and have plausible ages for their roles; licence status
 * follows age and the state's permit age; scheduled drivers of heavy
 * vehicles hold a CDL; licence numbers and emails stay unique across
 * accounts (unit index x PERSON_SLOTS + child index), with an honest
 * capacity; v0.1 persons carry the new fields without new draws.
 */
import { expect } from 'chai';
import { addMonths, type Engine, yearsBetween } from '../../../engine/index.js';
import { PERSON_SLOTS } from '../../../plugins/account/household-plan.js';
import { loadLicenceRules } from '../../../plugins/person/licence-rules.js';
import { type Book, bookEngine, makeBook } from '../account/book-helpers.js';

const AS_OF = '2025-11-01';

describe('book persons', function () {
  this.timeout(120_000);
  let engine: Engine;
  let book: Book;

  before(async () => {
    engine = await bookEngine();
    book = await makeBook(engine, 1500, { seed: 99 });
  });

  it('count: residents aged 15+ of a household (household_size - children_under_15), about one scheduled driver per vehicle of a business', () => {
    for (const a of book.accounts) {
      const persons = book.persons.filter((p) => p.account_id === a.account_id);
      if (a.lob_type === 'Personal') expect(persons.length, a.account_id).to.equal(a.household_size! - a.children_under_15!);
      else {
        expect(persons.length, a.account_id).to.be.within(1, Math.max(1, Math.ceil(a.fleet_size! * 1.15)));
        expect(persons.every((p) => p.relationship === 'employee' && p.state === a.state)).to.equal(true);
      }
    }
  });

  it('named insureds are 18+ (mostly 25-80) with a valid licence; spouses mostly within 15 years; most residents share the surname', () => {
    const insureds = book.persons.filter((p) => p.relationship === 'named_insured');
    expect(insureds.every((p) => yearsBetween(p.date_of_birth, AS_OF) >= 18 && p.licence_status === 'valid')).to.equal(true);
    const mid = insureds.filter((p) => { const age = yearsBetween(p.date_of_birth, AS_OF); return age >= 25 && age <= 80; });
    expect(mid.length / insureds.length).to.be.greaterThan(0.8);
    const residents = book.persons.filter((p) => p.relationship !== 'employee' && p.relationship !== 'named_insured');
    const sameName = residents.filter((p) => book.accounts.find((a) => a.account_id === p.account_id)!.account_name === `The ${p.last_name} household`);
    expect(sameName.length / residents.length).to.be.within(0.6, 0.95);
  });

  it("licence status: permits from the state's permit age, none with every licence field null, CDL only for scheduled drivers", () => {
    const rules = loadLicenceRules(engine.data);
    for (const p of book.persons) {
      if (p.licence_status === 'permit') {
        expect(addMonths(p.date_of_birth, rules.get(p.state)!.permit_age_months) <= p.license_issue_date!, p.person_id).to.equal(true);
      }
      if (p.licence_status === 'none') expect([p.driver_license_number, p.driver_license_state, p.license_issue_date, p.license_expiration_date, p.first_licensed_date]).to.deep.equal([null, null, null, null, null]);
      else expect(p.driver_license_state).to.equal(p.state);
      if (p.cdl_class !== null) expect(p.relationship).to.equal('employee');
    }
    const teens = book.persons.filter((p) => yearsBetween(p.date_of_birth, AS_OF) < 18);
    expect(teens.some((p) => p.licence_status === 'permit')).to.equal(true);
    expect(teens.some((p) => yearsBetween(p.date_of_birth, AS_OF) === 15)).to.equal(true);
  });

  it('licence numbers and emails are unique across the book', () => {
    const licences = book.persons.map((p) => p.driver_license_number).filter((n) => n !== null);
    expect(new Set(licences).size).to.equal(licences.length);
    expect(new Set(book.persons.map((p) => p.email)).size).to.equal(book.persons.length);
  });

  it("maxUnits: in a book run the licence space is shared by each account's person numbers, packed by line; a v0.1 run keeps the whole space", () => {
    const plugin = engine.registry.get('person');
    const setupCtx = (entities: string[]) => ({ data: engine.data, asOf: AS_OF, marker: 'x', options: {}, distributions: engine.plan({ profile: 'book' }).distributions, entities, where: [] });
    const alone = plugin.maxUnits!(plugin.setup!(setupCtx(['person', 'vehicle', 'profile'])))!;
    const inBook = plugin.maxUnits!(plugin.setup!(setupCtx(['account', 'person', 'vehicle', 'profile'])))!;
    // Blocks of 4,096 accounts, 10% businesses of up to 50 persons, the rest households of up to 5: about 9.5 numbers an account.
    expect(inBook.units).to.equal(Math.floor(alone.units / (410 * PERSON_SLOTS.commercial + 3686 * PERSON_SLOTS.personal)) * 4096);
    expect(inBook.units).to.be.greaterThan(Math.floor(alone.units / 10));
    expect(inBook.reason).to.contain(`up to ${PERSON_SLOTS.personal} a household, ${PERSON_SLOTS.commercial} a business`);
  });

  it('v0.1 persons: no account, their own named insured with a valid licence and no CDL', async () => {
    const persons = await engine.generate('person', { records: 20, seed: 42 });
    for (const p of persons) expect([p.account_id, p.relationship, p.licence_status, p.cdl_class]).to.deep.equal([null, 'named_insured', 'valid', null]);
  });
});
