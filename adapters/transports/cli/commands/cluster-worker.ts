import { startWorker } from '../../queue/index.js';
import type { Command } from '../command.js';
import { countOption, QUEUE_OPTIONS, queueTarget } from '../cluster-options.js';
import { engineFor } from '../engine-for.js';
import { parseWorkers } from '../parse-workers.js';
import { stringOption } from '../command.js';

/** `esdh cluster worker`: take shard and merge jobs from the queue until stopped. */
export const clusterWorkerCommand: Command = {
  name: 'cluster worker',
  summary: 'Take jobs of esdh cluster submit from the queue and run them here, until stopped (SIGINT/SIGTERM): shard jobs (--concurrency at once) and, on a slot of their own, merge and swap jobs (queue <queue>-merge).',
  usage: 'esdh cluster worker --redis redis://host:6379 [--concurrency C] [--stall-ms N] [--max-stalled N] [--workers N|auto]',
  options: {
    concurrency: { type: 'string', value: 'C', help: 'jobs at once in this process (default 1)' },
    'stall-ms': { type: 'string', value: 'ms', help: 'a job\'s lock: renewed every ms/2 while it runs; when its worker dies it is taken again after at most about 2x this (default 30000)' },
    'max-stalled': { type: 'string', value: 'N', help: 'times a job may be found stalled and put back before it fails (default 2)' },
    workers: { type: 'string', short: 'w', value: 'n|auto', help: 'threads per job, as esdh run --workers (default 1)' },
    quiet: { type: 'boolean', short: 'q', help: 'no line per job on stderr' },
    ...QUEUE_OPTIONS,
  },
  details: [
    'Run it on every machine that should generate, with the same esdh version and config as the submit, and with the run\'s',
    '--out folder at the same path (a shared volume). Each job writes into a temporary folder beside its destination and',
    'renames it into place only when complete; a worker killed mid-shard (kill -9, a lost machine) leaves only that temporary',
    'folder: its job\'s lock expires, another worker puts the job back and runs it again, and removes the dead attempt\'s folder.',
    'A run submitted with --to postgres://... needs no shared folder, only the database: each shard is generated in a temporary',
    'folder here and loaded into its staging schema in one transaction (a killed attempt never committed, so none of its rows',
    'stay); the swap job joins them into the target. Give the database password by PGPASSWORD or ~/.pgpass here.',
    'SIGINT/SIGTERM stop the running jobs (each is retried by another worker, counting one attempt) and exit 0.',
    'If Redis is unreachable for --redis-timeout, the worker stops its jobs and exits 1 with ESDH_ERR_CLUSTER_CONNECTION_LOST:',
    'run it under a supervisor (Kubernetes Deployment, systemd) that starts it again.',
  ],
  async run(args, io) {
    const target = queueTarget(args, io);
    const concurrency = countOption(args, 'concurrency', 1);
    const stallMs = countOption(args, 'stall-ms', 30_000, 200);
    const maxStalled = countOption(args, 'max-stalled', 2, 0);
    const threads = parseWorkers(stringOption(args, 'workers'));
    const engine = await engineFor(args, io);
    const quiet = args.values.quiet === true;
    const log = (line: string) => quiet || io.stderr.write(`${new Date().toISOString()} ${line}\n`);
    const worker = await startWorker(engine, { target, concurrency, stallMs, maxStalled, threads, log });
    log(`worker ${worker.name} takes jobs from queue ${target.queue} at ${target.redis.display} (concurrency ${concurrency}, stall ${stallMs} ms)`);
    const onAbort = () => void worker.stop();
    io.signal?.addEventListener('abort', onAbort, { once: true });
    if (io.signal?.aborted) onAbort();
    try {
      await worker.done;
    } finally {
      io.signal?.removeEventListener('abort', onAbort);
    }
    log(`worker ${worker.name} stopped`);
    return 0;
  },
};
