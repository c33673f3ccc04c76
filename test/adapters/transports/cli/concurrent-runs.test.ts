/**
 * Default runs in one checkout at the same time (two CI jobs, a loop in the
 * background): every run gets its own folder, retention never deletes a run
 * that another process just published, latest_demo is replaced atomically,
 * and what esdh does not own (a real latest_demo folder) is never deleted.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claimRunFolder, LATEST_LINK, pruneRuns, publishRun, publishStagedRun, type LinkOps } from '../../../../adapters/transports/cli/demo-runs.js';
import { esdh } from '../../../helpers/cli.js';
import { expectEsdhError } from '../../../helpers/errors.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

/** `esdh <argv>` as a child process, asynchronously, so several run at once. */
function esdhAsync(argv: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), ...argv], { cwd, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fake finished run folder, finished `ageMs` ago. */
function fakeRun(runsDir: string, name: string, ageMs: number): string {
  const dir = join(runsDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'persons_v0_1.csv'), 'x\n');
  const then = new Date(Date.now() - ageMs);
  utimesSync(dir, then, then);
  return dir;
}

describe('concurrent default runs', () => {
  const tempDir = useTempDirs('esdh-concurrent-');

  it('8 parallel esdh run --records 5 in one checkout all succeed, each in its own folder that verifies', async () => {
    const cwd = tempDir();
    const results = await Promise.all(Array.from({ length: 8 }, () => esdhAsync(['run', '--records', '5', '--quiet'], cwd)));
    for (const r of results) {
      expect(r.stderr).to.equal('');
      expect(r.code).to.equal(0);
    }
    const dirs = results.map((r) => r.stdout.trim());
    expect(new Set(dirs).size).to.equal(8);
    const runsDir = join(cwd, 'data', 'demo_runs');
    for (const dir of dirs) {
      expect(dir.startsWith(runsDir + '/')).to.equal(true);
      expect(dir.slice(runsDir.length + 1)).to.match(/^\d{8}_\d{6}_baseline(_\d+)?$/);
      const verify = await esdh(['verify', dir], cwd);
      expect(verify.code, verify.stdout + verify.stderr).to.equal(0);
    }
    // All 8 finished within the last minute, so none was pruned; latest_demo points at one of them; no temp is left.
    const names = readdirSync(runsDir);
    expect(names.filter((n) => n !== LATEST_LINK).sort()).to.deep.equal(dirs.map((d) => d.slice(runsDir.length + 1)).sort());
    expect(lstatSync(join(runsDir, LATEST_LINK)).isSymbolicLink()).to.equal(true);
    expect(dirs).to.include(join(runsDir, readlinkSync(join(runsDir, LATEST_LINK))));
  });

  it('a real folder named latest_demo is refused before the run starts, and kept by run and clean', async () => {
    const cwd = tempDir();
    const runsDir = join(cwd, 'data', 'demo_runs');
    mkdirSync(join(runsDir, LATEST_LINK), { recursive: true });
    writeFileSync(join(runsDir, LATEST_LINK, 'my-notes.txt'), 'mine');
    const result = await esdh(['run', '--records', '2'], cwd);
    expect(result.stderr).to.match(/^ESDH_ERR_OUTPUT_LINK_BLOCKED: '.*latest_demo' is a real folder, not the link esdh keeps to the newest run, and esdh will not delete it: [^\n]+\n$/);
    expect(result.code).to.equal(2);
    expect(readdirSync(runsDir)).to.deep.equal([LATEST_LINK]);
    const clean = await esdh(['clean'], cwd);
    expect(clean.code).to.equal(0);
    expect(clean.stdout).to.include('Kept:\n  data/demo_runs/latest_demo (a real folder, not the link esdh makes: remove it yourself)');
    expect(readFileSync(join(runsDir, LATEST_LINK, 'my-notes.txt'), 'utf8')).to.equal('mine');
  });

  it('latest_demo is made under a temporary name and renamed over the old link', async () => {
    const runsDir = tempDir();
    const first = fakeRun(runsDir, '20200101_000000_baseline', 0);
    const second = fakeRun(runsDir, '20200102_000000_baseline', 0);
    await publishRun(runsDir, first, 5);
    const calls: string[] = [];
    const spy: LinkOps = {
      symlink: async (target, path, type) => {
        calls.push(`symlink ${target} ${path.slice(runsDir.length + 1)}`);
        const { symlink } = await import('node:fs/promises');
        await symlink(target, path, type);
      },
      rename: async (from, to) => {
        calls.push(`rename ${from.slice(runsDir.length + 1)} ${to.slice(runsDir.length + 1)}`);
        expect(readlinkSync(join(runsDir, LATEST_LINK)), 'the old link is still there until the rename').to.equal('20200101_000000_baseline');
        const { rename } = await import('node:fs/promises');
        await rename(from, to);
      },
    };
    await publishRun(runsDir, second, 5, spy);
    expect(calls).to.have.length(2);
    expect(calls[0]).to.match(/^symlink 20200102_000000_baseline \.latest_demo\.tmp-\d+-[0-9a-f-]+$/);
    expect(calls[1]).to.equal(`rename ${calls[0]!.split(' ')[2]} ${LATEST_LINK}`);
    expect(readlinkSync(join(runsDir, LATEST_LINK))).to.equal('20200102_000000_baseline');
    expect(readdirSync(runsDir).sort()).to.deep.equal(['20200101_000000_baseline', '20200102_000000_baseline', LATEST_LINK]);
  });

  for (const [step, code] of [['symlink', 'ENOSPC'], ['rename', 'EIO']] as const) {
    it(`${code} while making the latest_demo link (${step}): a coded error, the new run removed, the old link kept`, async () => {
      const runsDir = tempDir();
      const old = fakeRun(runsDir, '20200101_000000_baseline', 0);
      await publishRun(runsDir, old, 5);
      const staged = join(runsDir, '.20200102_000000_baseline.tmp-1-00000000-000000');
      mkdirSync(staged);
      writeFileSync(join(staged, 'persons_v0_1.csv'), 'x\n');
      const fail = async () => {
        throw Object.assign(new Error(`${code}: injected`), { code, syscall: step });
      };
      const { symlink, rename } = await import('node:fs/promises');
      const ops: LinkOps = step === 'symlink' ? { symlink: fail, rename } : { symlink, rename: fail };
      const error = await expectEsdhError(publishStagedRun(runsDir, staged, '20200102_000000_baseline', 5, ops), 'ESDH_ERR_OUTPUT_UNWRITABLE');
      expect(error.message).to.equal(`Output folder '${runsDir}' cannot be written: latest_demo could not be pointed at the new run (${code}), so the run was removed again`);
      expect(readdirSync(runsDir).sort()).to.deep.equal(['20200101_000000_baseline', LATEST_LINK]);
      expect(readlinkSync(join(runsDir, LATEST_LINK))).to.equal('20200101_000000_baseline');
    });
  }

  it('two runs that want the same name: the rename claims it, the second gets _2', async () => {
    const runsDir = tempDir();
    const staged = ['a', 'b'].map((x) => {
      const dir = join(runsDir, `.20200101_000000_baseline.tmp-1-0000000${x}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'persons_v0_1.csv'), x);
      return dir;
    });
    const claimed = await Promise.all(staged.map((dir) => claimRunFolder(runsDir, dir, '20200101_000000_baseline')));
    expect(claimed.map((d) => d.slice(runsDir.length + 1)).sort()).to.deep.equal(['20200101_000000_baseline', '20200101_000000_baseline_2']);
    expect(claimed.map((d) => readFileSync(join(d, 'persons_v0_1.csv'), 'utf8')).sort()).to.deep.equal(['a', 'b']);
  });

  it('retention keeps the newest, and never removes a run finished in the last minute or the one latest_demo points at', async () => {
    const runsDir = tempDir();
    const day = 86_400_000;
    for (let i = 1; i <= 4; i++) fakeRun(runsDir, `2020010${i}_000000_baseline`, (10 - i) * day);
    symlinkSync('20200101_000000_baseline', join(runsDir, LATEST_LINK)); // a concurrent run pointed it at the oldest
    for (let i = 1; i <= 3; i++) fakeRun(runsDir, `2030010${i}_000000_baseline`, 0); // just published by other runs
    const removed = await pruneRuns(runsDir, 2);
    expect(removed).to.deep.equal(['20200102_000000_baseline', '20200103_000000_baseline', '20200104_000000_baseline']);
    expect(readdirSync(runsDir).sort()).to.deep.equal(['20200101_000000_baseline', '20300101_000000_baseline', '20300102_000000_baseline', '20300103_000000_baseline', LATEST_LINK]);
    expect(existsSync(join(runsDir, '20200101_000000_baseline'))).to.equal(true);
  });
});
