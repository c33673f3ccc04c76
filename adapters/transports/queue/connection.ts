/**
 * Connections to Redis with clear errors: a first PING within the timeout
 * (else ESDH_ERR_CLUSTER_UNREACHABLE), and a watch that notices when Redis
 * stays away longer than the timeout (ESDH_ERR_CLUSTER_CONNECTION_LOST).
 * BullMQ's own clients retry for ever; the watch is what turns an outage
 * into an error a person (or a supervisor restarting the worker) sees.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { esdhError, type EsdhError } from '../../../engine/index.js';
import type { RedisTarget } from './redis-url.js';

/** Default for --redis-timeout: how long Redis may be away before a command gives up. */
export const DEFAULT_REDIS_TIMEOUT_MS = 10_000;

/**
 * BullMQ's clients for one command, and the switch that ends them: BullMQ
 * copies these options into every client it makes (a worker's blocking
 * client too), and ioredis asks `retryStrategy` before each reconnect, so
 * once `end()` is called no client reconnects, and none keeps the process
 * alive when Redis is gone.
 */
export interface BullClients {
  readonly connection: ConnectionOptions;
  end(): void;
}

/** Options for BullMQ's clients: reconnect every ≤ 1 s until `end()` (the watch decides when to give up). */
export function bullClients(target: RedisTarget, timeoutMs: number): BullClients {
  let ended = false;
  const connection = {
    url: target.url,
    connectTimeout: Math.min(timeoutMs, 10_000),
    retryStrategy: (times: number) => (ended ? null : Math.min(100 * times, 1000)),
    // BullMQ sets null itself for blocking clients; the others fail a command after a few reconnects.
    maxRetriesPerRequest: null,
  } as ConnectionOptions;
  return {
    connection,
    end() {
      ended = true;
    },
  };
}

function plainClient(target: RedisTarget, timeoutMs: number): Redis {
  const client = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: Math.min(timeoutMs, 10_000),
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(100 * times, 500),
    enableOfflineQueue: true,
  });
  client.on('error', () => undefined);
  return client;
}

/** Why a client is not connected, from its last error. */
function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  return e?.code && e.message && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : (e?.message ?? String(error));
}

/** Resolve or reject within `ms`, else reject with `onTimeout()`. */
export async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** PING Redis once: resolves when it answers, else ESDH_ERR_CLUSTER_UNREACHABLE. */
export async function checkReachable(target: RedisTarget, timeoutMs: number): Promise<void> {
  const client = plainClient(target, timeoutMs);
  let last: unknown = 'no answer';
  let done = false;
  client.on('error', (error) => (last = error));
  const unreachable = (why: unknown) => esdhError('ESDH_ERR_CLUSTER_UNREACHABLE', target.display, String(timeoutMs), reason(why));
  try {
    await within(
      (async () => {
        while (!done) {
          try {
            if (client.status === 'wait' || client.status === 'end') await client.connect();
            await client.ping();
            return;
          } catch (error) {
            last = error;
            if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(String(error))) throw unreachable(error);
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      })(),
      timeoutMs,
      () => unreachable(last),
    );
  } finally {
    done = true;
    client.disconnect();
  }
}

/** A running watch on a Redis connection; `stop()` ends it. */
export interface RedisWatch {
  stop(): void;
}

/**
 * PING every `timeoutMs / 5`; when no PING has succeeded for `timeoutMs`,
 * call `onLost` once with ESDH_ERR_CLUSTER_CONNECTION_LOST.
 */
export function watchRedis(target: RedisTarget, timeoutMs: number, doing: string, onLost: (error: EsdhError) => void): RedisWatch {
  const client = plainClient(target, timeoutMs);
  let last: unknown = 'no answer';
  client.on('error', (error) => (last = error));
  let lastOk = Date.now();
  let stopped = false;
  const every = Math.max(100, Math.floor(timeoutMs / 5));
  const tick = async () => {
    if (stopped) return;
    try {
      if (client.status === 'wait') await client.connect();
      await within(client.ping(), every, () => new Error('PING got no answer'));
      lastOk = Date.now();
    } catch (error) {
      last = error;
    }
    if (stopped) return;
    if (Date.now() - lastOk > timeoutMs) {
      stopped = true;
      client.disconnect();
      onLost(esdhError('ESDH_ERR_CLUSTER_CONNECTION_LOST', target.display, String(timeoutMs), reason(last), doing));
      return;
    }
    timer = setTimeout(tick, every);
  };
  let timer = setTimeout(tick, every);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      client.disconnect();
    },
  };
}

/** Wait for `promise` (its error ignored) at most `ms`: for closing clients that may never answer. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Close BullMQ queues/workers/flows of one command: no reconnects from now on, each close given `ms`, then disconnect. */
export async function shutDown(clients: BullClients, things: readonly { close(): Promise<unknown>; disconnect(): Promise<unknown> }[], ms = 1000): Promise<void> {
  clients.end();
  await settleWithin(Promise.allSettled(things.map((t) => t.close())), ms);
  await settleWithin(Promise.allSettled(things.map((t) => t.disconnect())), 500);
}
