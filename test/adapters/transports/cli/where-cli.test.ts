/**
 * `--where` on the command line: run, preview and the other commands that
 * take the run flags, `esdh targets`, the grammar in --help, and errors as
 * one clear line. Fixture plugins with targeting (test/helpers/where-fixture.ts).
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { esdh } from '../../../helpers/cli.js';
import { readManifest } from '../../../helpers/snapshot-files.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { writeWhereProject } from '../../../helpers/where-fixture.js';

describe('CLI --where', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-cli-where-');

  it('--help of run, preview, validate and targets explains the grammar with the issue\'s examples', async () => {
    const cwd = tempDir();
    for (const command of ['run', 'preview', 'validate', 'cluster submit', 'targets']) {
      const { stdout, code } = await esdh([...command.split(' '), '--help'], cwd);
      expect(code).to.equal(0);
      if (command !== 'targets') expect(stdout, command).to.include('--where <terms>');
      if (command === 'run' || command === 'preview' || command === 'targets') {
        for (const text of ['field OP value', 'entity.field OP value', '<plural> OP n', '= != < <= > >=', 'person.age=16..20', "--where 'state=AZ,lob_type=Commercial,claims>=1'"]) expect(stdout, `${command}: ${text}`).to.include(text);
      }
    }
  });

  it('esdh run --where writes a snapshot that meets the terms and records them; esdh verify reports each term', async () => {
    const cwd = writeWhereProject(tempDir());
    const out = join(cwd, 'snap');
    const run = await esdh(['run', '--profile', 'sites', '--records', '12', '--where', 'region=west,gadgets>=1', '--out', out, '--quiet'], cwd);
    expect(run.code, run.stderr).to.equal(0);
    const summary = await esdh(['run', '--profile', 'sites', '--records', '12', '--where', 'region=west,gadgets>=1', '--out', join(cwd, 'other')], cwd);
    expect(summary.stdout).to.match(/^where: +region=West,gadgets>=1 \(every unit meets these terms\)$/m);
    expect(readManifest(out).where).to.deep.equal(['region=West', 'gadgets>=1']);
    const verify = await esdh(['verify', out], cwd);
    expect(verify.code, verify.stdout).to.equal(0);
    expect(verify.stdout).to.match(/where: region=West\s+12\s+0/).and.match(/where: gadgets>=1\s+12\s+0/);
  });

  it('a bad term is one line naming it and what is accepted, no stack trace, nothing written', async () => {
    const cwd = writeWhereProject(tempDir());
    const out = join(cwd, 'snap');
    for (const [argv, code, pattern] of [
      [['run', '--profile', 'sites', '--where', 'colour=Red', '--out', out], 2, /^ESDH_ERR_WHERE_INVALID: Invalid --where term 'colour=Red': .*site\.region \(enum: the region the site is in\)/],
      [['run', '--profile', 'sites', '--where', 'gadgets>=9', '--out', out], 2, /^ESDH_ERR_WHERE_IMPOSSIBLE: No data can meet --where 'gadgets>=9': a unit has at most 3 gadgets/],
      [['preview', '--profile', 'sites', '--where', 'region=Mars'], 2, /^ESDH_ERR_WHERE_INVALID: Invalid --where term 'region=Mars': 'Mars' is not a value of site\.region; accepted: North, South, East, West/],
      [['run', '--profile', 'decoys', '--where', 'decoy.color=Blue', '--out', out], 1, /^ESDH_ERR_WHERE_UNMET: Unit 0 does not meet --where 'decoy\.color=Blue': the decoy plugin/],
    ] as const) {
      const result = await esdh([...argv], cwd);
      expect(result.code, result.stderr).to.equal(code);
      expect(result.stderr).to.match(pattern);
      expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(result.stderr).not.to.match(/\n\s+at /);
      expect(existsSync(out)).to.equal(false);
    }
  });

  it('esdh preview --where shows records that meet the terms, in-process', async () => {
    const cwd = writeWhereProject(tempDir());
    const result = await esdh(['preview', '--profile', 'sites', '--records', '4', '--where', 'region=South', '--json'], cwd);
    expect(result.code, result.stderr).to.equal(0);
    const payload = JSON.parse(result.stdout) as { sites: { region: string }[] };
    expect(payload.sites.map((s) => s.region)).to.deep.equal(['South', 'South', 'South', 'South']);
  });

  it('esdh targets lists each targetable field and count with type and description; --json too', async () => {
    const cwd = writeWhereProject(tempDir());
    const text = await esdh(['targets', '--profile', 'targeted'], cwd);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.include('a bare field names the root entity, site');
    expect(text.stdout).to.match(/region \(site\.region\)\s+enum\s+North, South, East, West\s+the region the site is in/);
    expect(text.stdout).to.match(/gadget\.heavy\s+boolean, derived/);
    expect(text.stdout).to.match(/gadgets OP n\s+count \(0\.\.3\)/);
    expect(text.stdout).to.include("The profile's own terms (added to every run's): region=North,gadgets>=1");
    const json = JSON.parse((await esdh(['targets', '--all', '--json'], cwd)).stdout) as { root: string; targets: { name: string; type: string }[] };
    expect(json.targets.map((t) => t.name)).to.include.members(['site.region', 'gadgets', 'decoy.color']);
    const builtin = await esdh(['targets'], tempDir());
    expect(builtin.code, builtin.stderr).to.equal(0);
    expect(builtin.stdout).to.include('profile baseline');
  });
});
