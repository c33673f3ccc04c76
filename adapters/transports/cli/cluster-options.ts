/** The options every `esdh cluster` subcommand shares: where the queue is, and what its lines say. */
import { esdhError } from '../../../engine/index.js';
import { DEFAULT_PREFIX, DEFAULT_QUEUE, DEFAULT_REDIS_TIMEOUT_MS, redisTarget, type QueueTarget, type RunStatus } from '../queue/index.js';
import { stringOption, type CliIO, type OptionSpec, type ParsedArgs } from './command.js';
import { table } from './format.js';

export const QUEUE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  redis: { type: 'string', value: 'url', help: 'the Redis server of the queue: redis://[user:password@]host:port[/db] or rediss:// (or $ESDH_REDIS_URL); the password is never printed' },
  queue: { type: 'string', value: 'name', help: `BullMQ queue name (default ${DEFAULT_QUEUE}); submit, workers and status must agree` },
  prefix: { type: 'string', value: 'prefix', help: `prefix of the queue's Redis keys (default ${DEFAULT_PREFIX})` },
  'redis-timeout': { type: 'string', value: 'ms', help: `how long Redis may be unreachable before the command stops with ESDH_ERR_CLUSTER_* (default ${DEFAULT_REDIS_TIMEOUT_MS})` },
};

/** `--to`, `--schema` and `--if-exists` of esdh cluster submit (fail or replace: the swap is all of the run's tables or none). */
export const CLUSTER_TO_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  to: { type: 'string', value: 'url', help: 'instead of --out: load the run into this database, postgres://user[:password]@host:port/db; each shard is staged in a schema of its own, the last job swaps them in in one transaction (password better from PGPASSWORD or ~/.pgpass on every worker: the URL travels in the job data)' },
  schema: { type: 'string', value: 'name', help: 'with --to: the database schema for the tables, created when missing (default public)' },
  'if-exists': { type: 'string', value: 'fail|replace', help: 'with --to, when a table of the run exists in the schema: fail and change nothing (default; also checked at submit) or replace it (dropped in the swap\'s transaction)' },
};

/** A positive whole-number option, or its default. */
export function countOption(args: ParsedArgs, name: string, fallback: number, min = 1): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) throw esdhError('ESDH_ERR_OPTION_INVALID', `--${name}`, JSON.stringify(value), `expected a whole number >= ${min}`);
  return Number(value);
}

/** Where the queue is, from the shared options. */
export function queueTarget(args: ParsedArgs, io: CliIO): QueueTarget {
  const name = (option: string, fallback: string) => {
    const value = stringOption(args, option) ?? fallback;
    if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw esdhError('ESDH_ERR_OPTION_INVALID', `--${option}`, JSON.stringify(value), 'letters, digits, _ . and - only (Redis keys are joined with :)');
    return value;
  };
  return {
    redis: redisTarget(stringOption(args, 'redis') ?? io.env.ESDH_REDIS_URL),
    queue: name('queue', DEFAULT_QUEUE),
    prefix: name('prefix', DEFAULT_PREFIX),
    timeoutMs: countOption(args, 'redis-timeout', DEFAULT_REDIS_TIMEOUT_MS, 100),
  };
}

/** The queue options as flags, for the lines that tell what to run next. */
export function queueFlags(target: QueueTarget): string {
  return [`--redis ${target.redis.display}`, target.queue !== DEFAULT_QUEUE ? `--queue ${target.queue}` : '', target.prefix !== DEFAULT_PREFIX ? `--prefix ${target.prefix}` : ''].filter(Boolean).join(' ');
}

/** A run's status as a table: the merge job, then each shard. */
export function statusTable(status: RunStatus): string {
  const row = (what: string, s: RunStatus['merge']) => [what, s.state, String(s.attemptsStarted), String(s.stalledCounter), s.worker ?? '', s.failedReason ? s.failedReason.slice(0, 160) : ''];
  return table([
    ['job', 'state', 'attempts', 'stalls', 'worker', 'reason'],
    ...status.shards.map((s) => row(`shard ${s.index}/${status.shards.length}`, s)),
    row(status.to ? 'count + swap' : 'merge + verify', status.merge),
  ]);
}

/** `3 completed, 1 active` */
export function stateCounts(status: RunStatus): string {
  const counts = new Map<string, number>();
  for (const s of status.shards) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}
