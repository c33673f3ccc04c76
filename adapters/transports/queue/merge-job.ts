/**
 * The merge job: BullMQ starts it only once every shard job completed. It
 * merges the finished shard folders (only those: dead attempts' temporary
 * folders are removed first) into a staging folder, checks the result
 * (checksums, or a full esdh verify with submit --verify full), and renames
 * it to <out>/snapshot. So <out>/snapshot exists only complete and checked.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { esdhError, type Engine } from '../../../engine/index.js';
import { shardFolderName, shardsDir, snapshotDir, type MergeJobData } from './cluster-run.js';
import { checkSnapshot, type VerifyMode } from './check-snapshot.js';
import { checkPlan, removeAttemptFolders } from './shard-job.js';

export interface MergeResult {
  readonly dir: string;
  readonly records: Readonly<Record<string, number>>;
  /** How it was checked before it was renamed into place. */
  readonly verified: VerifyMode;
  readonly reused: boolean;
  readonly ms: number;
}

const STAGING = '.snapshot.merging-';

export async function runMergeJob(engine: Engine, data: MergeJobData, options: { signal: AbortSignal }): Promise<MergeResult> {
  const started = Date.now();
  checkPlan(engine, data, 'merge');
  const out = data.out!;
  const parent = shardsDir(out);
  const final = snapshotDir(out);
  await removeAttemptFolders(parent);
  for (const entry of existsSync(out) ? readdirSync(out) : []) if (entry.startsWith(STAGING)) await rm(join(out, entry), { recursive: true, force: true });
  if (existsSync(final)) {
    const checked = await checkSnapshot(engine, final, data.verify);
    if ('manifest' in checked) return { dir: final, records: checked.manifest.record_counts, verified: data.verify, reused: true, ms: Date.now() - started };
    await rm(final, { recursive: true, force: true });
  }
  const dirs = Array.from({ length: data.shards }, (_, i) => join(parent, shardFolderName(i + 1, data.shards)));
  const missing = dirs.filter((d) => !existsSync(d));
  if (missing.length > 0) throw esdhError('ESDH_ERR_SHARD_COVERAGE', `the queue says every shard finished, but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not there: is --out on storage every worker shares at the same path?`);
  const staging = join(out, `${STAGING}${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    const merged = await engine.merge(dirs, { out: staging, signal: options.signal });
    const checked = await checkSnapshot(engine, staging, data.verify);
    if ('problem' in checked) throw esdhError('ESDH_ERR_CLUSTER_RUN_FAILED', data.runId, `the merged snapshot failed verification (${data.verify}): ${checked.problem}`);
    await rename(staging, final);
    return { dir: final, records: merged.manifest.record_counts, verified: data.verify, reused: false, ms: Date.now() - started };
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}
