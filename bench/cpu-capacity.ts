/**
 * How much two threads get done on this machine compared with one: the same
 * fixed integer loop, first alone, then in two worker threads at once.
 * (each in a worker thread, so both cases run the same way).
 * Prints JSON {one_ms, two_ms, capacity}; capacity 2.0 means two full cores,
 * 1.0 means the second thread adds nothing (shared or throttled vCPUs). The
 * bench reports it next to the --workers ratio, which cannot exceed it.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const ITERATIONS = 400_000_000;

function spin(): number {
  let x = 0;
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) x = (x + Math.imul(i, 7)) | 0;
  const ms = performance.now() - started;
  return x === 42 ? -ms : ms;
}

/** Wall time for `threads` worker threads each doing the same work (a warm-up and a measured loop). */
async function wall(threads: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url));
    worker.on('message', resolve);
    worker.on('error', reject);
  })));
  return performance.now() - started;
}

if (isMainThread) {
  // Best of three each, interleaved: a shared machine's hiccups inflate single trials.
  let one = Infinity;
  let two = Infinity;
  for (let trial = 0; trial < 3; trial++) {
    one = Math.min(one, await wall(1));
    two = Math.min(two, await wall(2));
  }
  process.stdout.write(JSON.stringify({ one_ms: Math.round(one), two_ms: Math.round(two), capacity: Number(((2 * one) / two).toFixed(2)) }) + '\n');
} else {
  spin();
  parentPort!.postMessage(spin());
}
