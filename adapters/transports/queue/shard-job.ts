/**
 * One shard job on a worker: the shard snapshot is written by engine.run,
 * which builds it in a temporary folder beside its destination and renames
 * it into place only when it is complete, so a killed attempt leaves at most
 * a temporary folder, never a shard folder. Before it starts, the attempt
 * removes the temporary folders earlier attempts of this shard left (the job
 * is locked to this worker, so they are dead); a shard folder a previous
 * attempt finished (it died before telling the queue) is checked against its
 * manifest's checksums and kept (the merge checks every shard file again).
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { esdhError, type Engine } from '../../../engine/index.js';
import { checkSnapshot } from './check-snapshot.js';
import { planFacts, planHash, shardFolderName, shardsDir, type MergeJobData, type ShardJobData } from './cluster-run.js';

/** What a finished shard job returns (kept in Redis, shown by status). */
export interface ShardResult {
  readonly dir: string;
  readonly units: number;
  readonly reused: boolean;
  readonly ms: number;
}

/** Refuse to work on a run this engine would make other data for. */
export function checkPlan(engine: Engine, data: ShardJobData | MergeJobData, what: string): void {
  const plan = engine.plan({ ...data.request, randomize: false });
  if (planHash(engine, plan) === data.planHash) return;
  const mine = planFacts(engine, plan);
  // Which field differs cannot be told from a hash; name the likely ones that this engine resolves.
  const field = data.esdhVersion !== mine['esdh version'] ? 'esdh version' : 'config (distributions, dataset version, marker, validation or plugins)';
  const here = field === 'esdh version' ? String(mine['esdh version']) : 'another value';
  const there = field === 'esdh version' ? data.esdhVersion : 'the submit\'s';
  throw esdhError('ESDH_ERR_CLUSTER_PLAN_MISMATCH', data.runId, field, here, there, what, data.esdhVersion);
}

/** Remove the `.<name>.tmp-*` folders (dead attempts of the shard folder `name`) in `parent`. */
async function removeAttemptFolders(parent: string, name: string): Promise<void> {
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of names) if (entry.startsWith(`.${name}.tmp-`)) await rm(join(parent, entry), { recursive: true, force: true });
}

export async function runShardJob(engine: Engine, data: ShardJobData, options: { signal: AbortSignal; threads: number }): Promise<ShardResult> {
  const started = Date.now();
  checkPlan(engine, data, `${data.shard.index}/${data.shard.count}`);
  const parent = shardsDir(data.out!);
  const name = shardFolderName(data.shard.index, data.shard.count);
  const dir = join(parent, name);
  await mkdir(parent, { recursive: true });
  await removeAttemptFolders(parent, name);
  if (existsSync(dir)) {
    const checked = await checkSnapshot(engine, dir, 'checksums');
    if ('manifest' in checked && checked.manifest.shard?.index === data.shard.index && checked.manifest.shard.count === data.shard.count) return { dir, units: checked.manifest.units, reused: true, ms: Date.now() - started };
    await rm(dir, { recursive: true, force: true });
  }
  const result = await engine.run({ ...data.request, randomize: false, shard: data.shard, out: dir, signal: options.signal, workers: options.threads });
  return { dir: result.dir, units: result.manifest.units, reused: false, ms: Date.now() - started };
}
