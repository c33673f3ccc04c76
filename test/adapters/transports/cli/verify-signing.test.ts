/**
 * The CLI side of verify and signing: `esdh keys new`, `--sign-key` on run,
 * snapshot and merge, `esdh verify --public-key`, what verify says about the
 * signature without a key, and its progress on stderr (driven by a fake
 * clock through the CLI's io).
 */
import { expect } from 'chai';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../../adapters/transports/cli/main.js';
import { esdh } from '../../../helpers/cli.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

const SIG = 'snapshot_manifest_v0_1.json.sig';

describe('esdh keys, --sign-key and verify --public-key', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-cli-sign-');

  it('keys new --out <name> writes <name>.key (0600) and <name>.pub, says how to use them, and refuses to overwrite (exit 2)', async () => {
    const cwd = tempDir();
    const made = await esdh(['keys', 'new', '--out', 'release'], cwd);
    expect(made.code, made.stderr).to.equal(0);
    expect(made.stdout).to.include('Wrote release.key (private, mode 0600').and.to.include('esdh run --sign-key release.key').and.to.include('esdh verify --public-key release.pub');
    expect(statSync(join(cwd, 'release.key')).mode & 0o777).to.equal(0o600);
    const key = readFileSync(join(cwd, 'release.key'), 'utf8');
    const again = await esdh(['keys', 'new', '--out', 'release'], cwd);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/^ESDH_ERR_KEY_EXISTS: Key file .*release\.key already exists/);
    expect(readFileSync(join(cwd, 'release.key'), 'utf8')).to.equal(key);
    expect((await esdh(['keys', 'new'], cwd)).stderr).to.match(/^ESDH_ERR_USAGE: keys new needs --out <name>/);
    expect((await esdh(['keys', 'make', '--out', 'x'], cwd)).stderr).to.match(/^ESDH_ERR_USAGE: unknown action 'make'/);
  });

  it('run --sign-key signs; verify without a key passes and says the signature was not checked; with the key it is valid; a changed manifest fails (exit 1)', async () => {
    const cwd = tempDir();
    await esdh(['keys', 'new', '--out', 'release'], cwd);
    await esdh(['keys', 'new', '--out', 'other'], cwd);
    const run = await esdh(['run', '--records', '5', '--format', 'csv,json,ndjson', '--out', 's', '--sign-key', 'release.key'], cwd);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`signed:           s/${SIG}`).and.to.include('npx esdh verify --public-key <your .pub> s');
    expect(existsSync(join(cwd, 's', SIG))).to.equal(true);

    const plain = await esdh(['verify', 's'], cwd);
    expect(plain.code).to.equal(0);
    expect(plain.stdout).to.not.include('files.unlisted');
    expect(plain.stdout).to.include(`Signature: not checked (${SIG} is there; pass --public-key <file> to check who made the snapshot)`);
    expect(plain.stdout).to.include('OK: every rule passed');

    const checked = await esdh(['verify', 's', '--public-key', 'release.pub'], cwd);
    expect(checked.code).to.equal(0);
    expect(checked.stdout).to.include(`Signature: valid (${SIG} signs the manifest with the key given)`);
    const json = JSON.parse((await esdh(['verify', 's', '--public-key', 'release.pub', '--json'], cwd)).stdout);
    expect(json.signature).to.deep.equal({ file: SIG, status: 'valid' });

    const foreign = await esdh(['verify', 's', '--public-key', 'other.pub'], cwd);
    expect(foreign.code).to.equal(1);
    expect(foreign.stdout).to.match(/FAIL signature: .*\n  snapshot_manifest_v0_1\.json: snapshot_manifest_v0_1\.json\.sig does not sign the manifest's bytes with that key/);
    expect(foreign.stdout).to.include('Signature: INVALID for the key given');

    const path = join(cwd, 's', 'snapshot_manifest_v0_1.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"seed": ', '"seed":  '));
    expect((await esdh(['verify', 's', '--public-key', 'release.pub'], cwd)).code).to.equal(1);
    expect((await esdh(['verify', 's'], cwd)).code, 'the same bytes parse to the same manifest: only the signature sees it').to.equal(0);

    const missing = await esdh(['verify', 's', '--public-key', 'nope.pub'], cwd);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^ESDH_ERR_KEY_INVALID: Key file .*nope\.pub cannot be used: cannot read it \(ENOENT\)/);
  });

  it('an unsigned snapshot: verify says so, and fails with --public-key', async () => {
    const cwd = tempDir();
    await esdh(['keys', 'new', '--out', 'release'], cwd);
    await esdh(['run', '--records', '3', '--out', 's'], cwd);
    expect((await esdh(['verify', 's'], cwd)).stdout).to.include('Signature: none (unsigned): the checks above prove the snapshot is consistent, not who made it');
    const checked = await esdh(['verify', 's', '--public-key', 'release.pub'], cwd);
    expect(checked.code).to.equal(1);
    expect(checked.stdout).to.include(`${SIG} is missing: the snapshot is unsigned`);
  });

  it('snapshot --sign-key (also when --force replaces the folder) and merge --sign-key / --public-key', async () => {
    const cwd = tempDir();
    await esdh(['keys', 'new', '--out', 'release'], cwd);
    for (const args of [['snapshot', '--records', '4', '--out', 'gov', '--sign-key', 'release.key'], ['snapshot', '--records', '4', '--out', 'gov', '--force', '--sign-key', 'release.key']]) {
      const result = await esdh(args, cwd);
      expect(result.code, result.stderr).to.equal(0);
      expect((await esdh(['verify', 'gov', '--public-key', 'release.pub'], cwd)).code).to.equal(0);
    }
    for (const k of [1, 2]) await esdh(['run', '--records', '6', '--seed', '5', '--shard', `${k}/2`, '--out', `s${k}`, ...(k === 1 ? ['--sign-key', 'release.key'] : [])], cwd);
    const refused = await esdh(['merge', 's1', 's2', '--out', 'all', '--public-key', 'release.pub'], cwd);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/^ESDH_ERR_SIGNATURE_INVALID: Snapshot .*s2 is not signed by that key: snapshot_manifest_v0_1\.json\.sig is missing/);
    expect(existsSync(join(cwd, 'all'))).to.equal(false);
    const merged = await esdh(['merge', 's1', 's2', '--out', 'all', '--sign-key', 'release.key'], cwd);
    expect(merged.code, merged.stderr).to.equal(0);
    expect(merged.stdout).to.include(`signed:           all/${SIG}`);
    expect((await esdh(['verify', 'all', '--public-key', 'release.pub'], cwd)).code).to.equal(0);
  });

  it('esdh verify shows progress on stderr (plain lines when not a TTY), keeps stdout for the report, and --quiet shows none', async () => {
    const cwd = tempDir();
    await esdh(['run', '--records', '50', '--format', 'csv,ndjson', '--out', 's'], cwd);
    let now = 0;
    const verify = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      // Every reading of the clock is 6 s later: past the quiet first second and the 5 s between plain lines.
      const code = await runCli(['verify', 's', ...args], { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd, env: {}, clock: () => (now += 6000) });
      return { code, stdout: out.join(''), stderr: err.join('') };
    };
    const shown = await verify(['--json']);
    expect(shown.code).to.equal(0);
    expect(shown.stderr).to.match(/^progress: \d+\/\d+ MB \(\d+%\), \d+ MB\/s, ETA [\d:?]+\n/);
    expect(shown.stderr).to.not.match(/\u001b\[/);
    expect(JSON.parse(shown.stdout).ok).to.equal(true);
    const quiet = await verify(['--quiet']);
    expect(quiet.stderr).to.equal('');
    expect(quiet.stdout).to.include('OK: every rule passed');
  });
});
