/**
 * Every record passes every domain rule (docs/domain-rules.md) for many seeds, the data is
 * diverse, and `esdh verify` catches records that break the rules.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createEngine, type Engine, type EntityRecord, type Person, type RecordCheck } from '../../engine/index.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { tamperNdjsonRecord } from '../helpers/tamper.js';
import { loadCatalogue } from '../../plugins/vehicle/catalogue.js';
import { buildVin } from '../../plugins/vehicle/vin.js';

const ENTITIES = ['person', 'vehicle', 'profile'];

function failures(engine: Engine, entity: string, record: EntityRecord, asOf: string): string[] {
  const plugin = engine.registry.get(entity);
  const ctx = { data: engine.data, asOf, marker: engine.config.synthetic_source };
  return (plugin.checks ?? []).flatMap((check: RecordCheck) => {
    const problem = check.test(record, ctx);
    return problem ? [`${check.name}: ${problem}`] : [];
  });
}

describe('domain rules', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine({ noConfigFile: true });
  });

  it('every built-in entity declares domain checks', () => {
    for (const entity of ENTITIES) expect(engine.registry.get(entity).checks?.length, entity).to.be.greaterThan(0);
  });

  it('hold for every record, for any seed and as_of (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.date({ min: new Date('2012-01-01T00:00:00Z'), max: new Date('2029-06-30T00:00:00Z'), noInvalidDate: true }),
        async (seed, date) => {
          const asOf = date.toISOString().slice(0, 10);
          const bundle = (await engine.generate('bundle', { records: 25, seed, asOf })) as Record<string, EntityRecord[]>;
          for (const entity of ENTITIES) {
            for (const record of bundle[engine.entity(entity).plural]!) {
              const problems = failures(engine, entity, record, asOf);
              if (problems.length) throw new Error(`seed ${seed}, as_of ${asOf}, ${entity}: ${problems.join('; ')}`);
            }
          }
        },
      ),
      { numRuns: 200, seed: 20251101 },
    );
  });

  it('a 10,000-person run is diverse: hundreds of names, dozens of cities per state, population-weighted states', async () => {
    const persons = await engine.generate('person', { records: 10_000, seed: 7 });
    const distinct = (field: keyof Person) => new Set(persons.map((p) => p[field])).size;
    expect(distinct('first_name')).to.be.greaterThan(500);
    expect(distinct('last_name')).to.be.greaterThan(300);
    const byState = new Map<string, Person[]>();
    for (const p of persons) byState.set(p.state, [...(byState.get(p.state) ?? []), p]);
    expect([...byState.keys()].sort()).to.deep.equal(['AZ', 'CA', 'NV', 'OR', 'WA']);
    for (const [state, people] of byState) expect(new Set(people.map((p) => p.city)).size, state).to.be.greaterThan(24);
    const share = (state: string) => byState.get(state)!.length / persons.length;
    expect(share('CA')).to.be.within(0.5, 0.7); // ~63% of the five states' population
    expect(share('NV')).to.be.within(0.02, 0.09);
    const ages = persons.map((p) => 2025 - Number(String(p.date_of_birth).slice(0, 4)));
    expect(ages.filter((a) => a >= 25 && a <= 65).length / ages.length).to.be.greaterThan(0.65);
    expect(persons.filter((p) => p.address_line_2 !== null).length / persons.length).to.be.within(0.08, 0.25);
  });

  describe('verify catches records that break them', () => {
    const tempDir = useTempDirs();

    async function brokenSnapshot(file: string, mutate: (r: Record<string, unknown>) => void): Promise<Map<string, number>> {
      const out = `${tempDir()}/snap`;
      await engine.run({ records: 20, seed: 42, formats: ['ndjson'], out });
      tamperNdjsonRecord(out, file, 3, mutate);
      const report = await engine.verify(out);
      expect(report.ok).to.equal(false);
      return new Map(report.rules.filter((r) => r.failed > 0).map((r) => [r.rule, r.failed]));
    }

    it('a wrong VIN check digit', async () => {
      const failed = await brokenSnapshot('vehicles_v0_1.ndjson', (v) => {
        const vin = v.vin as string;
        v.vin = vin.slice(0, 8) + (vin[8] === '1' ? '2' : '1') + vin.slice(9);
      });
      expect(failed.get('vehicle.vin_check_digit')).to.equal(1);
    });

    it("a VIN with another model's descriptor (VDS): it decodes to that model", async () => {
      // Two models of one make sharing a WMI in a model year: write the second's VDS into a record of the first.
      const rows = loadCatalogue(engine.data).makes.flatMap((make) => make.models.flatMap((m) => m.vins.map((r) => ({ make: make.make, model: m.model, style: m.body_style, r }))));
      const pair = rows.flatMap((a) => rows.filter((b) => b.make === a.make && b.model !== a.model && b.r[0] === a.r[0] && b.r[2].split(' ').includes(a.r[2].split(' ')[0]!)).map((b) => [a, b] as const))[0]!;
      const [mine, other] = pair;
      const year = mine.r[0];
      const failed = await brokenSnapshot('vehicles_v0_1.ndjson', (v) => {
        Object.assign(v, { make: mine.make, model: mine.model, model_year: year, body_style: loadCatalogue(engine.data).body_styles[mine.style] ?? mine.style, lob_type: 'Personal', risk_rating: 'Low' });
        v.vin = buildVin({ wmi: mine.r[2].split(' ')[0]!, vds: other.r[3].split(' ')[0]!, modelYear: year, plant: other.r[4][0]!, serial: 'A00001' });
      });
      expect(failed.get('vehicle.vin_decodes'), JSON.stringify([...failed])).to.equal(1);
      expect(failed.has('vehicle.vin_check_digit')).to.equal(false);
      expect(failed.has('vehicle.vin_manufacturer')).to.equal(false);
    });

    it('a 7-year-old driver', async () => {
      const failed = await brokenSnapshot('persons_v0_1.ndjson', (p) => {
        p.date_of_birth = '2018-05-05';
      });
      expect(failed.get('person.age')).to.equal(1);
      expect(failed.get('person.licence_issue_date')).to.equal(1);
    });

    it('a ZIP from another state', async () => {
      const failed = await brokenSnapshot('persons_v0_1.ndjson', (p) => {
        p.postal_code = p.state === 'NV' ? '90001' : '89101';
      });
      expect(failed.get('person.zip_in_state')).to.equal(1);
      expect(failed.get('person.zip_in_city')).to.equal(1);
    });

    it('a phone outside 555-0100..0199 and a real email domain', async () => {
      const failed = await brokenSnapshot('persons_v0_1.ndjson', (p) => {
        p.phone = '415-555-0200';
        p.email = 'someone@gmail.com';
      });
      expect(failed.get('person.phone')).to.equal(1);
      expect(failed.get('person.email')).to.equal(1);
    });

    it('a licence number in another state\'s format', async () => {
      const failed = await brokenSnapshot('persons_v0_1.ndjson', (p) => {
        p.driver_license_number = p.state === 'NV' ? 'A1234567' : '123456789012';
      });
      expect(failed.get('person.licence_format')).to.equal(1);
    });

    it('an expired licence, and an expiration the state rule does not give', async () => {
      const failed = await brokenSnapshot('persons_v0_1.ndjson', (p) => {
        p.license_expiration_date = '2025-10-31'; // as_of is 2025-11-01
      });
      expect(failed.get('person.licence_valid')).to.equal(1);
      expect(failed.get('person.licence_expiration')).to.equal(1);
    });

    it('a first licence before the licence age', async () => {
      const failed = await brokenSnapshot('persons_v0_1.ndjson', (p) => {
        p.first_licensed_date = `${Number(String(p.date_of_birth).slice(0, 4)) + 15}${String(p.date_of_birth).slice(4)}`;
      });
      expect(failed.get('person.first_licensed')).to.equal(1);
    });

    it('a duplicated email and a duplicated licence number', async () => {
      const out = `${tempDir()}/snap`;
      await engine.run({ records: 10, seed: 42, formats: ['ndjson'], out });
      let first: Record<string, unknown> = {};
      tamperNdjsonRecord(out, 'persons_v0_1.ndjson', 1, (p) => {
        first = { ...p };
      });
      tamperNdjsonRecord(out, 'persons_v0_1.ndjson', 4, (p) => {
        p.email = first.email;
      });
      let report = await engine.verify(out);
      const unique = report.rules.find((r) => r.rule === 'ids.unique')!;
      expect(unique.failed).to.equal(1);
      expect(JSON.stringify(unique)).to.include(`person.email ${String(first.email)} appears twice`);
      tamperNdjsonRecord(out, 'persons_v0_1.ndjson', 5, (p) => {
        p.driver_license_number = first.driver_license_number;
        p.driver_license_state = first.driver_license_state;
        p.state = first.state;
      });
      report = await engine.verify(out);
      expect(report.rules.find((r) => r.rule === 'ids.unique')!.failed).to.equal(2);
    });

    it('a duplicated VIN and a model outside its years', async () => {
      const out = `${tempDir()}/snap`;
      await engine.run({ records: 10, seed: 42, formats: ['ndjson'], out });
      let firstVin = '';
      tamperNdjsonRecord(out, 'vehicles_v0_1.ndjson', 1, (v) => {
        firstVin = v.vin as string;
      });
      tamperNdjsonRecord(out, 'vehicles_v0_1.ndjson', 2, (v) => {
        v.vin = firstVin;
        v.model_year = 2031;
      });
      const report = await engine.verify(out);
      const failed = new Map(report.rules.map((r) => [r.rule, r.failed]));
      expect(failed.get('ids.unique')).to.equal(1);
      expect(failed.get('vehicle.catalogue')).to.be.greaterThan(0);
      expect(failed.get('vehicle.vin_year_code')).to.be.greaterThan(0);
    });
  });
});
