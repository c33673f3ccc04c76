/** A run's progress as the queue holds it: the merge job and each shard job, with attempts and stalls. */
import type { Queue } from 'bullmq';
import { esdhError } from '../../../engine/index.js';
import { bullClients, checkReachable, shutDown, within } from './connection.js';
import { destinationText, mergeJobId, shardJobId, type MergeJobData } from './cluster-run.js';
import { openRunQueues, type RunQueues } from './run-queues.js';
import type { QueueTarget } from './queue-options.js';

/** One job as `esdh cluster status` shows it. */
export interface JobStatus {
  readonly id: string;
  /** waiting, active, completed, failed, delayed, waiting-children, prioritized, or missing. */
  readonly state: string;
  /** Times a worker took the job (a stalled attempt counts). */
  readonly attemptsStarted: number;
  /** Attempts that ended (failed or completed). */
  readonly attemptsMade: number;
  /** Times the job was found stalled (its worker died or hung) and put back. */
  readonly stalledCounter: number;
  /** The worker that took it last (host:pid). */
  readonly worker?: string;
  readonly failedReason?: string;
  readonly result?: unknown;
}

export interface RunStatus {
  readonly runId: string;
  /** The run's folder (a run with --out). */
  readonly out?: string;
  /** With --to: the database (password hidden) and schema, e.g. `postgres://qa:***@db:5432/test, schema qa_7`. */
  readonly to?: string;
  readonly records: number;
  readonly merge: JobStatus;
  readonly shards: readonly (JobStatus & { readonly index: number })[];
}

/**
 * Job `id` of `queue`: its state read first, then the job. BullMQ sets a
 * failed job's state and failedReason in one script, so a job read after its
 * state holds the reason of the failure that state shows; read the other way
 * round, a job that fails in between showed "failed" without a reason.
 */
async function statusOf(queue: Queue, id: string): Promise<JobStatus> {
  const state = await queue.getJobState(id);
  const job = await queue.getJob(id);
  if (!job) return { id, state: 'missing', attemptsStarted: 0, attemptsMade: 0, stalledCounter: 0 };
  return {
    id,
    state,
    attemptsStarted: job.attemptsStarted ?? 0,
    attemptsMade: job.attemptsMade ?? 0,
    stalledCounter: job.stalledCounter ?? 0,
    ...(job.processedBy ? { worker: job.processedBy } : {}),
    ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    ...(job.returnvalue !== null && job.returnvalue !== undefined ? { result: job.returnvalue } : {}),
  };
}

/** Read a run's jobs from its open queues. */
export async function readRunStatus(queues: RunQueues, runId: string): Promise<RunStatus | undefined> {
  const queue = queues.shards;
  const merge = await queues.merges.getJob(mergeJobId(runId));
  if (!merge) return undefined;
  const data = merge.data as MergeJobData;
  const shards = [];
  for (let k = 1; k <= data.shards; k++) {
    const id = shardJobId(runId, k, data.shards);
    shards.push({ index: k, ...(await statusOf(queue, id)) });
  }
  return { runId, ...(data.to ? { to: destinationText(data) } : { out: data.out! }), records: data.request.records, merge: await statusOf(queues.merges, mergeJobId(runId)), shards };
}

/** Open the queue, read the run, close: ESDH_ERR_CLUSTER_RUN_UNKNOWN when the queue has no such run. */
export async function runStatus(target: QueueTarget, runId: string): Promise<RunStatus> {
  await checkReachable(target.redis, target.timeoutMs);
  const clients = bullClients(target.redis, target.timeoutMs);
  const queues = openRunQueues(target, clients.connection);
  try {
    const status = await within(readRunStatus(queues, runId), target.timeoutMs * 2, () => esdhError('ESDH_ERR_CLUSTER_CONNECTION_LOST', target.redis.display, String(target.timeoutMs), 'no answer', 'the status was not read'));
    if (!status) throw esdhError('ESDH_ERR_CLUSTER_RUN_UNKNOWN', runId, target.queue, target.redis.display);
    return status;
  } finally {
    await shutDown(clients, [queues.shards, queues.merges]);
  }
}
