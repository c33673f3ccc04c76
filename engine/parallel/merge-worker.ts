/**
 * The merge thread of `mergeInThread`: builds an engine equivalent to the
 * main thread's from the same options and merges the shards as the main
 * thread says they are complete, so hashing and copying the shards' bytes
 * take another core than the one making them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { composeEngine } from '../compose/compose-engine.js';
import { esdhError } from '../contracts/errors.js';
import type { FromMergeThread, MergeThreadInit, ToMergeThread } from './merge-protocol.js';
import { postError } from './thread-error.js';

const port = parentPort!;
const init = workerData as MergeThreadInit;
const send = (message: FromMergeThread) => port.postMessage(message);
const waiting = new Map<number, (dir: string) => void>();
const stop = new AbortController();

port.on('message', (message: ToMergeThread) => {
  if (message.type === 'shard') waiting.get(message.index)?.(message.dir);
  else stop.abort(esdhError('ESDH_ERR_INTERRUPTED', 'the merge was stopped'));
});

try {
  const engine = await composeEngine(init.engine);
  const shard = (index: number, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      waiting.set(index, (dir) => {
        waiting.delete(index);
        resolve(dir);
      });
      send({ type: 'want', index });
    });
  const result = await engine.mergeAsTheyCome({ count: init.count, shard }, {
    out: init.out,
    signal: stop.signal,
    ...(init.signKey === undefined ? {} : { signKey: init.signKey }),
    ...(init.publicKey === undefined ? {} : { publicKey: init.publicKey }),
    ...(init.readBack ? { readBack: true } : {}),
    onProgress: (progress) => send({ type: 'progress', ...progress }),
  });
  send({ type: 'done', result });
} catch (error) {
  postError(port, error);
} finally {
  port.close();
}
