/**
 * The committed governed snapshot (data/snapshots/v0.1) verifies, and
 * `esdh snapshot` still makes it byte for byte. If a plugin change is meant to
 * alter it, regenerate with `npx esdh snapshot --force` and log why.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { createEngine } from '../../engine/index.js';
import { esdh } from '../helpers/cli.js';
import { packageRoot } from '../helpers/package-root.js';
import { readManifest, readSnapshotFiles } from '../helpers/snapshot-files.js';
import { useTempDirs } from '../helpers/temp-dir.js';

describe('governed snapshot data/snapshots/v0.1', () => {
  const tempDir = useTempDirs();
  const committed = join(packageRoot(), 'data', 'snapshots', 'v0.1');

  it('passes verify', async () => {
    const engine = await createEngine({ noConfigFile: true });
    const report = await engine.verify(committed);
    expect(report.rules.filter((r) => r.failed)).to.deep.equal([]);
    expect(readManifest(committed).record_counts).to.deep.equal({ persons: 200, vehicles: 200, profiles: 200 });
  });

  it('regenerates byte for byte with esdh snapshot', async () => {
    const cwd = tempDir();
    const result = await esdh(['snapshot', '--out', 'fresh'], cwd);
    expect(result.code, result.stderr).to.equal(0);
    expect(readSnapshotFiles(join(cwd, 'fresh'))).to.deep.equal(readSnapshotFiles(committed));
  });
});
