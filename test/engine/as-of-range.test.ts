/**
 * The supported as_of range (AS_OF_RANGE, checked by parseAsOf): it is what
 * the vehicle catalogue allows, every entity generates at both ends and a
 * snapshot made there passes its own verify; outside it every door (the
 * parser, a config or profile as_of, the CLI) refuses with the range in the
 * message. Profiles are looked up among the config's own names only. Dates of
 * years 0000-0099 are not read as 1900-1999.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { addMonths, addYears, fromDayNumber, toDayNumber, yearsBetween } from '../../engine/lib/dates.js';
import { AS_OF_RANGE, parseAsOf, profileNamed } from '../../engine/generate/run-options.js';
import { openModels, V01_BODY_STYLES } from '../../plugins/vehicle/catalogue.js';
import { expectEsdhError } from '../helpers/errors.js';
import { esdh } from '../helpers/cli.js';
import { newEngine } from '../helpers/engine.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const ALL_ENTITIES = ['person', 'vehicle', 'profile', 'policy', 'claim'];
const OUTSIDE = ['1970-01-01', '1979-12-31', '2067-01-01', '2080-01-01', '0050-06-01', '0000-01-01', '9999-12-31'];

describe('as_of range (engine/generate/run-options.ts AS_OF_RANGE)', () => {
  const tempDir = useTempDirs();

  it('is exactly the as_of years for which every v0.1 body style has a model year in the catalogue and the fleet age window', async () => {
    const engine = await newEngine();
    const usable: number[] = [];
    for (let year = 1900; year <= 2100; year++) {
      // January: next year's models have the least weight of the year (still above 0).
      const classes = new Set(openModels(engine.data, `${year}-01-15`).map((m) => m.v01));
      if (V01_BODY_STYLES.every((style) => classes.has(style))) usable.push(year);
    }
    const first = usable[0]!;
    const last = usable.at(-1)!;
    expect(usable, 'one unbroken run of years').to.have.length(last - first + 1);
    expect(`${first}-01-01`).to.equal(AS_OF_RANGE.first);
    expect(`${last}-12-31`).to.equal(AS_OF_RANGE.last);
  });

  it('parseAsOf accepts both ends and refuses the days around them, naming the range', async () => {
    expect(parseAsOf(AS_OF_RANGE.first)).to.equal(AS_OF_RANGE.first);
    expect(parseAsOf(AS_OF_RANGE.last)).to.equal(AS_OF_RANGE.last);
    expect(parseAsOf('2024-02-29')).to.equal('2024-02-29');
    for (const date of [...OUTSIDE, '2025-02-29', '2025-13-01', '2025-1-01']) {
      const error = await expectEsdhError(() => parseAsOf(date, '--as-of'), 'ESDH_ERR_OPTION_INVALID');
      expect(error.message).to.contain(date).and.contain('--as-of').and.contain(`from ${AS_OF_RANGE.first} to ${AS_OF_RANGE.last}`);
    }
  });

  for (const asOf of [AS_OF_RANGE.first, AS_OF_RANGE.last]) {
    it(`at ${asOf} every entity generates, and a snapshot of all of them passes verify`, async () => {
      const engine = await newEngine();
      for (const entity of ALL_ENTITIES) {
        const records = await engine.generate(entity, { records: 20, seed: 3, asOf });
        expect(records, entity).to.be.an('array');
      }
      const out = join(tempDir(), 'snap');
      await engine.run({ records: 40, seed: 5, asOf, entities: ALL_ENTITIES, formats: ['json'], out });
      const report = await engine.verify(out);
      expect(report.rules.filter((r) => r.failed > 0), JSON.stringify(report.rules.filter((r) => r.failed > 0))).to.deep.equal([]);
      expect(report.ok).to.equal(true);
    });
  }

  it('refuses an out-of-range as_of from the request, a profile or the config, naming where it came from', async () => {
    const engine = await newEngine({ config: { as_of: '2070-01-01', profiles: { old: { records: 3, as_of: '1975-01-01' } } } });
    const fromConfig = await expectEsdhError(() => engine.plan({}), 'ESDH_ERR_OPTION_INVALID');
    expect(fromConfig.message).to.contain('as_of of the config').and.contain('2070-01-01');
    const fromProfile = await expectEsdhError(() => engine.plan({ profile: 'old' }), 'ESDH_ERR_OPTION_INVALID');
    expect(fromProfile.message).to.contain("as_of of profile 'old'").and.contain('1975-01-01');
    expect(engine.plan({ asOf: '2025-11-01' }).asOf).to.equal('2025-11-01');
    await expectEsdhError(engine.generate('vehicle', { records: 2, asOf: '1975-01-01' }), 'ESDH_ERR_OPTION_INVALID');
  });

  it('esdh run --as-of outside the range is one ESDH_ERR_ line and exit 2, writing nothing', async () => {
    const cwd = tempDir();
    for (const date of ['1975-01-01', '2070-01-01', '0050-06-01']) {
      const result = await esdh(['run', '--as-of', date, '--records', '2', '--out', join(cwd, 'out')], cwd);
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr).to.match(/^ESDH_ERR_OPTION_INVALID: .*1980-01-01 to 2066-12-31/);
      expect(result.stderr).not.to.contain('    at ');
    }
  });
});

describe('profiles are own names of the config only', () => {
  const tempDir = useTempDirs();
  const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

  it('resolveRunPlan (engine.plan) refuses names every object has', async () => {
    const engine = await newEngine();
    for (const name of INHERITED) {
      const error = await expectEsdhError(() => engine.plan({ profile: name }), 'ESDH_ERR_PROFILE_UNKNOWN');
      expect(error.message).to.contain(name).and.contain('baseline, heavy');
      await expectEsdhError(() => profileNamed(engine.config, name), 'ESDH_ERR_PROFILE_UNKNOWN');
    }
    expect(engine.plan({ profile: 'baseline' })).to.include({ profile: 'baseline', records: 30, seed: 42 });
  });

  it('esdh run --profile constructor (and the others) is ESDH_ERR_PROFILE_UNKNOWN, exit 2', async () => {
    const cwd = tempDir();
    for (const name of INHERITED) {
      const result = await esdh(['run', '--profile', name, '--out', join(cwd, 'out')], cwd);
      expect(result.code, `${name}: ${result.stderr}`).to.equal(2);
      expect(result.stderr).to.match(/^ESDH_ERR_PROFILE_UNKNOWN: Unknown profile/);
    }
  });

  it('DEMO_PROFILE=constructor is refused when a plan is made', async () => {
    const engine = await newEngine({ env: { DEMO_PROFILE: 'constructor' } });
    await expectEsdhError(() => engine.plan({}), 'ESDH_ERR_PROFILE_UNKNOWN');
  });
});

describe('engine/lib/dates.ts in years 0000-0099', () => {
  /** The day number Date gives when told the year exactly (setUTCFullYear does not add 1900). */
  function dateDay(year: number, month0: number, day: number): number {
    const date = new Date(0);
    date.setUTCFullYear(year, month0, day);
    return date.getTime() / 86_400_000;
  }

  it('toDayNumber and fromDayNumber read and write the year as written', () => {
    for (const [text, y, m, d] of [['0000-01-01', 0, 0, 1], ['0004-02-29', 4, 1, 29], ['0050-06-01', 50, 5, 1], ['0099-12-31', 99, 11, 31]] as const) {
      expect(toDayNumber(text), text).to.equal(dateDay(y, m, d));
      expect(fromDayNumber(toDayNumber(text)), text).to.equal(text);
    }
    expect(toDayNumber('0100-01-01') - toDayNumber('0099-12-31')).to.equal(1);
  });

  it('addMonths, addYears and yearsBetween across years 0000-0099', () => {
    expect(addMonths('0099-12-31', 1)).to.equal('0100-01-31');
    expect(addMonths('0050-01-31', 1)).to.equal('0050-02-28');
    expect(addYears('0004-02-29', 1)).to.equal('0005-02-28');
    expect(addYears('0120-06-01', -100)).to.equal('0020-06-01');
    expect(yearsBetween('0020-06-01', '0050-05-31')).to.equal(29);
  });

  it('dates from year 100 on are what they were (the fast path did not change)', () => {
    expect(toDayNumber('2025-11-01')).to.equal(20393);
    expect(fromDayNumber(20393)).to.equal('2025-11-01');
    expect(addMonths('2025-01-31', 1)).to.equal('2025-02-28');
    for (let day = toDayNumber('1899-12-01'); day < toDayNumber('2101-01-31'); day += 17) {
      expect(fromDayNumber(day)).to.equal(new Date(day * 86_400_000).toISOString().slice(0, 10));
      expect(toDayNumber(fromDayNumber(day))).to.equal(day);
    }
  });
});
