/** Licence dates by state rules: the table covers the 51 jurisdictions, expirations follow the rules, every drawn licence is valid on as_of. */
import { expect } from 'chai';
import { addYears, fromDayNumber, toDayNumber, yearsBetween } from '../../../engine/index.js';
import { RandomStream } from '../../../engine/lib/random.js';
import { licenceAgeDate, licenceExpiration, type LicenceRule, termYears, validIssueWindow } from '../../../plugins/person/licence-rules.js';
import { newEngine } from '../../helpers/engine.js';
import { readPackageJson } from '../../helpers/package-root.js';

const USPS = 'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(' ');
const table = readPackageJson<{ sources: Record<string, string>; states: Record<string, LicenceRule> }>('data/reference/rules/licence-rules.json');
const rule = (code: string): LicenceRule => table.states[code]!;

describe('plugins/person/licence-rules', () => {
  it('covers the 50 states and DC, each with a term, an expiry kind and graduated-licensing ages, and cites its sources', () => {
    expect(Object.keys(table.states).sort()).to.deep.equal([...USPS].sort());
    for (const [code, r] of Object.entries(table.states)) {
      expect(r.term_years, code).to.be.within(1, 12);
      expect(['birthday', 'anniversary'], code).to.include(r.expires);
      expect(r.permit_age_months, code).to.be.within(14 * 12, 16 * 12);
      expect(r.licence_age_months, code).to.be.within(14 * 12 + 6, 17 * 12);
      expect(r.full_age_months, code).to.be.within(16 * 12, 18 * 12);
      expect(r.permit_age_months <= r.licence_age_months && r.licence_age_months <= r.full_age_months, code).to.equal(true);
    }
    expect(table.sources).to.include.keys('terms', 'gdl');
  });

  it('CA: a licence expires on the fifth birthday after issue', () => {
    expect(licenceExpiration(rule('CA'), '1990-06-15', '2023-03-01')).to.equal('2027-06-15');
    expect(licenceExpiration(rule('CA'), '1990-06-15', '2023-06-15'), 'issued on a birthday: that one does not count').to.equal('2028-06-15');
    expect(licenceExpiration(rule('CA'), '1990-06-15', '2023-06-16')).to.equal('2028-06-15');
    expect(licenceExpiration(rule('CA'), '2004-02-29', '2021-03-01'), 'a Feb 29 birthday falls on Feb 28 in common years').to.equal('2026-02-28');
  });

  it('anniversary states run the term from the issue date; older drivers get the shorter terms; AZ stops at 65', () => {
    expect(licenceExpiration(rule('NJ'), '1980-01-10', '2024-05-20')).to.equal('2028-05-20');
    expect(termYears(rule('IL'), 80)).to.equal(4);
    expect(termYears(rule('IL'), 81)).to.equal(2);
    expect(termYears(rule('IL'), 90)).to.equal(1);
    expect(licenceExpiration(rule('AZ'), '1970-04-01', '2020-01-01'), 'issued at 49: 12 years').to.equal('2032-01-01');
    expect(licenceExpiration(rule('AZ'), '1962-04-01', '2020-01-01'), 'issued at 57: until the 65th birthday').to.equal('2027-04-01');
    expect(licenceExpiration(rule('AZ'), '1958-04-01', '2020-01-01'), 'issued at 61: five years').to.equal('2025-01-01');
  });

  it('every issue date in the window gives a licence valid on as_of, the day before it does not (all states, many ages)', () => {
    const asOf = '2025-11-01';
    for (const code of USPS) {
      const r = rule(code);
      for (let i = 0; i < 120; i++) {
        const random = new RandomStream(11, 2, i, 0);
        const dob = fromDayNumber(random.int(toDayNumber('1935-11-02'), toDayNumber(addYears(asOf, -17))));
        const { first, last } = validIssueWindow(r, dob, asOf);
        expect(last).to.equal(toDayNumber(asOf));
        for (const day of [first, Math.floor((first + last) / 2), last]) {
          const issue = fromDayNumber(day);
          const expires = licenceExpiration(r, dob, issue);
          expect(issue >= licenceAgeDate(r, dob), `${code} ${dob} ${issue}`).to.equal(true);
          expect(asOf < expires, `${code} born ${dob}, issued ${issue}, expires ${expires}`).to.equal(true);
        }
        const before = fromDayNumber(first - 1);
        if (before >= licenceAgeDate(r, dob) && termYears(r, yearsBetween(dob, before)) === termYears(r, yearsBetween(dob, asOf))) {
          expect(licenceExpiration(r, dob, before) <= asOf, `${code} ${dob}: the window could start earlier than ${fromDayNumber(first)}`).to.equal(true);
        }
      }
    }
  });

  it('generated drivers (fixed seeds): licence valid on as_of, expiration by the state rule, first licensed between the licence age and the issue date', async () => {
    const engine = await newEngine();
    for (const seed of [1, 42, 20251101]) {
      for (const asOf of ['2025-11-01', '2024-02-29', '2031-06-30']) {
        const persons = await engine.generate('person', { records: 300, seed, asOf });
        for (const v of persons) {
          // v0.1 persons always hold a licence: its fields are set.
          const p = { ...v, driver_license_state: v.driver_license_state!, license_issue_date: v.license_issue_date!, license_expiration_date: v.license_expiration_date!, first_licensed_date: v.first_licensed_date! };
          const r = rule(p.driver_license_state);
          const where = `seed ${seed} as_of ${asOf} ${p.driver_license_state} born ${p.date_of_birth} issued ${p.license_issue_date}`;
          expect(p.license_issue_date <= asOf && asOf < p.license_expiration_date, where).to.equal(true);
          expect(p.license_expiration_date, where).to.equal(licenceExpiration(r, p.date_of_birth, p.license_issue_date));
          expect(p.first_licensed_date >= licenceAgeDate(r, p.date_of_birth) && p.first_licensed_date <= p.license_issue_date, where).to.equal(true);
        }
      }
    }
    const ca = (await engine.generate('person', { records: 500, seed: 5 })).filter((p) => p.state === 'CA');
    expect(ca.length).to.be.greaterThan(200);
    for (const v of ca) {
      const p = { ...v, license_issue_date: v.license_issue_date!, license_expiration_date: v.license_expiration_date! };
      // The fifth birthday after issue: a birthday, more than 4 and at most 5 years after the issue date.
      // (A 29 February birthday is kept on 28 February in common years.)
      const leapBirthday = p.date_of_birth.endsWith('-02-29') && p.license_expiration_date.endsWith('-02-28');
      if (!leapBirthday) expect(p.license_expiration_date, `${p.person_id}: on a birthday`).to.equal(addYears(p.date_of_birth, yearsBetween(p.date_of_birth, p.license_expiration_date)));
      const years = (toDayNumber(p.license_expiration_date) - toDayNumber(p.license_issue_date)) / 365.25;
      expect(years, p.person_id).to.be.within(4, 5.01);
    }
  });
});
