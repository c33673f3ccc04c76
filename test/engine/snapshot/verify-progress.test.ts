/**
 * Progress of a verify on a large snapshot: `engine.verify(dir, { onProgress })`
 * reports bytes read of the total (each listed file once for its checksum,
 * each data file once more for its records). `esdh verify` showing it:
 * test/adapters/transports/cli/verify-signing.test.ts.
 */
import { expect } from 'chai';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, VerifyProgress } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';
import { readManifest } from '../../helpers/snapshot-files.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

describe('verify progress', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-progress-');
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await newEngine();
  });
  beforeEach(async () => {
    dir = (await engine.run({ records: 300, seed: 4, formats: ['csv', 'json', 'ndjson'], out: join(tempDir(), 'snap') })).dir;
  });

  it('engine.verify reports bytes read: steady total, never backwards, ending at the total (listed files once, data files twice)', async () => {
    const seen: VerifyProgress[] = [];
    const report = await engine.verify(dir, { onProgress: (p) => seen.push(p) });
    expect(report.ok).to.equal(true);
    const manifest = readManifest(dir);
    const size = (file: string) => statSync(join(dir, file)).size;
    const listed = manifest.artifacts.reduce((sum, a) => sum + size(a.file), 0);
    const read = manifest.artifacts.filter((a) => a.role !== 'readme' && a.role !== 'metadata_json').reduce((sum, a) => sum + size(a.file), 0);
    expect(seen.length).to.be.greaterThan(manifest.artifacts.length);
    for (const p of seen) expect(p.bytesTotal).to.equal(listed + read);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytesDone).to.be.at.least(seen[i - 1]!.bytesDone);
    expect(seen.at(-1)!.bytesDone).to.equal(listed + read);
  });
});
