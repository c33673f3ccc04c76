/** Messages between `mergeInThread` (merge-thread.ts) and its thread (merge-worker.ts). */
import type { MergeResult } from '../snapshot/merge.js';
import type { KeyInput } from '../snapshot/signature.js';
import type { WorkerEngineOptions } from './protocol.js';
import type { ThreadError } from './thread-error.js';

/** What the merge thread is started with (workerData). */
export interface MergeThreadInit {
  /** How to build an engine equivalent to the main thread's. */
  readonly engine: WorkerEngineOptions;
  readonly out: string;
  readonly count: number;
  /** A PEM file's path or a KeyObject (KeyObjects cross threads). */
  readonly signKey?: KeyInput;
  readonly publicKey?: KeyInput;
  readonly readBack?: boolean;
}

/** Main → merge thread: shard `index` is complete in `dir`; or stop. */
export type ToMergeThread = { readonly type: 'shard'; readonly index: number; readonly dir: string } | { readonly type: 'abort' };

/** Merge thread → main: it waits for shard `index`; progress; the result; or the error it stopped with. */
export type FromMergeThread =
  | { readonly type: 'want'; readonly index: number }
  | { readonly type: 'progress'; readonly bytesDone: number; readonly bytesTotal: number }
  | { readonly type: 'done'; readonly result: MergeResult }
  | ThreadError;
