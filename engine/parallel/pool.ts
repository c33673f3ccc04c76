/**
 * The main thread's side of `--workers N`: N generating threads, the main
 * thread and N-1 worker threads. Batch ranges go to the workers first (two
 * each: one being made, one queued); whenever the main thread has nothing to
 * write in order, it makes the next batch itself, so it is never idle and
 * the workers' start-up (building an engine, ~0.3 s) is hidden. Results are
 * yielded strictly in unit order; at most `window` batches are out (made or
 * being made, not yet written), so memory stays flat however far one thread
 * runs ahead of another.
 */
import { Worker } from 'node:worker_threads';
import { adoptBytes } from '../lib/byte-pool.js';
import { esdhError } from '../contracts/errors.js';
import type { ProducedBatch } from '../snapshot/write-snapshot.js';
import type { BatchMaker } from './batch-maker.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { errorFromThread } from './thread-error.js';

export interface WorkerPoolOptions {
  /** Worker threads to start (the main thread makes batches too, through `local`). */
  readonly workers: number;
  /** The main thread's own batch maker. */
  readonly local: BatchMaker;
  readonly init: WorkerInit;
  /** Units per batch. */
  readonly batchUnits: number;
  /** Batches in flight per worker (default 2: one being made, one queued). */
  readonly depth?: number;
  /** Whether the main thread makes batches while it would wait (default true; tests turn it off to see workers do all). */
  readonly mainGenerates?: boolean;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Batches of units [start, end) made by worker threads, in unit order. */
export async function* workerBatches(options: WorkerPoolOptions, start: number, end: number): AsyncGenerator<ProducedBatch> {
  const total = Math.ceil((end - start) / options.batchUnits);
  if (total === 0) return;
  const mainGenerates = options.mainGenerates ?? true;
  const count = mainGenerates ? Math.max(0, Math.min(options.workers, total - 1)) : Math.max(1, Math.min(options.workers, total));
  const depth = options.depth ?? 2;
  const window = count * depth + count + 2;

  const results = new Map<number, ProducedBatch>();
  const load = new Array<number>(count).fill(0);
  const ready = new Array<boolean>(count).fill(false);
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const waitForNews = () => new Promise<void>((resolve) => (wake = resolve));

  // Buffers each worker sent, written and given back: they return with its next batch request.
  const returned: ArrayBuffer[][] = Array.from({ length: count }, () => []);
  const workers = Array.from({ length: count }, (_, index) => {
    const init: WorkerInit = { ...options.init, thread: index + 1 };
    const worker = new Worker(WORKER_URL, { workerData: init });
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') ready[index] = true;
      else if (message.type === 'batch') {
        load[index]!--;
        const giveBack = (buffer: ArrayBuffer) => returned[index]!.push(buffer);
        for (const streams of message.encoded) for (const chunk of streams ?? []) adoptBytes(chunk, giveBack);
        results.set(message.id, { units: message.units, counts: message.counts, records: message.records, encoded: message.encoded.map((e) => e ?? undefined) });
      } else failure ??= errorFromThread(index + 1, message);
      notify();
    });
    worker.on('error', (error) => {
      failure ??= esdhError('ESDH_ERR_WORKER_FAILED', index + 1, error.message);
      notify();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure ??= esdhError('ESDH_ERR_WORKER_FAILED', index + 1, `exited with code ${code}`);
      notify();
    });
    return worker;
  });

  let nextToSend = 0;
  let nextToYield = 0;
  const range = (id: number) => {
    const first = start + id * options.batchUnits;
    return { first, last: Math.min(end, first + options.batchUnits) };
  };
  const dispatch = () => {
    while (nextToSend < total && nextToSend - nextToYield < window) {
      // The least loaded ready worker takes the next batch, up to `depth` each.
      let best = -1;
      for (let w = 0; w < count; w++) if (ready[w] && load[w]! < depth && (best === -1 || load[w]! < load[best]!)) best = w;
      if (best === -1) return;
      const give = returned[best]!.splice(0);
      const message: ToWorker = { type: 'batch', id: nextToSend, ...range(nextToSend), returned: give };
      workers[best]!.postMessage(message, give);
      load[best]!++;
      nextToSend++;
    }
  };

  try {
    while (nextToYield < total) {
      if (failure) throw failure;
      dispatch();
      const batch = results.get(nextToYield);
      if (batch) {
        results.delete(nextToYield);
        nextToYield++;
        yield batch;
        continue;
      }
      if (mainGenerates && nextToSend < total && nextToSend - nextToYield < window) {
        // Nothing to write yet: make the next batch here instead of waiting,
        // then let the event loop deliver worker messages and write completions.
        const id = nextToSend++;
        const { first, last } = range(id);
        results.set(id, options.local.make(first, last));
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await waitForNews();
    }
  } finally {
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

