/**
 * engine.mergeAsTheyCome: a run's shards merged while they are still being
 * made (the queue's merge job). Shards already in are appended before a
 * later one is released; the result is engine.merge's, byte for byte, in
 * this thread and in a merge thread; a source that fails, a shard that was
 * altered, one of another run or in the wrong place, and an abort each stop
 * the merge with their own code and leave nothing behind.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esdhError, type Engine, type ShardSource } from '../../../engine/index.js';
import { expectEsdhError } from '../../helpers/errors.js';
import { newEngine } from '../../helpers/engine.js';
import { readSnapshotFiles } from '../../helpers/snapshot-files.js';
import { makeTempDir, useTempDirs } from '../../helpers/temp-dir.js';
import { waitFor } from '../../adapters/transports/queue/cluster-helpers.js';

const REQUEST = { records: 240, seed: 77, asOf: '2025-11-01', entities: ['person', 'vehicle', 'profile', 'policy', 'claim'], formats: ['csv', 'json', 'ndjson'] };

/** A source whose shard k is given only once `release(k)` was called. */
function gatedSource(dirs: readonly string[]): ShardSource & { release(k: number): void; asked: number[] } {
  const gates = dirs.map(() => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  });
  const asked: number[] = [];
  return {
    count: dirs.length,
    asked,
    release: (k) => gates[k - 1]!.open(),
    async shard(index, signal) {
      asked.push(index);
      await Promise.race([gates[index - 1]!.opened, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
      return dirs[index - 1]!;
    },
  };
}

/** Folders and temporary folders in `parent` besides `keep`. */
const leftovers = (parent: string, keep: readonly string[]) => readdirSync(parent).filter((n) => !keep.includes(n));

describe('engine.mergeAsTheyCome (shards merged as they are made)', function () {
  this.timeout(120_000);
  const tempDir = useTempDirs('esdh-merge-stream-');
  let engine: Engine;
  let base: string;
  let shards: string[];
  let whole: string;
  before(async () => {
    engine = await newEngine();
    base = makeTempDir('esdh-merge-stream-shards-');
    whole = (await engine.run({ ...REQUEST, out: join(base, 'whole') })).dir;
    shards = [];
    for (let k = 1; k <= 3; k++) shards.push((await engine.run({ ...REQUEST, shard: { index: k, count: 3 }, out: join(base, `s${k}`) })).dir);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  for (const thread of [false, true]) {
    const where = thread ? 'in a merge thread' : 'in this thread';

    it(`${where}${thread ? ', every file read back as it is written' : ''}: shards 1 and 2 are appended before shard 3 is released; the result is the single run's files and engine.merge's manifest`, async () => {
      const parent = tempDir();
      const out = join(parent, 'merged');
      const source = gatedSource(shards);
      source.release(1);
      source.release(2);
      const merging = engine.mergeAsTheyCome(source, { out, thread, readBack: thread });
      const header = readFileSync(join(shards[0]!, 'persons_v0_1.csv'), 'utf8').indexOf('\n') + 1;
      const expected = statSync(join(shards[0]!, 'persons_v0_1.csv')).size + statSync(join(shards[1]!, 'persons_v0_1.csv')).size - header;
      await waitFor('the merged persons file to hold shards 1 and 2', 60_000, () => {
        const temp = readdirSync(parent).filter((n) => n.includes('.tmp-')).map((n) => join(parent, n, 'persons_v0_1.csv')).find(existsSync);
        return temp && statSync(temp).size === expected ? true : undefined;
      });
      expect(source.asked).to.deep.equal([1, 2, 3]);
      expect(existsSync(out), 'no snapshot before the last shard').to.equal(false);
      source.release(3);
      const merged = await merging;
      expect(readSnapshotFiles(merged.dir)).to.deep.equal(readSnapshotFiles(whole));
      const plain = await engine.merge(shards, { out: join(parent, 'plain') });
      const strip = (m: typeof merged.manifest) => ({ ...m, run: null, merged_from: m.merged_from.map((s) => ({ ...s, generated_at: '' })) });
      expect(strip(merged.manifest)).to.deep.equal(strip(plain.manifest));
      expect(leftovers(parent, ['merged', 'plain'])).to.deep.equal([]);
    });

    it(`${where}: the source's own error stops the merge with that error, and nothing is left`, async () => {
      const parent = tempDir();
      const out = join(parent, 'failed');
      const source: ShardSource = {
        count: 3,
        shard: async (index) => {
          if (index === 2) throw esdhError('ESDH_ERR_CLUSTER_RUN_FAILED', 'r1', 'shard 2/3 failed: no sensor reading');
          return shards[index - 1]!;
        },
      };
      const error = await expectEsdhError(engine.mergeAsTheyCome(source, { out, thread }), 'ESDH_ERR_CLUSTER_RUN_FAILED');
      expect(error.message).to.include('shard 2/3 failed: no sensor reading');
      expect(leftovers(parent, [])).to.deep.equal([]);
    });

    it(`${where}: a shard given in another's place, or of another run, is refused when it comes`, async () => {
      const parent = tempDir();
      const swapped: ShardSource = { count: 3, shard: async (index) => shards[index === 2 ? 2 : index - 1]! };
      const error = await expectEsdhError(engine.mergeAsTheyCome(swapped, { out: join(parent, 'swapped'), thread }), 'ESDH_ERR_SHARD_COVERAGE');
      expect(error.message).to.match(/is shard 3 of 3, where shard 2 of 3 was expected/);
      const other = join(base, `other-${thread}`);
      await engine.run({ ...REQUEST, seed: 78, shard: { index: 2, count: 3 }, out: other });
      const foreign: ShardSource = { count: 3, shard: async (index) => (index === 2 ? other : shards[index - 1]!) };
      await expectEsdhError(engine.mergeAsTheyCome(foreign, { out: join(parent, 'foreign'), thread }), 'ESDH_ERR_SHARD_MISMATCH');
      expect(leftovers(parent, [])).to.deep.equal([]);
    });

    it(`${where}: an abort while it waits for a shard stops it, and nothing is left`, async () => {
      const controller = new AbortController();
      const source = gatedSource(shards);
      source.release(1);
      const parent = tempDir();
      const merging = engine.mergeAsTheyCome(source, { out: join(parent, 'aborted'), signal: controller.signal, thread });
      await waitFor('the merge to ask for shard 2', 30_000, () => (source.asked.includes(2) ? true : undefined));
      controller.abort(esdhError('ESDH_ERR_INTERRUPTED', 'the test'));
      await expectEsdhError(merging, 'ESDH_ERR_INTERRUPTED');
      expect(leftovers(parent, [])).to.deep.equal([]);
    });
  }

  it('a shard altered after it was written is refused when it comes (ESDH_ERR_SHARD_INVALID), the other files stop waiting for shards that never come, and nothing is left', async () => {
    const copy = tempDir();
    const altered: string[] = [];
    for (let k = 1; k <= 3; k++) altered.push((await engine.run({ ...REQUEST, shard: { index: k, count: 3 }, out: join(copy, `s${k}`) })).dir);
    const csv = join(altered[1]!, 'persons_v0_1.csv');
    const bytes = readFileSync(csv);
    bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x41 ? 0x42 : 0x41;
    writeFileSync(csv, bytes);
    // Shard 3 is never released: only the failed persons file may end the merge.
    const source = gatedSource(altered);
    source.release(1);
    source.release(2);
    const error = await expectEsdhError(engine.mergeAsTheyCome(source, { out: join(copy, 'merged'), thread: true }), 'ESDH_ERR_SHARD_INVALID');
    expect(error.message).to.include('persons_v0_1.csv does not match the sha256 in its manifest');
    expect(leftovers(copy, ['s1', 's2', 's3'])).to.deep.equal([]);
  });
});
