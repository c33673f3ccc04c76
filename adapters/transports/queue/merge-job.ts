/**
 * The merge job of a run with --out: queued with the shards and taken at
 * once by a worker's merge slot, it follows the run. Shard k is appended to
 * the merged files (in a staging folder) as soon as its job completed and
 * every shard before it is in (engine.mergeAsTheyCome), so the merge runs
 * while the later shards are made and little is left when the last one is
 * done. A shard job that failed for good fails the merge. The result is
 * checked (checksums: every data file read back from disk as it is written
 * and compared byte for byte with what was written; or a full esdh verify
 * with submit --verify full)
 * and renamed to <out>/snapshot: it exists only complete and checked. A merge
 * whose worker died starts again from the first shard on another worker.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { esdhError, type Engine, type ShardSource } from '../../../engine/index.js';
import { shardFolderName, shardJobId, shardsDir, snapshotDir, type ClusterJobData, type MergeJobData } from './cluster-run.js';
import { checkSnapshot, type VerifyMode } from './check-snapshot.js';
import { checkPlan } from './shard-job.js';

export interface MergeResult {
  readonly dir: string;
  readonly records: Readonly<Record<string, number>>;
  /** How it was checked before it was renamed into place. */
  readonly verified: VerifyMode;
  readonly reused: boolean;
  readonly ms: number;
}

export interface MergeJobOptions {
  readonly signal: AbortSignal;
  /** The queue of the run's shard jobs, whose states say when a shard is done. */
  readonly shards: Queue<ClusterJobData>;
  /** How often a shard's state is read while the merge waits for it (ms, default 100). */
  readonly pollMs?: number;
}

const STAGING = '.snapshot.merging-';

export async function runMergeJob(engine: Engine, data: MergeJobData, options: MergeJobOptions): Promise<MergeResult> {
  const started = Date.now();
  checkPlan(engine, data, 'merge');
  const out = data.out!;
  const final = snapshotDir(out);
  // Only one merge of a run runs at a time: folders of earlier attempts are dead.
  for (const entry of existsSync(out) ? readdirSync(out) : []) if (entry.startsWith(STAGING)) await rm(join(out, entry), { recursive: true, force: true });
  if (existsSync(final)) {
    const checked = await checkSnapshot(engine, final, data.verify);
    if ('manifest' in checked) return { dir: final, records: checked.manifest.record_counts, verified: data.verify, reused: true, ms: Date.now() - started };
    await rm(final, { recursive: true, force: true });
  }
  const staging = join(out, `${STAGING}${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    // `checksums` is checked as the merge writes: every data file is read back and compared with the bytes written (ESDH_ERR_OUTPUT_UNWRITABLE).
    const merged = await engine.mergeAsTheyCome(finishedShards(data, options), { out: staging, signal: options.signal, thread: true, readBack: data.verify === 'checksums' });
    const checked = data.verify === 'checksums' ? { manifest: merged.manifest } : await checkSnapshot(engine, staging, data.verify);
    if ('problem' in checked) throw esdhError('ESDH_ERR_CLUSTER_RUN_FAILED', data.runId, `the merged snapshot failed verification (${data.verify}): ${checked.problem}`);
    await rename(staging, final);
    return { dir: final, records: merged.manifest.record_counts, verified: data.verify, reused: false, ms: Date.now() - started };
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The run's shard folders, each once its shard job completed (read from the queue every pollMs). */
function finishedShards(data: MergeJobData, options: MergeJobOptions): ShardSource {
  const parent = shardsDir(data.out!);
  return {
    count: data.shards,
    async shard(index, signal) {
      const id = shardJobId(data.runId, index, data.shards);
      for (;;) {
        const state = await options.shards.getJobState(id);
        if (state === 'completed') break;
        if (state === 'failed') {
          const job = await options.shards.getJob(id);
          throw esdhError('ESDH_ERR_CLUSTER_RUN_FAILED', data.runId, `shard ${index}/${data.shards} failed: ${job?.failedReason ?? 'see esdh cluster status'}`);
        }
        if (state === 'unknown') throw esdhError('ESDH_ERR_CLUSTER_RUN_FAILED', data.runId, `the queue holds no job for shard ${index}/${data.shards} (${id}): submit the run again`);
        await sleep(options.pollMs ?? 100, undefined, { signal }).catch(() => {
          throw signal.reason ?? esdhError('ESDH_ERR_INTERRUPTED', 'an abort signal');
        });
      }
      const dir = join(parent, shardFolderName(index, data.shards));
      if (!existsSync(dir)) throw esdhError('ESDH_ERR_SHARD_COVERAGE', `the queue says shard ${index}/${data.shards} finished, but ${dir} is not there: is --out on storage every worker shares at the same path?`);
      return dir;
    },
  };
}
