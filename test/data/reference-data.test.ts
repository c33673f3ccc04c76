import { expect } from 'chai';
import type { Catalogue } from '../../plugins/vehicle/catalogue.js';
import { buildVin, isVinWellFormed, position7Fits } from '../../plugins/vehicle/vin.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, readPackageJson } from '../helpers/package-root.js';
import { readZipTables } from '../helpers/zip-tables.js';

interface StateRow {
  code: string;
  name: string;
  weight: number;
  area_codes: string[];
  licence: { template: string; pattern: string };
  zip_prefixes: string[];
}

const VIN_CHAR = /^[A-HJ-NPR-Z0-9]$/;
const TITLE_CASE_WORD = /^([A-Z]')?[A-Z0-9][a-z0-9'.]*$/;

const states = readPackageJson<StateRow[]>('data/reference/address/states.json');
const zips = readZipTables();
const streets = readPackageJson<{ names: string[]; suffixes: string[]; unit_prefixes: string[] }>('data/reference/address/streets.json');
const surnames = readPackageJson<{ population: number; tail_weight: number; head: [string, number][]; tail: string[] }>('data/reference/person/surnames.json');
const firstNames = readPackageJson<{
  first_year: number;
  last_year: number;
  female: { births: number[]; coverage: number[]; names: (string | number)[][] };
  male: { births: number[]; coverage: number[]; names: (string | number)[][] };
}>('data/reference/person/first-names-by-year.json');
const catalogue = readPackageJson<Catalogue>('data/reference/vehicle/catalogue.json');

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const USPS_CODES = 'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(' ');
const byCode = Object.fromEntries(states.map((s) => [s.code, s]));

/** Contiguous runs of the ZIPs' three-digit prefixes, as the builder writes them. */
function derivedRanges(list: string[]): string[] {
  const prefixes = [...new Set(list.map((z) => Number(z.slice(0, 3))))].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < prefixes.length; ) {
    let j = i;
    while (j + 1 < prefixes.length && prefixes[j + 1] === prefixes[j]! + 1) j++;
    const [lo, hi] = [prefixes[i]!, prefixes[j]!].map((n) => String(n).padStart(3, '0'));
    out.push(lo === hi ? lo! : `${lo}-${hi}`);
    i = j + 1;
  }
  return out;
}

function prefixRanges(state: StateRow): [number, number][] {
  return state.zip_prefixes.map((r) => {
    const [lo, hi = lo] = r.split('-').map(Number) as [number, number?];
    return [lo, hi];
  });
}

describe('data/reference', () => {
  describe('address/states.json', () => {
    it('lists the 50 states and DC by USPS code, sorted', () => {
      expect(states.map((s) => s.code)).to.deep.equal(USPS_CODES);
      expect(states.find((s) => s.code === 'DC')!.name).to.equal('District of Columbia');
    });

    it('weights states by their 2020 Census resident population (331,449,281 in all)', () => {
      const w = Object.fromEntries(states.map((s) => [s.code, s.weight]));
      expect(states.reduce((a, s) => a + s.weight, 0)).to.equal(331_449_281);
      expect(w['CA']).to.equal(39_538_223);
      expect(w['TX']).to.equal(29_145_505);
      expect(w['WY']).to.equal(576_851);
      for (const s of states) expect(Number.isInteger(s.weight) && s.weight > 500_000, s.code).to.equal(true);
    });

    it('has NANPA area codes, each in one state, and keeps the v0.1 codes of the five western states', () => {
      const seen = new Map<string, string>();
      for (const s of states) {
        expect(s.area_codes.length, s.code).to.be.at.least(1);
        expect([...s.area_codes].sort(), s.code).to.deep.equal(s.area_codes);
        for (const code of s.area_codes) {
          expect(code, s.code).to.match(/^[2-9]\d\d$/);
          expect(seen.has(code), `${code} in ${seen.get(code)} and ${s.code}`).to.equal(false);
          seen.set(code, s.code);
        }
      }
      const v01: Record<string, string> = {
        CA: '209 213 310 323 408 415 424 510 530 559 562 619 626 650 661 707 714 760 805 818 831 858 909 916 925 949 951',
        AZ: '480 520 602 623 928',
        NV: '702 725 775',
        OR: '458 503 541 971',
        WA: '206 253 360 425 509 564',
      };
      for (const [code, list] of Object.entries(v01)) expect(byCode[code]!.area_codes, code).to.include.members(list.split(' '));
      expect(byCode['CA']!.area_codes).to.include.members(['628', '738', '747']);
      expect(byCode['DC']!.area_codes).to.deep.equal(['202', '771']);
    });

    it('keeps the v0.1 licence formats of the five western states', () => {
      expect(byCode['CA']!.licence.pattern).to.equal('^[A-Z]\\d{7}$');
      expect(byCode['AZ']!.licence.pattern).to.equal('^[A-Z]\\d{8}$');
      expect(byCode['NV']!.licence.pattern).to.equal('^\\d{10}$');
      expect(byCode['OR']!.licence.pattern).to.equal('^\\d{7}$');
      expect(byCode['WA']!.licence.template).to.equal('WD\\L*********');
      const wa = new RegExp(byCode['WA']!.licence.pattern);
      expect('WDLBCD123XYZ').to.match(wa);
      expect('WDLABC123XYZ').not.to.match(wa);
      expect('WDLBCD123XYV').not.to.match(wa);
    });

    it('has no licence format that takes a Social Security number: 9 bare digits only as 9XX-0X-XXXX (CT, MS)', () => {
      const ssnShaped = ['123456789', '012345678', '001234567', '555010123', '899991234', '987654321', '900701234'];
      for (const s of states) {
        const pattern = new RegExp(s.licence.pattern);
        for (const ssn of ssnShaped) expect(pattern.test(ssn), `${s.code} accepts ${ssn}`).to.equal(false);
        if (pattern.test('900012345')) expect(['CT', 'MS'], s.code).to.include(s.code);
      }
      expect(byCode['CT']!.licence.pattern).to.equal('^9\\d{2}0\\d{5}$');
      expect(byCode['MS']!.licence.pattern).to.equal('^9\\d{2}0\\d{5}$');
    });

    it('derives the ZIP prefix ranges from the ZIP table', () => {
      for (const s of states) expect(s.zip_prefixes, s.code).to.deep.equal(derivedRanges(zips[s.code]!.zips.map(([zip]) => zip)));
      expect(byCode['AZ']!.zip_prefixes).to.deep.equal(['850-853', '855-857', '859-860', '863-865']);
      expect(byCode['NV']!.zip_prefixes).to.deep.equal(['889-891', '893-895', '897-898']);
      expect(byCode['OR']!.zip_prefixes).to.deep.equal(['970-979']);
      expect(byCode['WA']!.zip_prefixes).to.deep.equal(['980-986', '988-994']);
      expect(byCode['DC']!.zip_prefixes).to.deep.equal(['200', '202-205']);
    });
  });

  describe('address/zips/<STATE>.json', () => {
    it('holds every state: cities sorted and unique, rows [zip, city, population, region] in range', () => {
      expect(Object.keys(zips)).to.deep.equal(USPS_CODES);
      const problems: string[] = []; // one assertion at the end: 37,000 rows
      for (const state of states) {
        const t = zips[state.code]!;
        const ranges = prefixRanges(state);
        expect([...new Set(t.cities)].sort(cmp), state.code).to.deep.equal(t.cities);
        for (const city of t.cities) for (const word of city.split(/[ -]/)) if (!TITLE_CASE_WORD.test(word)) problems.push(`${state.code} city ${city}`);
        for (const [zip, city, population, region] of t.zips) {
          const prefix = Number(zip.slice(0, 3));
          if (!/^\d{5}$/.test(zip)) problems.push(`${state.code} ${zip}: not 5 digits`);
          if (!ranges.some(([lo, hi]) => prefix >= lo && prefix <= hi)) problems.push(`${state.code} ${zip}: prefix outside the state's ranges`);
          if (typeof t.cities[city] !== 'string') problems.push(`${state.code} ${zip}: city index ${city}`);
          if (!Number.isInteger(population) || population < 0) problems.push(`${state.code} ${zip}: population ${population}`);
          if (!Array.isArray(t.area_codes[region])) problems.push(`${state.code} ${zip}: region index ${region}`);
        }
      }
      expect(problems).to.deep.equal([]);
    });

    it('is sorted by ZIP, one row per ZIP, and no ZIP in two states', () => {
      const all = new Set<string>();
      for (const { zips: rows } of Object.values(zips)) {
        for (let i = 1; i < rows.length; i++) expect(rows[i - 1]![0] < rows[i]![0], rows[i]![0]).to.equal(true);
        for (const [zip] of rows) {
          expect(all.has(zip), zip).to.equal(false);
          all.add(zip);
        }
      }
      expect(all.size).to.be.above(35_000);
    });

    it("gives every state's area codes a place: the regions use exactly the state's codes", () => {
      for (const state of states) {
        const used = new Set(zips[state.code]!.area_codes.flat());
        expect([...used].sort(), state.code).to.deep.equal(state.area_codes);
      }
    });

    it("adds up to each state's 2020 population (ZIP Code Tabulation Areas, within 1%)", () => {
      for (const state of states) {
        const sum = zips[state.code]!.zips.reduce((a, [, , p]) => a + p, 0);
        expect(Math.abs(sum - state.weight) / state.weight, state.code).to.be.below(0.01);
      }
    });

    it('has many ZIPs and dozens of cities per state', () => {
      for (const state of states) {
        const t = zips[state.code]!;
        expect(t.zips.length, state.code).to.be.at.least(state.code === 'DC' ? 50 : 70);
        expect(t.cities.length, `${state.code} cities`).to.be.at.least(state.code === 'DC' ? 1 : 50);
      }
    });

    it('pairs real ZIPs with their cities', () => {
      const city = (s: string, z: string) => {
        const t = zips[s]!;
        const row = t.zips.find(([zip]) => zip === z);
        return row && t.cities[row[1]];
      };
      expect(city('CA', '90001')).to.equal('Los Angeles');
      expect(city('CA', '90210')).to.equal('Beverly Hills');
      expect(city('CA', '94102')).to.equal('San Francisco');
      expect(city('CA', '95814')).to.equal('Sacramento');
      expect(city('AZ', '85004')).to.equal('Phoenix');
      expect(city('NV', '89101')).to.equal('Las Vegas');
      expect(city('NV', '89501')).to.equal('Reno');
      expect(city('OR', '97201')).to.equal('Portland');
      expect(city('WA', '98101')).to.equal('Seattle');
      expect(city('NY', '10001')).to.equal('New York');
      expect(city('IL', '60601')).to.equal('Chicago');
      expect(city('TX', '77002')).to.equal('Houston');
      expect(city('DC', '20001')).to.equal('Washington');
      // PO-box-only ZIP with a placeholder coordinate in the source: dropped
      expect(city('CA', '90009')).to.equal(undefined);
    });

    it('keeps every ZIP and city of the governed v0.1 snapshot, so its addresses still verify', () => {
      const rows = readFileSync(join(packageRoot(), 'data', 'snapshots', 'v0.1', 'persons_v0_1.csv'), 'utf8').trim().split('\n');
      const head = rows[0]!.split(',');
      const [ci, si, zi] = ['city', 'state', 'postal_code'].map((name) => head.indexOf(name)) as [number, number, number];
      for (const line of rows.slice(1)) {
        const f = line.split(',');
        const t = zips[f[si]!]!;
        const row = t.zips.find(([zip]) => zip === f[zi]);
        expect(row && t.cities[row[1]], `${f[si]} ${f[zi]}`).to.equal(f[ci]);
      }
    });
  });

  describe('address/streets.json', () => {
    it('has at least 150 unique street names and the usual suffixes', () => {
      expect(new Set(streets.names).size).to.equal(streets.names.length);
      expect(streets.names.length).to.be.at.least(150);
      for (const n of streets.names) expect(n).to.match(/^[A-Z0-9][A-Za-z0-9 ]*$/);
      expect(streets.names).to.include.members(['Main', 'Oak', 'Maple', '1st']);
      expect(streets.suffixes).to.include.members(['St', 'Ave', 'Blvd', 'Dr', 'Ln', 'Rd', 'Way', 'Ct', 'Pl']);
      expect(streets.unit_prefixes).to.deep.equal(['Apt', 'Suite', 'Unit']);
    });
  });

  describe('person name tables', () => {
    it('surnames.json: thousands of unique capitalised Census names, the head by count', () => {
      const names = [...surnames.head.map(([n]) => n), ...surnames.tail];
      expect(surnames.head.length).to.be.at.least(1000);
      expect(names.length).to.be.at.least(5000);
      expect(new Set(names).size).to.equal(names.length);
      for (const n of names) expect(n).to.match(/^(Mc|Mac|O'|D'|St\. |De |De La |De Los |Del )?[A-Z][a-z]+$/);
      for (let i = 1; i < surnames.head.length; i++) expect(surnames.head[i]![1]).to.be.at.most(surnames.head[i - 1]![1]);
      expect(surnames.head[0]).to.deep.equal(['Smith', 2442977]);
      // Every tail name weighs the same: an equal part of the population the head does not cover.
      expect(surnames.tail_weight).to.be.above(0);
      expect(surnames.population).to.be.within(290e6, 300e6);
    });

    it('first-names-by-year.json: every year 1880-2023 for both sexes, covering 85% of its births', () => {
      expect([firstNames.first_year, firstNames.last_year]).to.deep.equal([1880, 2023]);
      const years = firstNames.last_year - firstNames.first_year + 1;
      for (const [label, sex] of [['female', firstNames.female], ['male', firstNames.male]] as const) {
        expect(sex.births.length, label).to.equal(years);
        expect(sex.coverage.length, label).to.equal(years);
        for (const c of sex.coverage) expect(c, label).to.be.within(0.85, 0.86);
        const names = sex.names.map((r) => r[0] as string);
        expect(new Set(names).size, label).to.equal(names.length);
        const kept = new Array<number>(years).fill(0);
        for (const [name, from, ...counts] of sex.names) {
          expect(name, label).to.match(/^[A-Z][a-z]+$/);
          counts.forEach((c, i) => (kept[(from as number) + i]! += c as number));
        }
        // What each year keeps is its coverage of its births.
        kept.forEach((k, y) => expect(k / sex.births[y]!, `${label} ${firstNames.first_year + y}`).to.be.within(sex.coverage[y]!, sex.coverage[y]! + 0.0001));
      }
    });
  });

  describe('vehicle/catalogue.json', () => {
    const model = (make: string, name: string) => catalogue.makes.find((m) => m.make === make)!.models.find((x) => x.model === name)!;
    const firstYear = (make: string, name: string) => Math.min(...model(make, name).vins.map((r) => r[0]));
    const wmis = (make: string, name: string) => new Set(model(make, name).vins.flatMap((r) => r[2].split(' ')));

    it('has the makes of the US fleet, each with a share and at least 2 models', () => {
      const names = catalogue.makes.map((m) => m.make);
      expect(names).to.include.members(['Ford', 'Chevrolet', 'Toyota', 'Honda', 'Nissan', 'Jeep', 'Hyundai', 'GMC', 'Ram', 'Dodge', 'Subaru', 'Kia',
        'Volkswagen', 'BMW', 'Mercedes-Benz', 'Lexus', 'Mazda', 'Tesla', 'Acura']);
      expect(new Set(names).size).to.equal(names.length);
      for (const make of catalogue.makes) {
        expect(make.weight, make.make).to.be.greaterThan(0);
        expect(make.models.length, make.make).to.be.at.least(2);
        expect(new Set(make.models.map((m) => m.model)).size, make.make).to.equal(make.models.length);
      }
      const total = catalogue.makes.reduce((sum, m) => sum + m.weight, 0);
      expect(total, 'percent of US vehicles in use covered').to.be.within(90, 100);
      const share = (make: string) => catalogue.makes.find((m) => m.make === make)!.weight;
      expect(share('Ford')).to.be.greaterThan(share('Chevrolet'));
      expect(share('Chevrolet')).to.be.greaterThan(share('Toyota'));
      expect(share('Subaru')).to.be.within(2, 5);
    });

    it('lists the full body styles and maps each to a v0.1 class or none', () => {
      expect(Object.keys(catalogue.body_styles)).to.have.members(['Sedan', 'Coupe', 'Hatchback', 'Wagon', 'Convertible', 'SUV', 'Minivan', 'Pickup', 'Van']);
      expect(new Set(Object.values(catalogue.body_styles))).to.deep.equal(new Set(['Sedan', 'SUV', 'Truck', null]));
      expect(catalogue.body_styles.Pickup).to.equal('Truck');
      expect(catalogue.body_styles.Minivan).to.equal(null);
      const styles = new Set(catalogue.makes.flatMap((m) => m.models.map((x) => x.body_style)));
      expect([...styles]).to.have.members(Object.keys(catalogue.body_styles));
    });

    it('every model has a body style, a weight and VIN rows of VIN characters, position 7 fitting every year of the row', () => {
      for (const make of catalogue.makes) {
        for (const m of make.models) {
          const where = `${make.make} ${m.model}`;
          expect(Object.keys(catalogue.body_styles), where).to.include(m.body_style);
          expect(m.weight, where).to.be.greaterThan(0);
          expect(m.vins.length, where).to.be.greaterThan(0);
          for (const [first, last, wmiList, vdsList, plants] of m.vins) {
            expect(first, where).to.be.within(1981, 2026);
            expect(last, where).to.be.within(first, 2026);
            for (const w of wmiList.split(' ')) expect(w, where).to.match(/^[A-HJ-NPR-Z0-9]{3}$/);
            for (const v of vdsList.split(' ')) {
              expect(v, where).to.match(/^[A-HJ-NPR-Z0-9]{5}$/);
              expect(position7Fits(v[3]!, first) && position7Fits(v[3]!, last), `${where} ${first}-${last} ${v}: VIN position 7`).to.equal(true);
            }
            expect(plants.length, where).to.be.greaterThan(0);
            for (const ch of plants) expect(ch, `${where} plant`).to.match(VIN_CHAR);
          }
        }
      }
    });

    it('knows real model facts', () => {
      expect(model('Ford', 'F-150').body_style).to.equal('Pickup');
      expect(model('Toyota', 'RAV4').body_style).to.equal('SUV');
      expect(model('Honda', 'Odyssey').body_style).to.equal('Minivan');
      expect(model('Ford', 'Transit').body_style).to.equal('Van');
      expect(firstYear('Toyota', 'RAV4')).to.equal(1996);
      expect(firstYear('Honda', 'Pilot')).to.equal(2003);
      expect(firstYear('Tesla', 'Model 3')).to.equal(2017);
      expect([...wmis('Honda', 'Accord')]).to.include('1HG');
      expect([...wmis('Toyota', 'Camry')]).to.include('4T1');
      expect([...wmis('Ford', 'F-150')]).to.include('1FT');
      expect([...wmis('Chevrolet', 'Silverado')]).to.include('1GC');
    });

    it('a fleet curve: sales from 1981, survival falling from about 1 to about a tenth at 40 years', () => {
      const { fleet } = catalogue;
      expect(fleet.max_age).to.equal(40);
      expect(fleet.sales_first_year).to.equal(1981);
      expect(fleet.sales.length).to.be.at.least(2026 - 1981 + 1);
      expect(fleet.survival).to.have.length(fleet.max_age + 1);
      expect(fleet.survival[0]).to.be.greaterThan(0.95);
      for (let a = 1; a <= fleet.max_age; a++) expect(fleet.survival[a]!, `age ${a}`).to.be.below(fleet.survival[a - 1]!);
      expect(fleet.survival[fleet.max_age]).to.be.below(0.15);
    });

    it('builds well-formed VINs from every row of every model', () => {
      let built = 0;
      for (const make of catalogue.makes) {
        for (const m of make.models) {
          for (const [first, last, wmiList, vdsList, plants] of m.vins) {
            for (const year of [first, last]) {
              const vin = buildVin({ wmi: wmiList.split(' ')[0]!, vds: vdsList.split(' ').at(-1)!, modelYear: year, plant: plants[0]!, serial: 'A' + String(year).padStart(5, '0') });
              expect(isVinWellFormed(vin), vin).to.equal(true);
              built++;
            }
          }
        }
      }
      expect(built).to.be.greaterThan(2000);
    });
  });
});
