/**
 * A queue worker: takes shard jobs of any run from the queue (`concurrency`
 * at once) and, on a slot of its own, the runs' last jobs from
 * `<queue>-merge` (a merge follows its run while the shards are made, so it
 * must not take a shard's slot), and runs them with this machine's engine. Lost workers are BullMQ's stall
 * mechanism: a job's lock lasts `stallMs` and is renewed every stallMs/2
 * while the job runs; when a worker dies (kill -9, machine gone) its lock
 * expires, another worker's stall check (every stallMs) puts the job back
 * and a worker takes it again, up to `maxStalled` times; a job that throws
 * is retried up to its attempts. Redis away longer than the timeout: the
 * running jobs are aborted (their temporary folders removed) and `done`
 * rejects with ESDH_ERR_CLUSTER_CONNECTION_LOST.
 */
import { hostname } from 'node:os';
import { Worker, type Job, type Queue } from 'bullmq';
import { EsdhError, type Engine } from '../../../engine/index.js';
import { bullClients, checkReachable, shutDown, watchRedis } from './connection.js';
import { mergeQueueName, type ClusterJobData } from './cluster-run.js';
import { runMergeJob, type MergeResult } from './merge-job.js';
import type { QueueTarget } from './queue-options.js';
import { openRunQueues } from './run-queues.js';
import { runShardJob, type ShardResult } from './shard-job.js';
import { runStagedShardJob, type StagedShardResult } from './stage-shard-job.js';
import { runSwapJob, type SwapResult } from './swap-job.js';

type JobResult = ShardResult | MergeResult | StagedShardResult | SwapResult;

/** The job's work: a shard into a folder or a staging schema, the merge of the folders or the swap into the database. */
async function runJob(engine: Engine, job: Job<ClusterJobData>, signal: AbortSignal, threads: number, shards: Queue<ClusterJobData>): Promise<JobResult> {
  const { data } = job;
  if (data.kind === 'shard') return data.to ? runStagedShardJob(engine, data, { signal, threads }) : runShardJob(engine, data, { signal, threads });
  return data.to ? runSwapJob(engine, data, await job.getChildrenValues()) : runMergeJob(engine, data, { signal, shards });
}

export interface WorkerOptions {
  readonly target: QueueTarget;
  /** Jobs at once on this worker (default 1). */
  readonly concurrency: number;
  /** Lock duration and stall check interval, ms. */
  readonly stallMs: number;
  /** Times a job may stall before it fails. */
  readonly maxStalled: number;
  /** Threads engine.run uses per job (--workers of esdh run). */
  readonly threads: number;
  /** A line per job event (taken, done, failed). */
  readonly log: (line: string) => void;
}

export interface RunningWorker {
  /** The worker's name in status: host:pid. */
  readonly name: string;
  /** Resolves when `stop()` finished; rejects when Redis was lost. */
  readonly done: Promise<void>;
  /** Abort the running jobs (they are retried elsewhere) and close. */
  stop(): Promise<void>;
}

const label = (job: Job<ClusterJobData>) => (job.data.kind === 'shard' ? `run ${job.data.runId} shard ${job.data.shard.index}/${job.data.shard.count}` : `run ${job.data.runId} ${job.data.to ? 'swap' : 'merge'}`);

export async function startWorker(engine: Engine, options: WorkerOptions): Promise<RunningWorker> {
  const { target, log } = options;
  await checkReachable(target.redis, target.timeoutMs);
  const name = `${hostname()}:${process.pid}`;
  const running = new Set<AbortController>();
  const clients = bullClients(target.redis, target.timeoutMs);
  // The merge jobs read the shard jobs' states through this queue.
  const { shards } = openRunQueues(target, clients.connection);
  const processJob = async (job: Job<ClusterJobData>): Promise<JobResult> => {
    const controller = new AbortController();
    running.add(controller);
    log(`took ${label(job)} (attempt ${job.attemptsStarted}${job.stalledCounter ? `, after ${job.stalledCounter} stall${job.stalledCounter > 1 ? 's' : ''}` : ''})`);
    try {
      return await runJob(engine, job, controller.signal, options.threads, shards);
    } catch (error) {
      // Coded errors travel as their one line (failedReason), not a stack.
      if (error instanceof EsdhError) throw new Error(error.toLine());
      throw error;
    } finally {
      running.delete(controller);
    }
  };
  const workerOn = (queue: string, concurrency: number) => {
    const worker = new Worker<ClusterJobData, JobResult>(queue, processJob, {
      connection: clients.connection,
      prefix: target.prefix,
      concurrency,
      lockDuration: options.stallMs,
      stalledInterval: options.stallMs,
      maxStalledCount: options.maxStalled,
      name,
      autorun: false,
    });
    worker.on('error', () => undefined);
    worker.on('completed', (job, result) => log(`done ${label(job)}${(result as JobResult).reused ? ' (finished by an earlier attempt, verified, kept)' : ''} in ${(result as ShardResult).ms} ms`));
    worker.on('failed', (job, error) => job && log(`failed ${label(job)}: ${error.message}`));
    worker.on('stalled', (id) => log(`job ${id} stalled (its worker stopped renewing its lock): put back in the queue`));
    return worker;
  };
  const workers = [workerOn(target.queue, options.concurrency), workerOn(mergeQueueName(target.queue), 1)];

  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let closing: Promise<void> | undefined;
  const close = (error?: Error) =>
    (closing ??= (async () => {
      watch.stop();
      for (const c of running) c.abort(error ?? new Error('the worker was stopped'));
      // Jobs notice the abort within a batch; a worker cut off from Redis cannot close cleanly: give it a moment.
      await shutDown(clients, [...workers, shards], error ? 1000 : 10_000);
      if (error) settle.reject(error);
      else settle.resolve();
    })());
  const watch = watchRedis(target.redis, target.timeoutMs, 'this worker stopped its jobs (their temporary folders are removed) and exits', (error) => void close(error));
  for (const worker of workers) void worker.run().catch((error) => void close(error instanceof Error ? error : new Error(String(error))));
  return { name, done, stop: () => close() };
}
