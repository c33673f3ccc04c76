/**
 * Where persons live (plugins/person/residence.ts and the person plugin):
 * states from `distributions.states`, ZIPs by 2020 population, the city of
 * the ZIP, a phone area code of the ZIP's area-code region.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Distributions, Engine, Person } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { readZipTables } from '../../helpers/zip-tables.js';

const zips = readZipTables();

/** A city's share of its state's 2020 population in the ZIP table (by USPS city name). */
function tableShare(state: string, city: string): number {
  const t = zips[state]!;
  const index = t.cities.indexOf(city);
  const all = t.zips.reduce((a, [, , p]) => a + p, 0);
  return t.zips.filter(([, c]) => c === index).reduce((a, [, , p]) => a + p, 0) / all;
}

async function persons(states: Distributions['states'], records: number, seed = 20251101): Promise<Person[]> {
  const engine = await newEngine({ config: { distributions: { states } } });
  return engine.generate('person', { records, seed });
}

function share(list: readonly Person[], pick: (p: Person) => boolean): number {
  return list.filter(pick).length / list.length;
}

describe('person residence: states, ZIPs by population, area codes by ZIP', () => {
  const tempDir = useTempDirs('esdh-residence-');

  it("states: all gives every one of the 50 states and DC, and the run passes esdh verify", async () => {
    const engine: Engine = await newEngine({ config: { distributions: { states: 'all' } } });
    const out = join(tempDir(), 'all');
    await engine.run({ records: 6000, seed: 7, out });
    const report = await engine.verify(out);
    expect(report.rules.filter((r) => r.failed)).to.deep.equal([]);
    const seen = new Set((await engine.generate('person', { records: 6000, seed: 7 })).map((p) => p.state));
    expect(seen.size).to.equal(51);
  });

  it('states: all weights states by population (CA about 12%, TX about 9%, WY about 0.2%)', async () => {
    const list = await persons('all', 20_000);
    expect(share(list, (p) => p.state === 'CA')).to.be.within(0.11, 0.13);
    expect(share(list, (p) => p.state === 'TX')).to.be.within(0.08, 0.095);
    expect(share(list, (p) => p.state === 'WY')).to.be.within(0.0008, 0.003);
  });

  it('states: {CA: 1} gives only CA; a list is weighted by population; a map by its weights', async () => {
    expect(new Set((await persons({ CA: 1 }, 2000)).map((p) => p.state))).to.deep.equal(new Set(['CA']));
    const list = await persons(['NV', 'CA'], 4000);
    expect(share(list, (p) => p.state === 'CA')).to.be.within(0.9, 0.95); // 39.5M of 42.6M
    const map = await persons({ NV: 3, CA: 1 }, 4000);
    expect(share(map, (p) => p.state === 'NV')).to.be.within(0.72, 0.78);
    for (const p of [...list, ...map]) expect(p.driver_license_state).to.equal(p.state);
  });

  it('the order of a list does not change the data', async () => {
    expect(await persons(['NV', 'CA'], 50)).to.deep.equal(await persons(['CA', 'NV'], 50));
  });

  it('Los Angeles and Phoenix get their population share (fixed seed, 20,000 persons each)', async () => {
    const ca = await persons({ CA: 1 }, 20_000);
    const la = share(ca, (p) => p.city === 'Los Angeles');
    // against the table: the 2020 population of the ZIPs USPS names Los Angeles (6.1% of CA)
    expect(la / tableShare('CA', 'Los Angeles')).to.be.within(0.9, 1.1);
    const az = await persons({ AZ: 1 }, 20_000);
    const phoenix = share(az, (p) => p.city === 'Phoenix');
    expect(phoenix / tableShare('AZ', 'Phoenix')).to.be.within(0.9, 1.1);
    // against the 2020 Census city count (1,608,139 of 7,151,502): within 25%
    expect(phoenix / (1_608_139 / 7_151_502)).to.be.within(0.75, 1.25);
  });

  it("every phone has an area code of its ZIP's region: San Francisco gets 415/628 only, Seattle 206/564", async () => {
    const ca = await persons({ CA: 1 }, 20_000);
    const sf = ca.filter((p) => p.city === 'San Francisco');
    expect(sf.length).to.be.above(200);
    for (const p of sf) expect(['415', '628'], p.postal_code).to.include(p.phone!.slice(0, 3));
    const wa = await persons({ WA: 1 }, 5000);
    for (const p of wa.filter((x) => x.city === 'Seattle')) expect(['206', '564'], p.postal_code).to.include(p.phone!.slice(0, 3));
    for (const p of [...ca, ...wa]) {
      const t = zips[p.state]!;
      const row = t.zips.find(([zip]) => zip === p.postal_code)!;
      expect(t.cities[row[1]], p.postal_code).to.equal(p.city);
      expect(row[2], `${p.postal_code} has residents`).to.be.above(0);
      expect(t.area_codes[row[3]], p.postal_code).to.include(p.phone!.slice(0, 3));
    }
  });

  it('an unknown state code is ESDH_ERR_CONFIG_INVALID naming it and listing the accepted codes', async () => {
    const error = await expectEsdhError(persons(['CA', 'XX'], 1), 'ESDH_ERR_CONFIG_INVALID');
    expect(error.message).to.include('distributions.states').and.include("'XX'").and.include('AK, AL').and.include('WY');
    expect(error.message).not.to.include("'CA'");
    const map = await expectEsdhError(persons({ PR: 1, GU: 2 }, 1), 'ESDH_ERR_CONFIG_INVALID');
    expect(map.message).to.include("unknown state codes 'PR', 'GU'");
  });
});
