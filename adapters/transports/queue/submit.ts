/**
 * Queue a run: one job per shard on the queue, and the run's last job on
 * `<queue>-merge`: with --out the merge job, queued at once (it appends each
 * shard as soon as it and every shard before it are done); with --to the
 * swap job, the parent of the shard jobs in one BullMQ flow (it starts once
 * every shard is staged). Every job id is derived from the run, so a second
 * submit of the same run adds nothing (and says what the queue holds). A run
 * that failed is queued again: its failed jobs are removed and the jobs added
 * anew; shard folders already finished are reused by the workers.
 * With `to` (a database) instead of `out`: the URL, schema and --if-exists are
 * checked and the server asked before anything is queued, and with
 * --if-exists fail a table of the run already in the schema refuses the run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FlowProducer, type Job, type Queue } from 'bullmq';
import { ENGINE_VERSION, esdhError, EsdhError, type Engine, type RunPlan } from '../../../engine/index.js';
import { checkTablesFree } from '../../exporters/postgres/index.js';
import { bullClients, checkReachable, shutDown, within } from './connection.js';
import { destinationKey, mergeJobId, planHash, requestOf, RUN_RECORD_FILE, runIdOf, shardFolderName, shardJobId, shardsDir, snapshotDir, type DbDestination, type MergeJobData, type RunRecord, type ShardJobData } from './cluster-run.js';
import type { QueueTarget } from './queue-options.js';
import { openRunQueues } from './run-queues.js';
import type { VerifyMode } from './check-snapshot.js';

export interface SubmitOptions {
  readonly target: QueueTarget;
  readonly plan: RunPlan;
  readonly shards: number;
  /** The run's folder, absolute, on storage every worker sees at the same path (or `to`). */
  readonly out?: string;
  /** The database the run's rows go into instead (or `out`). */
  readonly to?: DbDestination;
  /** Attempts per shard job (a failed attempt, not a stall). */
  readonly attempts: number;
  /** How the merge job checks the merged snapshot (default checksums). */
  readonly verify?: VerifyMode;
}

export interface SubmitResult {
  readonly runId: string;
  /** `queued`: added now; `requeued`: it had failed, queued again; `exists`: already queued or running; `complete`: already done. */
  readonly outcome: 'queued' | 'requeued' | 'exists' | 'complete';
  /** Shard jobs by state, for `exists`. */
  readonly states: Readonly<Record<string, number>>;
  readonly out?: string;
  readonly to?: DbDestination;
}

/** Refuse an --out that holds anything but this run. */
function checkOut(out: string, record: RunRecord): void {
  if (!existsSync(out)) return;
  const recordPath = join(out, RUN_RECORD_FILE);
  if (existsSync(recordPath)) {
    let found: Partial<RunRecord> = {};
    try {
      found = JSON.parse(readFileSync(recordPath, 'utf8'));
    } catch {
      throw esdhError('ESDH_ERR_CLUSTER_OUT_CONFLICT', out, `a ${RUN_RECORD_FILE} that is not JSON`, record.run_id);
    }
    if (found.run_id !== record.run_id) throw esdhError('ESDH_ERR_CLUSTER_OUT_CONFLICT', out, `run ${String(found.run_id)} (its ${RUN_RECORD_FILE})`, record.run_id);
    return;
  }
  const names = readdirSync(out).filter((n) => !n.startsWith('.'));
  if (names.length > 0) throw esdhError('ESDH_ERR_CLUSTER_OUT_CONFLICT', out, `files esdh did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`, record.run_id);
}

async function writeRecord(out: string, record: RunRecord): Promise<void> {
  await mkdir(shardsDir(out), { recursive: true });
  const path = join(out, RUN_RECORD_FILE);
  if (existsSync(path)) return;
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, JSON.stringify(record, null, 2) + '\n');
  await rename(temp, path);
}

/** Queue the run (or find it queued); see the module comment. */
export async function submitRun(engine: Engine, options: SubmitOptions): Promise<SubmitResult> {
  const { target, plan, shards, out, to } = options;
  if ((out === undefined) === (to === undefined)) throw esdhError('ESDH_ERR_USAGE', 'a cluster run goes to --out <dir> or --to <url>: give one of them', 'cluster submit');
  const destination = to ? { to } : { out: out! };
  const hash = planHash(engine, plan);
  const runId = runIdOf(hash, shards, destinationKey(destination));
  const request = requestOf(plan);
  const record: RunRecord = { run_id: runId, plan_hash: hash, shards, request, esdh_version: ENGINE_VERSION, submitted_at: new Date().toISOString() };
  if (out !== undefined) checkOut(out, record);
  // The URL, the schema name, the mode and the credentials, before anything is queued.
  if (to) await engine.checkLoad({ to: to.url, namespace: to.schema, ifExists: to.ifExists });
  const taken = to?.ifExists === 'fail' ? await tablesTaken(engine, plan, to) : undefined;
  await checkReachable(target.redis, target.timeoutMs);
  if (out !== undefined) await writeRecord(out, record);
  const clients = bullClients(target.redis, target.timeoutMs);
  const { connection } = clients;
  const { shards: queue, merges } = openRunQueues(target, connection);
  const flows = new FlowProducer({ connection, prefix: target.prefix });
  flows.on('error', () => undefined);
  const lost = () => esdhError('ESDH_ERR_CLUSTER_CONNECTION_LOST', target.redis.display, String(target.timeoutMs), 'no answer', 'nothing more was queued');
  try {
    return await within((async (): Promise<SubmitResult> => {
      const existing = await merges.getJob(mergeJobId(runId));
      if (existing) {
        const state = await existing.getState();
        if (state === 'completed' && (out === undefined || existsSync(snapshotDir(out)))) return { runId, outcome: 'complete', states: await shardStates(queue, runId, shards), ...destination };
        if (state !== 'failed' && state !== 'completed') return { runId, outcome: 'exists', states: await shardStates(queue, runId, shards), ...destination };
        if (taken) throw taken;
        // Failed (or completed but its snapshot is gone): the same ids, queued again.
        // A finished shard is kept when its folder is there (a run to a database is staged again).
        for (let k = 1; k <= shards; k++) {
          const child = await queue.getJob(shardJobId(runId, k, shards));
          const keep = out !== undefined && existsSync(join(shardsDir(out), shardFolderName(k, shards)));
          if (child && (!keep || (await child.getState()) !== 'completed')) await child.remove().catch(() => undefined);
        }
        await existing.remove({ removeChildren: to !== undefined });
      } else if (taken) throw taken;
      const shardJobs = Array.from({ length: shards }, (_, i) => {
        const data: ShardJobData = { kind: 'shard', runId, planHash: hash, request, shard: { index: i + 1, count: shards }, ...destination, esdhVersion: ENGINE_VERSION };
        return {
          name: 'shard',
          queueName: target.queue,
          data,
          opts: { jobId: shardJobId(runId, i + 1, shards), attempts: options.attempts, backoff: { type: 'fixed', delay: 500 }, ...(to ? { failParentOnFailure: true } : {}) },
        };
      });
      const mergeData: MergeJobData = { kind: 'merge', runId, planHash: hash, request, shards, ...destination, esdhVersion: ENGINE_VERSION, verify: options.verify ?? 'checksums' };
      const mergeOpts = { jobId: mergeJobId(runId), attempts: options.attempts, backoff: { type: 'fixed', delay: 500 } };
      if (to) {
        await flows.add({ name: 'swap', queueName: merges.name, data: mergeData, opts: mergeOpts, children: shardJobs });
      } else {
        // The merge first, so a worker is following the run by the time its first shard is done.
        await merges.add('merge', mergeData, mergeOpts);
        await queue.addBulk(shardJobs.map(({ name, data, opts }) => ({ name, data, opts })));
      }
      return { runId, outcome: existing ? 'requeued' : 'queued', states: {}, ...destination };
    })(), target.timeoutMs * 3, lost);
  } finally {
    await shutDown(clients, [queue, merges, flows]);
  }
}

/**
 * With --if-exists fail: the error for a table of the run that is in the
 * schema already (ESDH_ERR_DB_TABLE_EXISTS), or undefined. Thrown only when
 * the run is to be queued: a finished run of this submit made those tables.
 */
async function tablesTaken(engine: Engine, plan: RunPlan, to: DbDestination): Promise<EsdhError | undefined> {
  try {
    await checkTablesFree(to.url, to.schema, engine.registry.order(plan.entities).map((p) => p.plural));
    return undefined;
  } catch (error) {
    if (error instanceof EsdhError && error.code === 'ESDH_ERR_DB_TABLE_EXISTS') return error;
    throw error;
  }
}

/** How many shard jobs are in each state. */
export async function shardStates(queue: Queue, runId: string, shards: number): Promise<Record<string, number>> {
  const states: Record<string, number> = {};
  for (let k = 1; k <= shards; k++) {
    const job: Job | undefined = await queue.getJob(shardJobId(runId, k, shards));
    const state = job ? await job.getState() : 'missing';
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}
