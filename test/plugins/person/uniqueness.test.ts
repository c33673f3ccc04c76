/** Licence numbers and emails never repeat in a run, up to the limit the licence formats allow, which is checked before anything is written. */
import { expect } from 'chai';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newEngine } from '../../helpers/engine.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { readPackageJson } from '../../helpers/package-root.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

interface StateRow {
  code: string;
  licence: { template: string; pattern: string };
}

describe('person uniqueness (licence numbers, emails)', () => {
  const tempDir = useTempDirs('esdh-unique-');

  it('200,000 persons: no licence number and no email twice', async function () {
    this.timeout(120_000);
    const engine = await newEngine();
    const licences = new Set<string>();
    const emails = new Set<string>();
    let count = 0;
    for await (const p of engine.stream('person', { records: 200_000, seed: 20251101 })) {
      licences.add(p.driver_license_number!);
      emails.add(p.email);
      count++;
    }
    expect(count).to.equal(200_000);
    expect(licences.size, 'distinct licence numbers').to.equal(200_000);
    expect(emails.size, 'distinct emails').to.equal(200_000);
  });

  it('the person plugin declares both unique, so verify checks them across the snapshot', async () => {
    const engine = await newEngine();
    expect(engine.registry.get('person').uniqueFields).to.include.members(['driver_license_number', 'email']);
  });

  it('declares its limit: the smallest licence-number space among the run\'s states', async () => {
    const engine = await newEngine();
    const plugin = engine.registry.get('person');
    const state = plugin.setup!({ data: engine.data, asOf: '2025-11-01', marker: 'x', options: {}, distributions: engine.plan({}).distributions, entities: ['person'], where: [] });
    const limit = plugin.maxUnits!(state)!;
    expect(limit.units).to.equal(10_000_000); // OR: seven digits, the smallest of the v0.1 five
    expect(limit.reason).to.match(/OR's \(10,000,000 numbers\)/);
  });

  describe('a run over the limit', () => {
    /** Reference data whose only state (OR) has a licence template of 100 numbers. */
    function tinyLicenceData(): string {
      const dir = tempDir();
      const or = readPackageJson<StateRow[]>('data/reference/address/states.json').find((s) => s.code === 'OR')!;
      mkdirSync(join(dir, 'address'));
      writeFileSync(join(dir, 'address', 'states.json'), JSON.stringify([{ ...or, licence: { template: 'O\\R\\L##', pattern: '^ORL\\d{2}$' } }]));
      return dir;
    }

    it('is refused before anything is written, naming the limit; a run at the limit has every number once', async () => {
      const engine = await newEngine({ dataDirs: [tinyLicenceData()], config: { distributions: { states: ['OR'] } } });
      const out = join(tempDir(), 'snap');
      const error = await expectEsdhError(engine.run({ records: 101, seed: 1, out, formats: ['ndjson'] }), 'ESDH_ERR_RECORDS_OVER_CAPACITY');
      expect(error.message).to.match(/101 units is more than the person plugin can make: .*OR's \(100 numbers\).*at most 100 records/);
      expect(existsSync(out), 'nothing written').to.equal(false);
      await expectEsdhError(engine.generate('person', { records: 101 }), 'ESDH_ERR_RECORDS_OVER_CAPACITY');
      await expectEsdhError(engine.run({ records: 101, seed: 1, out, formats: ['ndjson'], shard: { index: 1, count: 2 } }), 'ESDH_ERR_RECORDS_OVER_CAPACITY');
      const persons = await engine.generate('person', { records: 100, seed: 1 });
      expect(new Set(persons.map((p) => p.driver_license_number)).size).to.equal(100);
      expect(persons.every((p) => /^ORL\d{2}$/.test(p.driver_license_number!))).to.equal(true);
    });
  });
});
