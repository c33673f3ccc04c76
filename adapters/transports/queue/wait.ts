/** `esdh cluster submit --wait`: follow a run until its merge job completed (or the run failed). */
import { esdhError } from '../../../engine/index.js';
import { bullClients, shutDown, within } from './connection.js';
import type { QueueTarget } from './queue-options.js';
import { openRunQueues } from './run-queues.js';
import { readRunStatus, type RunStatus } from './status.js';

/** Why a failed run failed: the merge (or swap) job's reason and every failed shard's. */
export function failureOf(status: RunStatus): string | undefined {
  const shards = status.shards.filter((s) => s.state === 'failed').map((s) => `shard ${s.index}: ${s.failedReason ?? 'failed'}`);
  if (status.merge.state !== 'failed' && shards.length === 0) return undefined;
  if (shards.length > 0) return shards.join('; ');
  return `${status.to ? 'swap' : 'merge'}: ${status.merge.failedReason ?? 'failed'}`;
}

export async function waitForRun(target: QueueTarget, runId: string, options: { signal?: AbortSignal; pollMs?: number; onChange?: (status: RunStatus) => void }): Promise<RunStatus> {
  const clients = bullClients(target.redis, target.timeoutMs);
  const queues = openRunQueues(target, clients.connection);
  let last = '';
  try {
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? esdhError('ESDH_ERR_INTERRUPTED', 'an abort signal');
      const status = await within(readRunStatus(queues, runId), target.timeoutMs, () =>
        esdhError('ESDH_ERR_CLUSTER_CONNECTION_LOST', target.redis.display, String(target.timeoutMs), 'no answer', 'stopped waiting; the workers go on where Redis lets them, and esdh cluster status shows the run once Redis is back'),
      );
      if (!status) throw esdhError('ESDH_ERR_CLUSTER_RUN_UNKNOWN', runId, target.queue, target.redis.display);
      const key = JSON.stringify([status.merge.state, status.shards.map((s) => [s.state, s.attemptsStarted])]);
      if (key !== last) options.onChange?.(status);
      last = key;
      const failure = failureOf(status);
      if (failure) throw esdhError('ESDH_ERR_CLUSTER_RUN_FAILED', runId, failure);
      if (status.merge.state === 'completed') return status;
      await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
    }
  } finally {
    await shutDown(clients, [queues.shards, queues.merges]);
  }
}
