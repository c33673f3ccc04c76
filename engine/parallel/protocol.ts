/**
 * Messages between the main thread and the generation workers of
 * `esdh run --workers N` (see pool.ts, worker.ts and DECISIONS_LOG D29).
 */
import type { Distributions } from '../contracts/config-types.js';
import type { CreateEngineOptions } from '../contracts/engine-options.js';
import type { BatchCounts, EncodedBatch, RecordBatch } from '../contracts/exporter.js';
import type { Where } from '../contracts/where.js';
import type { ThreadError } from './thread-error.js';

/** The part of CreateEngineOptions a worker can receive: data only, no plugin or exporter objects. */
export type WorkerEngineOptions = Omit<CreateEngineOptions, 'plugins' | 'exporters' | 'targets'>;

/** What a worker is started with (workerData). */
export interface WorkerInit {
  /** How to build an engine equivalent to the main thread's. */
  readonly engine: WorkerEngineOptions;
  /** What decides the data; `where`: the run's terms, parsed and checked in the main thread (plain data), post-checked again by each worker. */
  readonly plan: { readonly seed: number; readonly asOf: string; readonly entities: readonly string[]; readonly distributions: Distributions; readonly where?: Where };
  /** Exporters (by name, in the job's order) the worker encodes; null where the main thread needs records instead. */
  readonly encode: readonly (string | null)[];
  /** Whether to send the records too (some exporter has no encoder). */
  readonly sendRecords: boolean;
  /** The main engine's fingerprint: plugins, versions, schema hashes and the config that shapes data. */
  readonly fingerprint: string;
  /** Which worker thread this is (1-based), for its error messages; set by the pool. */
  readonly thread?: number;
}

/** Main → worker. */
export type ToWorker =
  | { readonly type: 'batch'; readonly id: number; readonly first: number; readonly last: number; readonly returned: readonly ArrayBuffer[] };

/** Worker → main. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly id: number; readonly units: number; readonly counts: BatchCounts; readonly encoded: readonly (EncodedBatch | null)[]; readonly records?: RecordBatch }
  | ThreadError;
