/** A run's two queues: the shards' (`<queue>`) and the run's last jobs' (`<queue>-merge`). */
import { Queue, type ConnectionOptions } from 'bullmq';
import { mergeQueueName, type ClusterJobData } from './cluster-run.js';
import type { QueueTarget } from './queue-options.js';

/** A run's two queues, open: the shards' and the merges' (`<queue>-merge`). */
export interface RunQueues {
  readonly shards: Queue<ClusterJobData>;
  readonly merges: Queue<ClusterJobData>;
}

/** Open the shards' and the merges' queue of `target` on one connection (close them with shutDown). */
export function openRunQueues(target: QueueTarget, connection: ConnectionOptions): RunQueues {
  const shards = new Queue<ClusterJobData>(target.queue, { connection, prefix: target.prefix });
  const merges = new Queue<ClusterJobData>(mergeQueueName(target.queue), { connection, prefix: target.prefix });
  shards.on('error', () => undefined);
  merges.on('error', () => undefined);
  return { shards, merges };
}

