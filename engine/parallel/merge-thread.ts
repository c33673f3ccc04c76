/**
 * `mergeAsTheyCome` in a thread of its own: the thread asks for each shard
 * in turn, this thread answers from the source once the shard is complete,
 * and the thread merges it (reading, checking and writing the bytes on
 * another core than the one that makes the next shard). The result, or the
 * first error (the source's own, or the thread's as the same EsdhError),
 * comes back when the thread has ended, so nothing of it runs on after.
 */
import { Worker } from 'node:worker_threads';
import { esdhError } from '../contracts/errors.js';
import type { MergeOptions, MergeResult, ShardSource } from '../snapshot/merge.js';
import type { FromMergeThread, MergeThreadInit, ToMergeThread } from './merge-protocol.js';
import type { WorkerEngineOptions } from './protocol.js';
import { errorFromThread } from './thread-error.js';

const MERGE_WORKER_URL = new URL('./merge-worker.js', import.meta.url);
const THREAD = "'merge'";

export function mergeInThread(engine: WorkerEngineOptions, source: ShardSource, options: MergeOptions): Promise<MergeResult> {
  const init: MergeThreadInit = {
    engine,
    out: options.out,
    count: source.count,
    ...(options.signKey === undefined ? {} : { signKey: options.signKey }),
    ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
    ...(options.readBack ? { readBack: true } : {}),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(MERGE_WORKER_URL, { workerData: init });
    const waits = new AbortController();
    let failure: unknown;
    let result: MergeResult | undefined;
    const post = (message: ToMergeThread) => worker.postMessage(message);
    const stop = (error: unknown) => {
      failure ??= error;
      post({ type: 'abort' });
    };
    const onAbort = () => stop(options.signal!.reason ?? esdhError('ESDH_ERR_INTERRUPTED', 'an abort signal'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FromMergeThread) => {
      if (message.type === 'want') {
        source.shard(message.index, waits.signal).then((dir) => post({ type: 'shard', index: message.index, dir }), stop);
      } else if (message.type === 'progress') options.onProgress?.(message);
      else if (message.type === 'done') result = message.result;
      else failure ??= errorFromThread(THREAD, message);
    });
    worker.on('error', (error) => {
      failure ??= esdhError('ESDH_ERR_WORKER_FAILED', THREAD, error.message);
    });
    worker.on('exit', (code) => {
      waits.abort(esdhError('ESDH_ERR_INTERRUPTED', 'the merge ended'));
      options.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else if (result) resolve(result);
      else reject(esdhError('ESDH_ERR_WORKER_FAILED', THREAD, `it exited with code ${code} before it answered`));
    });
  });
}
