/**
 * Where a run's batches come from: the main thread itself (`workers: 1`) or
 * a pool of worker threads (`workers: N`). Either way the snapshot writer gets
 * batches in unit order and the data files are the same bytes.
 */
import type { CreateEngineOptions } from '../contracts/engine-options.js';
import type { EngineParts } from '../contracts/engine-parts.js';
import { esdhError } from '../contracts/errors.js';
import type { Exporter } from '../contracts/exporter.js';
import type { RunPlan } from '../generate/run-options.js';
import type { BatchProducer, ProducedBatch } from '../snapshot/write-snapshot.js';
import type { BatchMaker } from './batch-maker.js';
import { nextTurn } from '../lib/next-turn.js';
import { engineFingerprint } from './fingerprint.js';
import { workerBatches } from './pool.js';
import type { WorkerEngineOptions, WorkerInit } from './protocol.js';

/**
 * The most worker threads a run may ask for.
 * @example
 * MAX_WORKERS; // → 256
 */
export const MAX_WORKERS = 256;

/** Units per batch sent to a worker: fewer, larger messages than the in-process batches. */
export const WORKER_BATCH_UNITS = 1024;

/**
 * A whole number of worker threads, 1..MAX_WORKERS.
 * @example
 * checkWorkers(2); // → 2
 * checkWorkers(0); // throws ESDH_ERR_OPTION_INVALID: expected a whole number from 1 to 256
 */
export function checkWorkers(value: unknown, what = 'workers'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WORKERS) {
    throw esdhError('ESDH_ERR_OPTION_INVALID', what, JSON.stringify(value), `expected a whole number from 1 to ${MAX_WORKERS}, or auto for one per core`);
  }
  return value;
}

/**
 * Batches made in this thread, `batchUnits` units each, with a turn of the
 * event loop between two batches: without it the loop runs only when a file
 * is behind, so on a fast disk a whole run could pass without a timer
 * firing (a queue worker's job lock not renewed, the merge following the run
 * not told a shard is done, a signal handled late).
 */
export function inProcessBatches(maker: BatchMaker, batchUnits: number): BatchProducer {
  return async function* (start, end): AsyncGenerator<ProducedBatch> {
    for (let first = start; first < end; first += batchUnits) {
      if (first > start) await nextTurn();
      yield maker.make(first, Math.min(end, first + batchUnits));
    }
  };
}

/**
 * Batches made by `workers` threads: this one (through `local`) and
 * `workers - 1` worker threads, each building its engine from `origin` (the
 * options the main engine was made with). Exporters with an encoder are
 * encoded where the batch is made; the others get records.
 */
export function workerProducer(engine: EngineParts, origin: CreateEngineOptions, plan: RunPlan, exporters: readonly Exporter[], workers: number, local: BatchMaker): BatchProducer {
  if (!threadsCanRebuild(origin)) {
    throw esdhError('ESDH_ERR_OPTION_INVALID', 'workers', String(workers),
      'this engine was given plugins or exporters as objects, which worker threads cannot load: list plugin modules in the config `plugins`, or run with 1 worker');
  }
  const init = workerInit(engine, origin, plan, exporters);
  // `workers` generating threads: this one and workers - 1 worker threads.
  return (start, end) => workerBatches({ workers: workers - 1, local, init, batchUnits: WORKER_BATCH_UNITS }, start, end);
}

/** What each worker thread is started with: data only (options, plan, exporter names, fingerprint). */
export function workerInit(engine: EngineParts, origin: CreateEngineOptions, plan: Pick<RunPlan, 'seed' | 'asOf' | 'entities' | 'distributions'> & Partial<Pick<RunPlan, 'where'>>, exporters: readonly Exporter[]): WorkerInit {
  const engineOptions = threadEngineOptions(origin);
  const encode = exporters.map((e) => (e.encoder ? e.name : null));
  return {
    engine: engineOptions,
    plan: { seed: plan.seed, asOf: plan.asOf, entities: [...plan.entities], distributions: plan.distributions, ...(plan.where && plan.where.length > 0 ? { where: plan.where } : {}) },
    encode,
    sendRecords: encode.includes(null),
    fingerprint: engineFingerprint(engine, plan.entities),
  };
}

/** The options a thread builds its engine from: `origin`'s data (config path, overrides, folders, env), without its objects. */
export function threadEngineOptions(origin: CreateEngineOptions): WorkerEngineOptions {
  // Targets are objects too, and a worker never loads: they stay in this thread.
  const { plugins: _plugins, exporters: _exporters, targets: _targets, ...rest } = origin;
  return { ...rest, env: { ...(origin.env ?? process.env) } };
}

/** True when threads can build an engine like the one made from `origin` (no plugin or exporter passed as an object). */
export function threadsCanRebuild(origin: CreateEngineOptions): boolean {
  return (origin.plugins?.length ?? 0) === 0 && (origin.exporters?.length ?? 0) === 0;
}
