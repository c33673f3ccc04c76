/** `esdh stats <dir>`: a readable table of a snapshot's distributions, --json for tools, a clear error for a bad folder. */
import { expect } from 'chai';
import { join } from 'node:path';
import type { SnapshotStats } from '../../../../../adapters/transports/cli/snapshot-stats.js';
import { esdh } from '../../../../helpers/cli.js';
import { newEngine } from '../../../../helpers/engine.js';
import { useTempDirs } from '../../../../helpers/temp-dir.js';

describe('esdh stats', () => {
  const tempDir = useTempDirs('esdh-stats-');

  async function snapshot(): Promise<string> {
    const out = join(tempDir(), 'snap');
    const engine = await newEngine();
    await engine.run({ records: 300, seed: 7, out, formats: ['csv', 'json'] });
    return out;
  }

  it('prints every entity: ages by band with 65+, states, names, makes, vehicle ages, lob, body styles, risk', async () => {
    const dir = await snapshot();
    const { code, stdout, stderr } = await esdh(['stats', dir, '--top', '3'], tempDir());
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
    for (const text of ['persons (300 records)', 'vehicles (300 records)', 'profiles (300 records)', 'age on as_of: mean', '65+', '16-24', 'vehicle age on as_of: mean']) {
      expect(stdout).to.include(text);
    }
    for (const field of ['state', 'last_name', 'first_name', 'make', 'model_year', 'lob_type', 'body_style', 'risk_rating']) {
      expect(stdout, field).to.match(new RegExp(`^  ${field} +\\S`, 'm'));
    }
    expect(stdout).to.match(/^ {2}lob_type +(Personal|Commercial) \d+\.\d%, (Personal|Commercial) \d+\.\d% +\(2 distinct\)/m);
    expect(stdout).to.match(/^ {2}model_year +min \d{4} +mean \d{4}\.\d+ +max \d{4}/m);
  });

  it('--json: the documented shape, counts that add up', async () => {
    const dir = await snapshot();
    const { code, stdout } = await esdh(['stats', dir, '--json'], tempDir());
    expect(code).to.equal(0);
    const stats = JSON.parse(stdout) as SnapshotStats;
    expect(stats).to.include({ seed: 7, units: 300, as_of: '2025-11-01' });
    expect(Object.keys(stats.entities)).to.deep.equal(['persons', 'vehicles', 'profiles']);
    const persons = stats.entities.persons!;
    expect(persons.records).to.equal(300);
    const age = persons.derived.age!;
    expect(age.bands!.reduce((sum, b) => sum + b.count, 0)).to.equal(300);
    expect(age.share_65_plus).to.be.within(0.1, 0.35);
    const lob = persons.fields.lob_type!;
    expect(lob.kind).to.equal('category');
    if (lob.kind === 'category') expect(lob.top.reduce((sum, t) => sum + t.count, 0)).to.equal(300);
    expect(persons.fields.person_id).to.deep.equal({ kind: 'key', values: 300, nulls: 0 });
    expect(persons.fields.date_of_birth!.kind).to.equal('date');
    const year = stats.entities.vehicles!.fields.model_year!;
    expect(year.kind).to.equal('number');
    expect(stats.entities.vehicles!.derived.vehicle_age!.mean).to.be.within(0, 20);
  });

  it('a folder that is not a snapshot is a clear error, and --help explains', async () => {
    const missing = await esdh(['stats', join(tempDir(), 'nothing-here')], tempDir());
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr).to.include('ESDH_ERR_SNAPSHOT_UNREADABLE');
    expect(missing.stdout).to.equal('');
    const usage = await esdh(['stats'], tempDir());
    expect(usage.stderr).to.include('ESDH_ERR_USAGE');
    const top = await esdh(['stats', '.', '--top', 'x'], tempDir());
    expect(top.stderr).to.include('ESDH_ERR_OPTION_INVALID');
    const help = await esdh(['stats', '--help'], tempDir());
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('Usage: esdh stats <snapshot-dir>');
    expect(help.stdout).to.include('--json');
  });
});
