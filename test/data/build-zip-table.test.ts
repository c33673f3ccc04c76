/**
 * data/scripts/geo/build.mjs, the builder behind data/scripts/build-zip-table.mjs,
 * on small inputs of the real formats: deterministic (same inputs, same bytes,
 * whatever the row order), and each rule of DATA_PROVENANCE.md's address/zips/<STATE>.json.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../helpers/package-root.js';

interface Built {
  zips: Record<string, { cities: string[]; area_codes: string[][]; zips: [string, number, number, number][] }>;
  states: { code: string; area_codes: string[]; zip_prefixes: string[]; weight: number }[];
  report: { state: string; unplacedCodes: string[]; placeholder: number }[];
}
interface Builder {
  buildGeoTables(inputs: Record<string, unknown>): Built;
  serializeZipTable(table: Built['zips'][string]): string;
  serializeStates(states: Built['states']): string;
  placeKey(name: string): string;
}

const STATES = [
  { code: 'CA', name: 'California', weight: 39538223, area_codes: [], licence: { template: 'L#######', pattern: '^[A-Z]\\d{7}$' }, zip_prefixes: [] },
  { code: 'NV', name: 'Nevada', weight: 3104614, area_codes: [], licence: { template: '##########', pattern: '^\\d{10}$' }, zip_prefixes: [] },
];

// GeoNames US.txt: country, ZIP, place, state name, state, county, county code, -, -, latitude, longitude, accuracy.
const GEONAMES = [
  ['90001', 'LOS ANGELES', 'CA', '33.97', '-118.25'],
  ['90401', 'SANTA MONICA', 'CA', '34.02', '-118.49'],
  ['94102', 'SAN FRANCISCO', 'CA', '37.78', '-122.42'],
  ['94142', 'SAN FRANCISCO', 'CA', '37.77', '-122.41'],
  ['94143', 'SAN FRANCISCO', 'CA', '37.77', '-122.41'],
  ['94501', 'ALAMEDA', 'CA', '37.76', '-122.25'],
  ['94601', 'OAKLAND', 'CA', '37.77', '-122.22'],
  ['94602', 'OAKLAND', 'CA', '37.80', '-122.21'],
  ['94603', 'OAKLAND', 'CA', '37.80', '-122.21'],
  ['94604', 'OAKLAND', 'CA', '37.81', '-122.27'],
  ['89101', 'LAS VEGAS', 'NV', '36.17', '-115.14'],
  ['89501', 'RENO', 'NV', '39.53', '-119.81'],
  ['89701', 'CARSON CITY', 'NV', '39.16', '-119.75'],
  ['8970X', 'CARSON CITY', 'NV', '39.10', '-119.70'],
].map(([zip, place, st, lat, lon]) => ['US', zip, place, 'State', st, 'County', '001', '', '', lat, lon, '4'].join('\t'));

const ZCTA = [
  'GEO_ID,NAME,P1_001N',
  'Geography,Geographic Area Name, !!Total',
  ...Object.entries({ 90001: 57000, 90401: 8000, 94102: 31000, 94501: 60000, 94601: 50000, 94602: 30000, 94603: 0, 89101: 40000, 89501: 20000, 89701: 25000 }).map(([z, p]) => `860Z200US${z},ZCTA5 ${z},${p}`),
];

const NPA_HEADER = 'NPA_ID,type_of_code,ASSIGNABLE,EXPLANATION,RESERVED,ASSIGNED,ASSIGNMENT_DT,USE,LOCATION,COUNTRY,IN_SERVICE,IN_SERVICE_DT,STATUS,PLANNING_LETTERS,NOTES,OVERLAY,OVERLAY_COMPLEX,PARENT_NPA_ID';
const npa = (code: string, state: string, inService: string, complex: string, parent = '') =>
  [code, 'General Purpose Code', 'Yes', '', 'No', 'Yes', '', 'G', state, 'US', inService, '', '', '', '', complex ? 'Yes' : 'No', complex, parent].join(',');
const NPA_REPORT = [
  'File Date,11/26/2025',
  NPA_HEADER,
  npa('213', 'CA', 'Y', '213/323'),
  npa('310', 'CA', 'Y', '310/424'),
  npa('323', 'CA', 'Y', '213/323', '213'),
  npa('415', 'CA', 'Y', '415/628'),
  npa('424', 'CA', 'Y', '310/424', '310'),
  npa('510', 'CA', 'Y', ''),
  npa('628', 'CA', 'Y', '415/628', '415'),
  npa('999', 'CA', 'N', ''),
  npa('702', 'NV', 'Y', ''),
  npa('725', 'NV', 'Y', ''),
  npa('775', 'NV', 'Y', ''),
];

const GEOCODING = [
  '1415|California',
  '1415200|San Francisco, CA',
  '1415201|San Francisco, CA',
  '1628|Oakland, CA', // an overlay's whole-code line names no place
  '1510200|Oakland, CA',
  '1213200|Los Angeles, CA',
  '1213201|Los Angeles, CA',
  '1310200|Los Angeles, CA',
  '1310300|Santa Monica, CA',
  '1415300|Reno, NV', // a CA code's prefix filed under a NV place: ignored
  '1702|Las Vegas, NV',
  '1725|Las Vegas, NV',
  '1775200|Reno, NV',
];

describe('data/scripts/build-zip-table.mjs (the geo builder)', () => {
  let builder: Builder;
  const inputs = (reverse = false) => {
    const order = (lines: string[]) => (reverse ? [...lines].reverse() : lines);
    return {
      states: STATES,
      geonames: order(GEONAMES).join('\n') + '\n',
      zcta: [...ZCTA.slice(0, 2), ...order(ZCTA.slice(2))].join('\n') + '\n',
      npaReport: [...NPA_REPORT.slice(0, 2), ...order(NPA_REPORT.slice(2))].join('\n') + '\n',
      geocoding: order(GEOCODING).join('\n') + '\n',
    };
  };
  const region = (built: Built, state: string, zip: string) => {
    const t = built.zips[state]!;
    const row = t.zips.find(([z]) => z === zip);
    return row && t.area_codes[row[3]]!.join('/');
  };

  before(async () => {
    builder = (await import(pathToFileURL(join(packageRoot(), 'data', 'scripts', 'geo', 'build.mjs')).href)) as Builder;
  });

  it('is deterministic: the same inputs give the same bytes, whatever order their rows come in', () => {
    const a = builder.buildGeoTables(inputs());
    const b = builder.buildGeoTables(inputs());
    const c = builder.buildGeoTables(inputs(true));
    for (const code of ['CA', 'NV']) {
      expect(builder.serializeZipTable(b.zips[code]!), code).to.equal(builder.serializeZipTable(a.zips[code]!));
      expect(builder.serializeZipTable(c.zips[code]!), code).to.equal(builder.serializeZipTable(a.zips[code]!));
      expect(JSON.parse(builder.serializeZipTable(a.zips[code]!)), code).to.deep.equal(a.zips[code]);
    }
    expect(builder.serializeStates(c.states)).to.equal(builder.serializeStates(a.states));
    expect(JSON.parse(builder.serializeStates(a.states))).to.deep.equal(a.states);
  });

  it('keeps real ZIPs with their 2020 population, drops placeholder and malformed ones', () => {
    const built = builder.buildGeoTables(inputs());
    const ca = built.zips['CA']!;
    expect(ca.zips.map(([z]) => z)).to.deep.equal(['90001', '90401', '94102', '94501', '94601', '94602', '94604']);
    expect(ca.cities).to.deep.equal(['Alameda', 'Los Angeles', 'Oakland', 'San Francisco', 'Santa Monica']);
    expect(ca.zips.find(([z]) => z === '94102')!.slice(1, 3)).to.deep.equal([3, 31000]);
    // 94142/94143 and 94603 share a coordinate and have no residents (PO boxes); 94602 shares it but has residents;
    // 94604 has no residents but a coordinate of its own (kept, never drawn)
    expect(ca.zips.find(([z]) => z === '94604')![2]).to.equal(0);
    expect(built.report.find((r) => r.state === 'CA')!.placeholder).to.equal(3);
    expect(built.zips['NV']!.zips.map(([z]) => z)).to.deep.equal(['89101', '89501', '89701']);
  });

  it('places area-code regions: a named place, an overlay, a shared name, the nearest ZIP, all codes of a shared name', () => {
    const built = builder.buildGeoTables(inputs());
    expect(region(built, 'CA', '94102')).to.equal('415/628'); // named, with its overlay
    expect(region(built, 'CA', '94601')).to.equal('510'); // the 628 whole-code line does not claim Oakland
    expect(region(built, 'CA', '94501')).to.equal('510'); // Alameda: not named, nearest is Oakland
    expect(region(built, 'CA', '90401')).to.equal('310/424');
    expect(region(built, 'CA', '90001')).to.equal('310/424'); // LA: 213/323 and 310/424, the nearest named ZIP is Santa Monica
    expect(region(built, 'NV', '89101')).to.equal('702/725'); // both whole codes, no other place to tell them apart
    expect(region(built, 'NV', '89501')).to.equal('775');
    expect(region(built, 'NV', '89701')).to.equal('775'); // Carson City: nearest is Reno
    expect(built.report.find((r) => r.state === 'CA')!.unplacedCodes).to.deep.equal(['213', '323']);
  });

  it('takes area codes in service from NANPA and ZIP prefixes from the ZIPs', () => {
    const built = builder.buildGeoTables(inputs());
    const ca = built.states.find((s) => s.code === 'CA')!;
    expect(ca.area_codes).to.deep.equal(['213', '310', '323', '415', '424', '510', '628']);
    expect(ca.zip_prefixes).to.deep.equal(['900', '904', '941', '945-946']);
    expect(ca.weight).to.equal(39538223);
  });

  it('matches place names across USPS and libphonenumber spellings', () => {
    expect(builder.placeKey('Mc Farland')).to.equal(builder.placeKey('McFarland'));
    expect(builder.placeKey('Saint Paul')).to.equal(builder.placeKey('St. Paul'));
    expect(builder.placeKey('Hasbrouck Heights')).to.equal(builder.placeKey('Hasbrouck Hts'));
    expect(builder.placeKey('Fort Worth')).to.equal(builder.placeKey('Ft Worth'));
    expect(builder.placeKey('Reno')).not.to.equal(builder.placeKey('Renton'));
  });
});
