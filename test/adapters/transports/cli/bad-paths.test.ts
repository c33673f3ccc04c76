/**
 * Paths that are not what they should be: each is one ESDH_ERR_ line, a
 * non-zero exit and nothing left behind, never `esdh: unexpected error` and
 * never a hang (a FIFO or a link to /dev/zero would block or stream for ever).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSystemError } from '../../../../adapters/transports/cli/main.js';
import { esdh } from '../../../helpers/cli.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { makeTempDir, useTempDirs } from '../../../helpers/temp-dir.js';

const MANIFEST = 'snapshot_manifest_v0_1.json';

/** `esdh <argv>` as a child process that is killed (SIGKILL) if it has not ended after 30 s: a hang fails the test instead of stalling the suite. */
function esdhChild(argv: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), ...argv], { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneCodedLine(result: { code: number | null; stderr: string }, code: string): void {
  expect(result.stderr, 'not one coded line').to.match(new RegExp(`^${code}: [^\\n]+\\n$`));
  expect(result.stderr).not.to.include('unexpected error');
  expect(result.code, result.stderr).to.be.oneOf([1, 2]);
}

/** Rewrite the manifest's entry for `file` (its name, say). */
function editArtifact(dir: string, file: string, change: (artifact: Record<string, unknown>) => void): void {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  change(manifest.artifacts.find((a: { file: string }) => a.file === file));
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

describe('esdh with bad paths', () => {
  const tempDir = useTempDirs('esdh-paths-');
  let sourceParent: string;
  let source: string;

  before(async () => {
    sourceParent = makeTempDir('esdh-paths-source-');
    source = join(sourceParent, 'snap');
    const result = await esdh(['run', '--records', '5', '--format', 'csv,json,ndjson', '--out', source], packageRoot());
    expect(result.code, result.stderr).to.equal(0);
  });
  after(() => rmSync(sourceParent, { recursive: true, force: true }));

  /** A fresh copy of the snapshot in its own folder: returns [cwd, snapshot dir]. */
  function copy(): [string, string] {
    const cwd = tempDir();
    cpSync(source, join(cwd, 's'), { recursive: true });
    return [cwd, join(cwd, 's')];
  }

  it('run --out a dangling symbolic link: refused before writing, the link left as it was', async () => {
    const cwd = tempDir();
    symlinkSync(join(cwd, 'nowhere', 'x'), join(cwd, 'out'));
    const result = await esdh(['run', '--records', '2', '--out', 'out'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_OUTPUT_IS_LINK');
    expect(result.stderr).to.include(join(cwd, 'out'));
    expect(readdirSync(cwd)).to.deep.equal(['out']);
  });

  it('merge given a file as a shard', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'shard.txt'), 'not a folder');
    const result = await esdh(['merge', 'shard.txt', '--out', 'all'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SHARD_INVALID');
    expect(result.stderr).to.include('it is a file, not a folder');
    expect(readdirSync(cwd)).to.deep.equal(['shard.txt']);
  });

  it('verify given a file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'snap.csv'), 'a,b\n');
    const result = await esdh(['verify', 'snap.csv'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SNAPSHOT_UNREADABLE');
    expect(result.stderr).to.include('it is a file, not a folder');
  });

  it('verify: a data file replaced by a folder', async () => {
    const [cwd, dir] = copy();
    rmSync(join(dir, 'persons_v0_1.csv'));
    mkdirSync(join(dir, 'persons_v0_1.csv'));
    const result = await esdh(['verify', 's'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
    expect(result.stderr).to.include("lists the file 'persons_v0_1.csv', which is a folder, not a regular file");
  });

  it('verify does not hang on a FIFO in place of a data file', () => {
    const [cwd, dir] = copy();
    rmSync(join(dir, 'persons_v0_1.ndjson'));
    expect(spawnSync('mkfifo', [join(dir, 'persons_v0_1.ndjson')]).status, 'mkfifo').to.equal(0);
    const result = esdhChild(['verify', 's'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
    expect(result.stderr).to.include('which is a FIFO (named pipe), not a regular file');
  });

  it('verify does not hang on a data file that is a link to /dev/zero', () => {
    const [cwd, dir] = copy();
    rmSync(join(dir, 'vehicles_v0_1.csv'));
    symlinkSync('/dev/zero', join(dir, 'vehicles_v0_1.csv'));
    const result = esdhChild(['verify', 's'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
    expect(result.stderr).to.include('resolves to /dev/zero, outside the snapshot folder');
  });

  it('verify does not hang when the manifest itself is a FIFO', () => {
    const [cwd, dir] = copy();
    rmSync(join(dir, MANIFEST));
    expect(spawnSync('mkfifo', [join(dir, MANIFEST)]).status, 'mkfifo').to.equal(0);
    const result = esdhChild(['verify', 's'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SNAPSHOT_UNREADABLE');
    expect(result.stderr).to.include(`its manifest ${MANIFEST} is a FIFO (named pipe), not a regular file`);
  });

  for (const [name, outside] of [['a name with ../', '../outside.csv'], ['an absolute path', '/etc/hostname']] as const) {
    it(`verify refuses a manifest that lists a file outside the folder: ${name}`, async () => {
      const [cwd, dir] = copy();
      cpSync(join(dir, 'persons_v0_1.csv'), join(cwd, 'outside.csv'));
      editArtifact(dir, 'persons_v0_1.csv', (a) => (a.file = outside));
      const result = await esdh(['verify', 's'], cwd);
      // The manifest's schema refuses any file name with a path in it, before a path is ever joined.
      expectOneCodedLine(result, 'ESDH_ERR_MANIFEST_INVALID');
      expect(result.stderr).to.include('/artifacts/0/file');
    });

    it(`verify refuses a data file that is a link out of the folder: ${name}`, async () => {
      const [cwd, dir] = copy();
      cpSync(join(dir, 'persons_v0_1.csv'), join(cwd, 'outside.csv'));
      rmSync(join(dir, 'persons_v0_1.csv'));
      symlinkSync(outside.startsWith('/') ? join(cwd, 'outside.csv') : '../outside.csv', join(dir, 'persons_v0_1.csv'));
      const result = await esdh(['verify', 's'], cwd);
      expectOneCodedLine(result, 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
      expect(result.stderr).to.include("lists the file 'persons_v0_1.csv'");
    });
  }

  it('merge --out inside a shard folder is refused, and the shard is left as it was', async () => {
    const cwd = tempDir();
    for (const k of [1, 2]) expect((await esdh(['run', '--records', '6', '--seed', '3', '--shard', `${k}/2`, '--out', `s${k}`, '--quiet'], cwd)).code).to.equal(0);
    const before = readdirSync(join(cwd, 's1')).sort();
    const result = await esdh(['merge', 's1', 's2', '--out', 's1/merged'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SHARD_INVALID');
    expect(result.stderr).to.include(`the output folder ${join(cwd, 's1', 'merged')} is inside it`);
    expect(readdirSync(join(cwd, 's1')).sort()).to.deep.equal(before);
    expect(readdirSync(cwd).sort()).to.deep.equal(['s1', 's2']);
  });

  it('merge refuses a shard whose manifest names a file outside it, and writes nothing there', async () => {
    const cwd = tempDir();
    for (const k of [1, 2]) expect((await esdh(['run', '--records', '6', '--seed', '3', '--format', 'ndjson', '--shard', `${k}/2`, '--out', `s${k}`, '--quiet'], cwd)).code).to.equal(0);
    for (const k of [1, 2]) editArtifact(join(cwd, `s${k}`), 'persons_v0_1.ndjson', (a) => (a.file = '../../escaped.ndjson'));
    const result = await esdh(['merge', 's1', 's2', '--out', 'out/all'], cwd);
    expectOneCodedLine(result, 'ESDH_ERR_SHARD_INVALID');
    expect(result.stderr).to.include('/artifacts/0/file');
    expect(readdirSync(cwd).sort()).to.deep.equal(['s1', 's2']);
  });

  it('any other file-system error becomes ESDH_ERR_FILE_SYSTEM naming the call, the path and the errno; other errors stay bugs', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'file'), 'x');
    let caught: unknown;
    try {
      readdirSync(join(cwd, 'file'));
    } catch (error) {
      caught = error;
    }
    expect(fileSystemError(caught)?.toLine()).to.equal(
      `ESDH_ERR_FILE_SYSTEM: The file system refused scandir on '${join(cwd, 'file')}' (ENOTDIR): check that the path exists, is the kind of file expected there and may be written; ESDH_DEBUG=1 shows the stack trace`,
    );
    expect(fileSystemError(new TypeError('x is undefined'))).to.equal(undefined);
    expect(fileSystemError(Object.assign(new Error('not errno'), { code: 'ERR_INVALID_ARG_TYPE' }))).to.equal(undefined);
  });
});
