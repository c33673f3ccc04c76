/**
 * The determinism promise holds for plugins that use `ctx.faker.date.*`: the
 * bound faker's reference date is the run's as_of, so two runs under
 * different system clocks write the same bytes. Each run is a real child
 * process whose clock is faked by a preload module (FAKE_NOW).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdhProcess } from '../helpers/cli.js';
import { readManifest, readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** Replaces Date so `new Date()` and `Date.now()` read FAKE_NOW (other Date uses keep working). */
const FAKE_CLOCK = `
const fixed = Date.parse(process.env.FAKE_NOW);
const Real = Date;
class FakeDate extends Real {
  constructor(...args) { if (args.length === 0) super(fixed); else super(...args); }
  static now() { return fixed; }
}
globalThis.Date = FakeDate;
`;

const DATED_PLUGIN = `
export const schemas = { appointment: { type: 'object', additionalProperties: false,
  required: ['person_id', 'booked_at', 'due_on', 'born', 'synthetic_source'],
  properties: { person_id: { type: 'string' }, booked_at: { type: 'string' }, due_on: { type: 'string' }, born: { type: 'string' }, synthetic_source: { type: 'string' } } } };
export default { name: 'appointment', plural: 'appointments', version: '1.0.0', schemaId: 'appointment', dependencies: ['person'],
  generate: (ctx) => ({
    person_id: ctx.deps.person[0].person_id,
    booked_at: ctx.faker.date.recent({ days: 30 }).toISOString(),
    due_on: ctx.faker.date.soon({ days: 60 }).toISOString().slice(0, 10),
    born: ctx.faker.date.birthdate().toISOString().slice(0, 10),
    synthetic_source: ctx.marker,
  }) };
`;

describe('bound faker under a fake system clock', () => {
  const tempDir = useTempDirs('esdh-faker-clock-');

  function runUnder(fakeNow: string): { dir: string; files: Record<string, string>; booked: string[] } {
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'clock-project', private: true, type: 'module' }));
    writeFileSync(join(project, 'appointment.js'), DATED_PLUGIN);
    writeFileSync(join(project, 'fake-clock.mjs'), FAKE_CLOCK);
    writeFileSync(join(project, 'esdh.config.yaml'), 'plugins: [./appointment.js]\n');
    const result = esdhProcess(['run', '--records', '25', '--seed', '11', '--as-of', '2024-06-30', '--entities', 'person,appointment', '--format', 'csv,ndjson', '--out', 'snap', '--quiet'], project, {
      FAKE_NOW: fakeNow,
      NODE_OPTIONS: `--import=${join(project, 'fake-clock.mjs')}`,
    });
    expect(result.code, result.stderr).to.equal(0);
    const dir = join(project, 'snap');
    const ndjson = readFileSync(join(dir, 'appointments_v0_1.ndjson'), 'utf8').trim().split('\n');
    return { dir, files: readSnapshotFiles(dir), booked: ndjson.map((line) => (JSON.parse(line) as { booked_at: string }).booked_at) };
  }

  it('writes the same bytes in 2031 as in 2019, with every faker date counted from as_of', function () {
    this.timeout(60_000);
    const early = runUnder('2019-03-01T12:00:00Z');
    const late = runUnder('2031-11-20T08:30:00Z');
    // The preload really moved the clock: the run section records the fake wall time.
    expect(readManifest(early.dir).run.generated_at.slice(0, 4)).to.equal('2019');
    expect(readManifest(late.dir).run.generated_at.slice(0, 4)).to.equal('2031');
    expect(late.files).to.deep.equal(early.files);
    for (const booked of early.booked) {
      expect(booked >= '2024-05-31' && booked <= '2024-06-30T00:00:00.000Z', booked).to.equal(true);
    }
  });

  it('records the exact version of faker in the manifest', function () {
    this.timeout(60_000);
    const { dir } = runUnder('2025-01-01T00:00:00Z');
    const installed = (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', '@faker-js', 'faker', 'package.json'), 'utf8')) as { version: string }).version;
    expect(readManifest(dir).packages).to.deep.equal({ '@faker-js/faker': installed });
  });
});
