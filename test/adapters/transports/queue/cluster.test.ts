/**
 * esdh cluster on a real Redis (ESDH_TEST_REDIS_URL) with real worker
 * processes (bin/esdh.js): the merged snapshot of a queued run is the data
 * files of a single `esdh run` with the same options, byte for byte; a worker
 * killed with SIGKILL mid-shard loses nothing (its job is taken again after
 * the stall timeout, its partial folder never reaches the result and is
 * removed); a resubmit adds no job; Redis going away stops the worker with
 * ESDH_ERR_CLUSTER_CONNECTION_LOST and leaves nothing half-written.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { esdh } from '../../../helpers/cli.js';
import { useRedis } from '../../../helpers/redis.js';
import { manifestWithoutRun, readSnapshotFiles } from '../../../helpers/snapshot-files.js';
import { startTcpProxy, type TcpProxy } from '../../../helpers/tcp-proxy.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { jobCount, projectWith, queuedRunId, slowProject, useWorkers, waitFor } from './cluster-helpers.js';

const RUN = ['--records', '301', '--seed', '11', '--format', 'csv,json,ndjson'];
const STALL = ['--stall-ms', '1500'];

/** Temporary (attempt) folders left in a folder. */
const tempFolders = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.includes('.tmp-') || n.startsWith('.snapshot.merging-')) : []);

interface StatusJson {
  merge: { state: string };
  shards: { index: number; state: string; attemptsStarted: number; stalledCounter: number; worker?: string }[];
}

describe('esdh cluster (BullMQ on Redis)', function () {
  this.timeout(120_000);
  const redis = useRedis();
  const tempDir = useTempDirs('esdh-cluster-');
  const workers = useWorkers();
  const proxies: TcpProxy[] = [];
  afterEach(async () => {
    for (const p of proxies.splice(0)) await p.cut();
  });

  /** `esdh run` with the same options: the reference. */
  async function singleRun(cwd: string, options: string[]): Promise<string> {
    const out = join(cwd, 'single');
    const result = await esdh(['run', ...options, '--out', out, '--quiet'], cwd);
    expect(result.code, result.stderr).to.equal(0);
    return out;
  }

  function expectSameAsSingle(merged: string, single: string, expected = ['persons_v0_1.csv', 'vehicles_v0_1.ndjson', 'dataset_v0_1.json', 'README_SNAPSHOT_V0_1.md']): void {
    const files = readSnapshotFiles(single);
    expect(Object.keys(files)).to.include.members(expected);
    expect(readSnapshotFiles(merged)).to.deep.equal(files);
    const { merged_from: _m, ...rest } = manifestWithoutRun(merged) as ReturnType<typeof manifestWithoutRun> & { merged_from: unknown };
    expect(rest).to.deep.equal(manifestWithoutRun(single));
  }

  it('two worker processes make the single run\'s snapshot byte for byte; a resubmit adds no job and says so', async () => {
    const cwd = tempDir();
    const prefix = redis.prefix('two');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    workers.start([...queue, ...STALL], cwd);
    workers.start([...queue, ...STALL], cwd);
    const out = join(cwd, 'run');
    const submitted = await esdh(['cluster', 'submit', ...queue, ...RUN, '--shards', '4', '--out', out, '--verify', 'full', '--wait'], cwd);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const runId = queuedRunId(submitted.stdout);
    expect(submitted.stdout).to.include('Merged and verified (full)');
    expectSameAsSingle(join(out, 'snapshot'), await singleRun(cwd, RUN));
    expect(tempFolders(join(out, 'shards'))).to.deep.equal([]);

    const status = await esdh(['cluster', 'status', runId, ...queue, '--json'], cwd);
    const json = JSON.parse(status.stdout) as StatusJson;
    expect(json.merge.state).to.equal('completed');
    expect(json.shards.map((s) => s.state)).to.deep.equal(['completed', 'completed', 'completed', 'completed']);
    expect(new Set(json.shards.map((s) => s.worker)).size, 'both workers took shards').to.be.at.least(1);

    const again = await esdh(['cluster', 'submit', ...queue, ...RUN, '--shards', '4', '--out', out], cwd);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`^Run ${runId} is complete already: .*\\(nothing was added\\)`));
    expect(await jobCount(redis.url, prefix, 'esdh'), 'four shard jobs, once').to.equal(4);
    expect(await jobCount(redis.url, prefix, 'esdh-merge'), 'one merge job, once').to.equal(1);
  });

  it('a resubmit while the run is queued adds nothing; a human-readable status shows each shard', async () => {
    const cwd = tempDir();
    const prefix = redis.prefix('resubmit');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    const out = join(cwd, 'run');
    const first = await esdh(['cluster', 'submit', ...queue, ...RUN, '--shards', '3', '--out', out], cwd);
    expect(first.code, first.stderr).to.equal(0);
    const runId = queuedRunId(first.stdout);
    const second = await esdh(['cluster', 'submit', ...queue, ...RUN, '--shards', '3', '--out', out], cwd);
    expect(second.stdout).to.include(`Run ${runId} is queued already (shards: 3 waiting): nothing was added`);
    const other = await esdh(['cluster', 'submit', ...queue, '--records', '302', '--seed', '11', '--shards', '3', '--out', out], cwd);
    expect(other.code).to.equal(2);
    expect(other.stderr).to.match(/^ESDH_ERR_CLUSTER_OUT_CONFLICT: '.*run' holds run [0-9a-f]{16} \(its cluster-run\.json\)/);
    const status = await esdh(['cluster', 'status', runId, ...queue], cwd);
    expect(status.stdout).to.include('shards: 3 waiting; merge: waiting');
    expect(status.stdout).to.match(/shard 2\/3 +waiting +0 +0/);
    const unknown = await esdh(['cluster', 'status', '0000000000000000', ...queue], cwd);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/^ESDH_ERR_CLUSTER_RUN_UNKNOWN: No run 0000000000000000 in queue 'esdh'/);
  });

  it('the merge follows the run: shards already done are appended while a later shard is still being made, and the result is the single run\'s', async () => {
    const cwd = slowProject(tempDir());
    const prefix = redis.prefix('follow');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    // 3 shards of 2,000 units at about 0.5 ms each: a shard takes about a second.
    const options = ['--records', '6000', '--seed', '5', '--entities', 'person,vehicle,pause', '--format', 'csv,ndjson'];
    const out = join(cwd, 'run');
    const submitted = await esdh(['cluster', 'submit', ...queue, ...options, '--shards', '3', '--out', out], cwd);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const runId = queuedRunId(submitted.stdout);
    workers.start([...queue, ...STALL], cwd);
    const shardCsv = (k: number) => join(out, 'shards', `shard-${k}-of-3`, 'persons_v0_1.csv');
    const q = new Queue('esdh', { connection: { url: redis.url }, prefix });
    try {
      // Shards 1 and 2 done, shard 3 not yet: the merged persons file (in the merge's temporary folder) holds both already.
      const seen = await waitFor('the merge to hold shards 1 and 2 while shard 3 runs', 60_000, async () => {
        if (!existsSync(shardCsv(2))) return undefined;
        const header = readFileSync(shardCsv(1), 'utf8').indexOf('\n') + 1;
        const expected = statSync(shardCsv(1)).size + statSync(shardCsv(2)).size - header;
        const temp = readdirSync(out).filter((n) => n.includes('.tmp-')).map((n) => join(out, n, 'persons_v0_1.csv')).find(existsSync);
        const size = temp ? statSync(temp).size : 0;
        const third = await q.getJobState(`${runId}-shard-3-of-3`);
        if (third === 'completed') throw new Error(`shard 3 completed before the merge had appended shards 1 and 2 (merged so far: ${size} of ${expected} bytes)`);
        return size === expected ? third : undefined;
      });
      expect(seen).to.equal('active');
    } finally {
      await q.close();
    }
    await waitFor('the merged snapshot', 60_000, () => (existsSync(join(out, 'snapshot')) ? true : undefined));
    expectSameAsSingle(join(out, 'snapshot'), await singleRun(cwd, options), ['persons_v0_1.csv', 'pauses_v0_1.ndjson', 'README_SNAPSHOT_V0_1.md']);
    expect(tempFolders(out)).to.deep.equal([]);
  });

  it('a shard that fails every attempt fails the merge that follows it: --wait names the shard\'s error, and nothing is left under --out but the run record', async () => {
    const cwd = projectWith(tempDir(), 'throws-on-generate.js');
    const prefix = redis.prefix('fails');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    workers.start([...queue, ...STALL], cwd);
    const out = join(cwd, 'run');
    const submitted = await esdh(['cluster', 'submit', ...queue, '--records', '40', '--seed', '3', '--entities', 'person,flaky', '--shards', '2', '--out', out, '--attempts', '1', '--wait'], cwd);
    expect(submitted.code, submitted.stderr).to.equal(1);
    expect(submitted.stderr).to.match(/^ESDH_ERR_CLUSTER_RUN_FAILED: Run [0-9a-f]{16} failed: shard 1: .*no sensor reading for this driver/m);
    const runId = queuedRunId(submitted.stdout);
    const status = await waitFor('the merge job to fail', 30_000, async () => {
      const json = JSON.parse((await esdh(['cluster', 'status', runId, ...queue, '--json'], cwd)).stdout) as StatusJson & { merge: { failedReason?: string } };
      return json.merge.state === 'failed' ? json : undefined;
    });
    expect(status.merge.failedReason).to.match(/shard 1\/2 failed: .*no sensor reading/);
    expect(existsSync(join(out, 'snapshot'))).to.equal(false);
    expect(tempFolders(out)).to.deep.equal([]);
    expect(tempFolders(join(out, 'shards'))).to.deep.equal([]);
  });

  it('a worker killed with SIGKILL mid-shard loses nothing: its job is taken again after the stall, its partial folder never reaches the result', async () => {
    const cwd = slowProject(tempDir());
    const prefix = redis.prefix('kill');
    const queue = ['--redis', redis.url, '--prefix', prefix];
    const options = ['--records', '2000', '--seed', '5', '--entities', 'person,vehicle,pause', '--format', 'csv,ndjson'];
    const out = join(cwd, 'run');
    const submitted = await esdh(['cluster', 'submit', ...queue, ...options, '--shards', '2', '--out', out], cwd);
    expect(submitted.code, submitted.stderr).to.equal(0);
    const runId = queuedRunId(submitted.stdout);
    const doomed = workers.start([...queue, ...STALL], cwd);
    const shards = join(out, 'shards');
    // Mid-shard: the attempt's temporary folder is there (its files are flushed into it as it goes).
    const partial = await waitFor('a shard attempt under way', 60_000, () => {
      if (doomed.child.exitCode !== null) throw new Error(`the worker exited: ${doomed.stderr()}`);
      return tempFolders(shards)[0];
    }, () => doomed.stderr());
    doomed.child.kill('SIGKILL');
    const [, signal] = await doomed.exited;
    expect(signal).to.equal('SIGKILL');
    expect(existsSync(join(shards, partial)), 'the dead attempt left its partial folder').to.equal(true);
    workers.start([...queue, ...STALL], cwd);
    const waited = await esdh(['cluster', 'submit', ...queue, ...options, '--shards', '2', '--out', out, '--wait'], cwd);
    expect(waited.code, waited.stderr).to.equal(0);
    expect(waited.stdout).to.include(`Run ${runId} is queued already`);
    expectSameAsSingle(join(out, 'snapshot'), await singleRun(cwd, options), ['persons_v0_1.csv', 'pauses_v0_1.ndjson', 'README_SNAPSHOT_V0_1.md']);
    expect(tempFolders(shards), 'the dead attempt\'s folder was removed').to.deep.equal([]);
    const json = JSON.parse((await esdh(['cluster', 'status', runId, ...queue, '--json'], cwd)).stdout) as StatusJson;
    const retried = json.shards.filter((s) => s.attemptsStarted > 1 || s.stalledCounter > 0);
    // The killed attempt's shard; when the kill came just after a shard's rename and before the queue heard of it, that one
    // is put back too, and its folder is verified and kept (result.reused).
    expect(retried.length, JSON.stringify(json.shards)).to.be.at.least(1);
    expect(retried.every((s) => s.stalledCounter >= 1)).to.equal(true);
    expect(json.shards.every((s) => s.state === 'completed')).to.equal(true);
  });

  it('a wrong Redis URL is one clear line, and nothing is written', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'run');
    const scheme = await esdh(['cluster', 'submit', '--redis', 'http://127.0.0.1:6379', '--shards', '2', '--out', out], cwd);
    expect(scheme.code).to.equal(2);
    expect(scheme.stderr).to.equal('ESDH_ERR_CLUSTER_REDIS_URL: Redis URL http://127.0.0.1:6379 cannot be used: its scheme is http://, not redis:// or rediss://. Accepted: redis://[user:password@]host[:port][/db] or rediss:// for TLS (e.g. redis://127.0.0.1:6379)\n');
    const proxy = await startTcpProxy('127.0.0.1', 9);
    await proxy.cut();
    const nobody = `redis://:secret@127.0.0.1:${proxy.port}`;
    for (const argv of [
      ['cluster', 'submit', '--redis', nobody, '--redis-timeout', '600', '--shards', '2', '--out', out],
      ['cluster', 'worker', '--redis', nobody, '--redis-timeout', '600'],
      ['cluster', 'status', 'abc', '--redis', nobody, '--redis-timeout', '600'],
    ]) {
      const result = await esdh(argv, cwd);
      expect(result.code, argv[1]).to.equal(1);
      expect(result.stderr).to.match(new RegExp(`^ESDH_ERR_CLUSTER_UNREACHABLE: No Redis answered at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${proxy.port} within 600 ms \\(.*ECONNREFUSED.*\\): .*nothing was queued or taken\\n$`));
      expect(result.stderr).to.not.include('secret');
    }
    expect(existsSync(out), 'no folder for a run that was not queued').to.equal(false);
    expect((await esdh(['cluster', 'submit', '--shards', '2', '--out', out], cwd)).stderr).to.match(/^ESDH_ERR_CLUSTER_REDIS_URL: .*no --redis URL was given/);
  });

  it('Redis going away mid-run: the worker and submit --wait stop with ESDH_ERR_CLUSTER_CONNECTION_LOST, nothing half-written stays', async () => {
    const cwd = slowProject(tempDir());
    const prefix = redis.prefix('lost');
    const target = new URL(redis.url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    proxies.push(proxy);
    const viaProxy = new URL(redis.url);
    viaProxy.port = String(proxy.port);
    const queue = ['--redis', viaProxy.toString(), '--prefix', prefix, '--redis-timeout', '1500'];
    const options = ['--records', '3000', '--seed', '5', '--entities', 'person,pause', '--format', 'ndjson'];
    const out = join(cwd, 'run');
    const worker = workers.start([...queue, ...STALL], cwd);
    const waiting = workers.spawnEsdh(['cluster', 'submit', ...queue, ...options, '--shards', '2', '--out', out, '--wait'], cwd);
    const shards = join(out, 'shards');
    await waitFor('a shard attempt under way', 60_000, () => {
      if (worker.child.exitCode !== null) throw new Error(`the worker exited: ${worker.stderr()}`);
      return tempFolders(shards)[0];
    }, () => `worker: ${worker.stderr()}\nsubmit: ${waiting.stderr()}`);
    await proxy.cut();
    await waitFor('the worker to exit', 20_000, () => (worker.child.exitCode !== null ? true : undefined), () => `worker: ${worker.stderr()}\nsubmit: ${waiting.stderr()}`);
    const [code] = await worker.exited;
    expect(code, worker.stderr()).to.equal(1);
    expect(worker.stderr()).to.match(/\nESDH_ERR_CLUSTER_CONNECTION_LOST: The connection to Redis at redis:\/\/127\.0\.0\.1:\d+\/? was lost and did not come back within 1500 ms \(.*\): this worker stopped its jobs/);
    expect(worker.stderr()).to.not.match(/\n\s+at /, 'no stack trace');
    const [submitCode] = await waiting.exited;
    expect(submitCode, waiting.stderr()).to.equal(1);
    expect(waiting.stderr()).to.match(/^ESDH_ERR_CLUSTER_CONNECTION_LOST: /m);
    expect(tempFolders(shards), 'the aborted attempt removed its folder').to.deep.equal([]);
    expect(existsSync(join(out, 'snapshot'))).to.equal(false);
  });
});
