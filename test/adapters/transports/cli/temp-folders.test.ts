/**
 * Temporary folders a run killed with `kill -9` leaves behind (it gets no
 * chance to remove them): esdh doctor reports them with their size, the next
 * run into the same folder and esdh clean remove them, and a live run's
 * temporary folder is never touched.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTempFolders, reclaimTempFolders, tempPathFor } from '../../../../engine/index.js';
import { esdh } from '../../../helpers/cli.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

const TEMP = /^\..+\.tmp-\d+-[0-9a-f]{8}/;

/** Start a long `esdh run` into data/demo_runs of `cwd`; resolves once its temporary folder holds data. */
async function startLongRun(cwd: string): Promise<{ child: ChildProcess; exited: Promise<unknown>; temp: string }> {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), 'run', '--records', '3000000', '--format', 'csv,ndjson', '--quiet'], { cwd, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const runsDir = join(cwd, 'data', 'demo_runs');
  for (let i = 0; i < 1200; i++) {
    const temp = existsSync(runsDir) ? readdirSync(runsDir).find((n) => TEMP.test(n)) : undefined;
    if (temp && readdirSync(join(runsDir, temp)).some((f) => statSync(join(runsDir, temp, f)).size > 0)) return { child, exited, temp: join(runsDir, temp) };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the run never started writing');
}

/** Make a temporary folder look as if nothing in it changed for two minutes. */
function age(path: string): void {
  const then = new Date(Date.now() - 120_000);
  for (const file of readdirSync(path)) utimesSync(join(path, file), then, then);
  utimesSync(path, then, then);
}

describe('temporary folders of killed runs', () => {
  const tempDir = useTempDirs('esdh-temps-');
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('kill -9 mid-run: doctor reports the folder and its size, the next run removes it and says so', async () => {
    const cwd = tempDir();
    const { child, exited, temp } = await startLongRun(cwd);
    children.push(child);
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(temp), 'kill -9 leaves the temporary folder').to.equal(true);

    // Just killed: kept for a minute (a run in another container on the same folder could look dead from here).
    const early = await esdh(['doctor', '--json'], cwd);
    const earlyCheck = JSON.parse(early.stdout).checks.find((c: { name: string }) => c.name === 'temp folders');
    expect(earlyCheck.status).to.equal('warn');
    expect(earlyCheck.detail).to.match(/^1 left by stopped runs in data\/demo_runs \(.+\), 1 of them stopped less than a minute ago$/);
    const keep = await esdh(['run', '--records', '2', '--quiet'], cwd);
    expect(keep.code, keep.stderr).to.equal(0);
    expect(existsSync(temp)).to.equal(true);

    age(temp);
    const bytes = readdirSync(temp).reduce((sum, f) => sum + statSync(join(temp, f)).size, 0);
    const doctor = await esdh(['doctor', '--json'], cwd);
    const check = JSON.parse(doctor.stdout).checks.find((c: { name: string }) => c.name === 'temp folders');
    expect(check.status).to.equal('warn');
    expect(check.detail).to.match(/^1 left by stopped runs in data\/demo_runs \(\d+(\.\d)? [kMG]B\)$/);
    expect(check.fix).to.include('esdh clean');
    expect(bytes).to.be.greaterThan(0);

    const run = await esdh(['run', '--records', '2'], cwd);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/reclaimed: +1 temporary folder\(s\) that stopped runs left in data\/demo_runs \(.+B\)/);
    expect(existsSync(temp)).to.equal(false);
    expect(readdirSync(join(cwd, 'data', 'demo_runs')).filter((n) => TEMP.test(n))).to.deep.equal([]);
    const after = JSON.parse((await esdh(['doctor', '--json'], cwd)).stdout).checks.find((c: { name: string }) => c.name === 'temp folders');
    expect(after).to.deep.include({ status: 'ok', detail: 'none left by stopped runs' });
  });

  it('kill -9 mid-run: esdh clean removes the folder and lists it with its size', async () => {
    const cwd = tempDir();
    const { child, exited, temp } = await startLongRun(cwd);
    children.push(child);
    child.kill('SIGKILL');
    await exited;
    age(temp);
    const clean = await esdh(['clean'], cwd);
    expect(clean.code).to.equal(0);
    expect(clean.stdout).to.match(/Removed:\n {2}data\/demo_runs\/\..+\.tmp-\d+-[0-9a-f-]+ \(temporary folder of a stopped run, .+B\)\n/);
    expect(existsSync(temp)).to.equal(false);
  });

  it("a live run's temporary folder is never removed, even when it looks quiet", async () => {
    const cwd = tempDir();
    const { child, exited, temp } = await startLongRun(cwd);
    children.push(child);
    age(temp);
    const clean = await esdh(['clean'], cwd);
    expect(clean.stdout).to.include(`(in use by the run in process ${child.pid})`);
    expect((await esdh(['run', '--records', '2', '--quiet'], cwd)).code).to.equal(0);
    const doctor = JSON.parse((await esdh(['doctor', '--json'], cwd)).stdout).checks.find((c: { name: string }) => c.name === 'temp folders');
    expect(doctor.detail).to.equal(`none left by stopped runs; 1 in use by running esdh (pid ${child.pid})`);
    expect(existsSync(temp)).to.equal(true);
    child.kill('SIGTERM');
    await exited;
    expect(existsSync(temp), 'the interrupted run removes its own folder').to.equal(false);
  });

  describe('findTempFolders / reclaimTempFolders', () => {
    it('a folder with this process id but another process token was left by an earlier process with the same pid', async () => {
      const parent = tempDir();
      const earlier = join(parent, `.snap.tmp-${process.pid}-deadbeef-000001`);
      const mine = tempPathFor(join(parent, 'snap'));
      for (const dir of [earlier, mine]) {
        mkdirSync(dir);
        writeFileSync(join(dir, 'persons_v0_1.csv'), 'x'.repeat(10));
        age(dir);
      }
      const found = findTempFolders(parent).map((t) => [t.path, t.state, t.bytes]);
      expect(found).to.have.deep.members([[earlier, 'stale', 10], [mine, 'live', 10]]);
      expect((await reclaimTempFolders(parent)).map((t) => t.path)).to.deep.equal([earlier]);
      expect(readdirSync(parent)).to.deep.equal([mine.split('/').pop()]);
    });

    it('leaves alone what is not an esdh temporary folder: other names, folders with subfolders, files', async () => {
      const parent = tempDir();
      const dead = 2 ** 22 + 12345; // above Linux's pid_max: no such process
      const nested = join(parent, `.a.tmp-${dead}-0123abcd`);
      mkdirSync(join(nested, 'sub'), { recursive: true });
      writeFileSync(join(parent, `.b.tmp-${dead}-0123abcd`), 'a file');
      mkdirSync(join(parent, `b.tmp-${dead}-0123abcd`));
      mkdirSync(join(parent, `.c.tmp-${dead}-xyz`));
      const old = join(parent, `.d.tmp-${dead}-0123abcd`);
      mkdirSync(old);
      for (const dir of [nested, old, join(parent, `b.tmp-${dead}-0123abcd`), join(parent, `.c.tmp-${dead}-xyz`)]) age(dir);
      expect(findTempFolders(parent).map((t) => t.path)).to.deep.equal([old]);
      await reclaimTempFolders(parent);
      expect(readdirSync(parent).sort()).to.deep.equal([`.a.tmp-${dead}-0123abcd`, `.b.tmp-${dead}-0123abcd`, `.c.tmp-${dead}-xyz`, `b.tmp-${dead}-0123abcd`]);
    });
  });
});
