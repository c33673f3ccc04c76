import { expect } from 'chai';
import type { Catalogue } from '../../plugins/vehicle/catalogue.js';
import { buildVin, isVinWellFormed, position7Fits } from '../../plugins/vehicle/vin.js';
import { readPackageJson } from '../helpers/package-root.js';

interface StateRow {
  code: string;
  name: string;
  weight: number;
  area_codes: string[];
  licence: { template: string; pattern: string };
  zip_prefixes: string[];
}

const VIN_CHAR = /^[A-HJ-NPR-Z0-9]$/;
const TITLE_CASE_WORD = /^[A-Z0-9][a-z0-9'.]*$/;

const states = readPackageJson<StateRow[]>('data/reference/address/states.json');
const zips = readPackageJson<Record<string, [string, string][]>>('data/reference/address/zips.json');
const streets = readPackageJson<{ names: string[]; suffixes: string[]; unit_prefixes: string[] }>('data/reference/address/streets.json');
const firstNames = readPackageJson<{ female: string[]; male: string[] }>('data/reference/person/first-names.json');
const lastNames = readPackageJson<string[]>('data/reference/person/last-names.json');
const catalogue = readPackageJson<Catalogue>('data/reference/vehicle/catalogue.json');

function prefixRanges(state: StateRow): [number, number][] {
  return state.zip_prefixes.map((r) => {
    const [lo, hi = lo] = r.split('-').map(Number) as [number, number?];
    return [lo, hi];
  });
}

describe('data/reference', () => {
  describe('address/states.json', () => {
    it('lists the five states with docs/domain-rules.md area codes', () => {
      const expected: Record<string, string> = {
        CA: '209 213 310 323 408 415 424 510 530 559 562 619 626 650 661 707 714 760 805 818 831 858 909 916 925 949 951',
        AZ: '480 520 602 623 928',
        NV: '702 725 775',
        OR: '458 503 541 971',
        WA: '206 253 360 425 509 564',
      };
      expect(states.map((s) => s.code)).to.deep.equal(['CA', 'AZ', 'NV', 'OR', 'WA']);
      for (const s of states) expect(s.area_codes.join(' '), s.code).to.equal(expected[s.code]);
    });

    it('weights states by population (CA largest, NV smallest)', () => {
      const w = Object.fromEntries(states.map((s) => [s.code, s.weight]));
      expect(w['CA']).to.be.within(38, 41);
      expect(w['AZ']).to.be.within(7, 8.5);
      expect(w['WA']).to.be.within(7, 8.5);
      expect(w['OR']).to.be.within(4, 4.6);
      expect(w['NV']).to.be.within(3, 3.6);
    });

    it('has the docs/domain-rules.md licence patterns and ZIP prefix ranges', () => {
      const byCode = Object.fromEntries(states.map((s) => [s.code, s]));
      expect(byCode['CA']!.licence.pattern).to.equal('^[A-Z]\\d{7}$');
      expect(byCode['AZ']!.licence.pattern).to.equal('^[A-Z]\\d{8}$');
      expect(byCode['NV']!.licence.pattern).to.equal('^\\d{10}$');
      expect(byCode['OR']!.licence.pattern).to.equal('^\\d{7}$');
      expect(byCode['WA']!.licence.template).to.equal('WD\\L*********');
      const wa = new RegExp(byCode['WA']!.licence.pattern);
      expect('WDLBCD123XYZ').to.match(wa);
      expect('WDLABC123XYZ').not.to.match(wa);
      expect('WDLBCD123XYV').not.to.match(wa);
      expect(byCode['CA']!.zip_prefixes).to.deep.equal(['900-908', '910-928', '930-961']);
      expect(byCode['AZ']!.zip_prefixes).to.deep.equal(['850-853', '855-857', '859-860', '863-865']);
      expect(byCode['NV']!.zip_prefixes).to.deep.equal(['889-891', '893-895', '897-898']);
      expect(byCode['OR']!.zip_prefixes).to.deep.equal(['970-979']);
      expect(byCode['WA']!.zip_prefixes).to.deep.equal(['980-986', '988-994']);
    });
  });

  describe('address/zips.json', () => {
    it('holds the five states, every ZIP 5 digits with its prefix in its state range', () => {
      expect(Object.keys(zips)).to.have.members(states.map((s) => s.code));
      for (const state of states) {
        const ranges = prefixRanges(state);
        for (const [zip, city] of zips[state.code]!) {
          expect(zip, state.code).to.match(/^\d{5}$/);
          const prefix = Number(zip.slice(0, 3));
          expect(ranges.some(([lo, hi]) => prefix >= lo && prefix <= hi), `${state.code} ${zip}`).to.equal(true);
          expect(city.length, zip).to.be.greaterThan(0);
          for (const word of city.split(/[ -]/)) expect(word, `${zip} ${city}`).to.match(TITLE_CASE_WORD);
        }
      }
    });

    it('is sorted by ZIP, one row per ZIP, and no ZIP in two states', () => {
      const all = new Set<string>();
      for (const rows of Object.values(zips)) {
        for (let i = 1; i < rows.length; i++) expect(rows[i - 1]![0] < rows[i]![0], rows[i]![0]).to.equal(true);
        for (const [zip] of rows) {
          expect(all.has(zip), zip).to.equal(false);
          all.add(zip);
        }
      }
    });

    it('has many ZIPs and dozens of cities per state', () => {
      const min: Record<string, number> = { CA: 1500, AZ: 300, NV: 120, OR: 300, WA: 450 };
      for (const state of states) {
        const rows = zips[state.code]!;
        expect(rows.length, state.code).to.be.at.least(min[state.code]!);
        expect(new Set(rows.map(([, c]) => c)).size, `${state.code} cities`).to.be.at.least(50);
      }
    });

    it('pairs real ZIPs with their cities', () => {
      const city = (s: string, z: string) => zips[s]!.find(([zip]) => zip === z)?.[1];
      expect(city('CA', '90001')).to.equal('Los Angeles');
      expect(city('CA', '90210')).to.equal('Beverly Hills');
      expect(city('CA', '94102')).to.equal('San Francisco');
      expect(city('CA', '95814')).to.equal('Sacramento');
      expect(city('AZ', '85004')).to.equal('Phoenix');
      expect(city('NV', '89101')).to.equal('Las Vegas');
      expect(city('NV', '89501')).to.equal('Reno');
      expect(city('OR', '97201')).to.equal('Portland');
      expect(city('WA', '98101')).to.equal('Seattle');
      // PO-box-only ZIP with a placeholder coordinate in the source: dropped
      expect(city('CA', '90009')).to.equal(undefined);
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

  describe('person name lists', () => {
    it('have hundreds of unique, sorted, capitalised names', () => {
      for (const [label, list] of [
        ['female', firstNames.female],
        ['male', firstNames.male],
        ['last', lastNames],
      ] as const) {
        expect(list.length, label).to.be.at.least(300);
        expect(new Set(list).size, label).to.equal(list.length);
        expect([...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), label).to.deep.equal(list);
        for (const n of list) expect(n, label).to.match(/^[A-Z][A-Za-z' -]+$/);
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
