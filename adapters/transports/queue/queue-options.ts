/** Where a run's jobs live: the Redis server, the queue's name and key prefix, how long Redis may be away. */
import type { RedisTarget } from './redis-url.js';

export interface QueueTarget {
  readonly redis: RedisTarget;
  /** BullMQ queue name (default `esdh`). */
  readonly queue: string;
  /** Prefix of every Redis key of the queue (default `esdh`). */
  readonly prefix: string;
  /** How long Redis may be unreachable before a command gives up (ms). */
  readonly timeoutMs: number;
}

export const DEFAULT_QUEUE = 'esdh';
export const DEFAULT_PREFIX = 'esdh';
