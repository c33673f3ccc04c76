/**
 * A run made in this thread lets the event loop turn between its batches of
 * units: a timer set when the run starts fires while units are still being
 * made, not only once a file is behind or the run is over. A queue worker's
 * job lock is renewed by such a timer, and the merge that follows a run
 * learns of finished shards through one.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Engine } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { useTempDirs } from '../helpers/temp-dir.js';

describe('engine run: the event loop turns between batches', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-run-turns-');
  let engine: Engine;
  before(async () => {
    engine = await newEngine();
  });

  it('a timer set once the first batch is written fires before the last unit is made (3,000 persons in csv: 6 batches of 512, too few bytes for the file to fall behind)', async () => {
    const total = 3000;
    let unitsDone = 0;
    let seenAt: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const onProgress = (p: { unitsDone: number }) => {
      unitsDone = p.unitsDone;
      timer ??= setTimeout(() => (seenAt = unitsDone), 0);
    };
    try {
      await engine.run({ records: total, seed: 7, entities: ['person'], formats: ['csv'], out: join(tempDir(), 'run'), onProgress });
    } finally {
      clearTimeout(timer);
    }
    expect(seenAt, 'the timer fired during the run').to.be.a('number');
    expect(seenAt!, 'units made when the timer fired').to.be.below(total);
  });
});
