/**
 * engine/snapshot/artifact-path.ts: the one check between a manifest's file
 * names and the disk, and the snapshot readers that go through it.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactPath, isInsideFolder, snapshotFolder } from '../../engine/snapshot/artifact-path.js';
import { loadSnapshot, openSnapshot, type Engine } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { useTempDirs } from '../helpers/temp-dir.js';

describe('engine/snapshot/artifact-path', () => {
  const tempDir = useTempDirs('esdh-artifact-path-');

  function folder(): string {
    const dir = join(tempDir(), 'snap');
    mkdirSync(dir);
    writeFileSync(join(dir, 'persons.csv'), 'a\n');
    return dir;
  }

  it('a regular file inside the folder, and a name not there yet, are returned joined', () => {
    const dir = folder();
    expect(artifactPath(dir, 'persons.csv')).to.equal(join(dir, 'persons.csv'));
    expect(artifactPath(dir, 'missing.csv')).to.equal(join(dir, 'missing.csv'));
    symlinkSync('persons.csv', join(dir, 'alias.csv'));
    expect(artifactPath(dir, 'alias.csv')).to.equal(join(dir, 'alias.csv'));
  });

  const refused: [string, (dir: string) => unknown, string][] = [
    ['../ out of the folder', () => '../outside.csv', 'is outside the snapshot folder'],
    ['a name that climbs out and back', (dir) => `../${dir.split('/').pop()}-other/x.csv`, 'is outside the snapshot folder'],
    ['an absolute path', (dir) => join(dir, 'persons.csv'), 'is an absolute path'],
    ['a folder', (dir) => (mkdirSync(join(dir, 'sub')), 'sub'), 'is a folder, not a regular file'],
    ['a link out of the folder', (dir) => (symlinkSync('/etc/hostname', join(dir, 'out.csv')), 'out.csv'), 'resolves to /etc/hostname, outside the snapshot folder'],
    ['a link to /dev/zero', (dir) => (symlinkSync('/dev/zero', join(dir, 'zero.csv')), 'zero.csv'), 'resolves to /dev/zero'],
    ['a FIFO', (dir) => (spawnSync('mkfifo', [join(dir, 'pipe.csv')]), 'pipe.csv'), 'is a FIFO (named pipe), not a regular file'],
    ['a link to nothing', (dir) => (symlinkSync('gone.csv', join(dir, 'dangling.csv')), 'dangling.csv'), 'is a symbolic link to nothing'],
    ['a file under a linked folder outside', (dir) => (symlinkSync('/etc', join(dir, 'etc')), 'etc/not-there.csv'), 'is outside the snapshot folder (through a link)'],
    ['not a string', () => 42, 'is not a file name'],
    ['an empty name', () => '', 'is not a file name'],
  ];
  for (const [name, make, problem] of refused) {
    it(`refuses ${name} with ESDH_ERR_SNAPSHOT_FILE_UNSAFE`, async () => {
      const dir = folder();
      const error = await expectEsdhError(() => artifactPath(dir, make(dir)), 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
      expect(error.message).to.include(problem);
      expect(error.message).to.include(`Snapshot '${dir}'`);
    });
  }

  it('snapshotFolder refuses a file, a missing path and a manifest that is a folder', async () => {
    const dir = folder();
    expect(snapshotFolder(dir)).to.equal(dir);
    expect((await expectEsdhError(() => snapshotFolder(join(dir, 'persons.csv')), 'ESDH_ERR_SNAPSHOT_UNREADABLE')).message).to.include('it is a file, not a folder');
    expect((await expectEsdhError(() => snapshotFolder(join(dir, 'nope')), 'ESDH_ERR_SNAPSHOT_UNREADABLE')).message).to.include('no such folder');
    mkdirSync(join(dir, 'snapshot_manifest_v0_1.json'));
    expect((await expectEsdhError(() => snapshotFolder(dir), 'ESDH_ERR_SNAPSHOT_UNREADABLE')).message).to.include('its manifest snapshot_manifest_v0_1.json is a folder, not a regular file');
  });

  it('isInsideFolder follows links and works for paths not created yet', () => {
    const root = tempDir();
    mkdirSync(join(root, 's1'));
    symlinkSync(join(root, 's1'), join(root, 'link'));
    expect(isInsideFolder(join(root, 's1', 'merged', 'deeper'), join(root, 's1'))).to.equal(true);
    expect(isInsideFolder(join(root, 'link', 'merged'), join(root, 's1'))).to.equal(true);
    expect(isInsideFolder(join(root, 's1'), join(root, 's1'))).to.equal(true);
    expect(isInsideFolder(join(root, 's10'), join(root, 's1'))).to.equal(false);
    expect(isInsideFolder(join(root, 'all'), join(root, 's1'))).to.equal(false);
  });

  describe('the readers call it', () => {
    let engine: Engine;
    before(async () => {
      engine = await newEngine();
    });

    async function snapshot(): Promise<string> {
      const out = join(tempDir(), 'snap');
      await engine.run({ records: 3, seed: 5, formats: ['ndjson'], out });
      return out;
    }

    it('loadSnapshot (checksums only) and openSnapshot (no verify) refuse a manifest naming a file outside', async () => {
      const dir = await snapshot();
      // The file name is valid (the manifest schema refuses names with paths); the file is a link out of the folder.
      writeFileSync(join(dir, '..', 'persons.ndjson'), readFileSync(join(dir, 'persons_v0_1.ndjson')));
      rmSync(join(dir, 'persons_v0_1.ndjson'));
      symlinkSync('../persons.ndjson', join(dir, 'persons_v0_1.ndjson'));
      await expectEsdhError(loadSnapshot(dir, { engine, verify: 'checksums' }), 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
      const opened = await openSnapshot(dir, { engine, verify: false });
      await expectEsdhError(async () => {
        for await (const record of opened.records('person')) expect(record).to.equal(undefined);
      }, 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
    });

    it('engine.verify refuses a data file replaced by a folder instead of crashing on EISDIR', async () => {
      const dir = await snapshot();
      rmSync(join(dir, 'vehicles_v0_1.ndjson'));
      mkdirSync(join(dir, 'vehicles_v0_1.ndjson'));
      const error = await expectEsdhError(engine.verify(dir), 'ESDH_ERR_SNAPSHOT_FILE_UNSAFE');
      expect(error.message).to.include("'vehicles_v0_1.ndjson', which is a folder");
    });
  });
});
