import { esdhError } from '../../../../engine/index.js';
import { failureOf, runStatus, snapshotDir } from '../../queue/index.js';
import type { Command } from '../command.js';
import { QUEUE_OPTIONS, queueTarget, stateCounts, statusTable } from '../cluster-options.js';
import { displayPath } from '../format.js';

/** `esdh cluster status <run-id>`: each shard job's state and attempts, and the merge's. */
export const clusterStatusCommand: Command = {
  name: 'cluster status',
  summary: 'Show a queued run: each shard job (waiting, active, completed, failed), its attempts and stalls, and the merge (or, with --to, the swap).',
  usage: 'esdh cluster status <run-id> --redis redis://host:6379 [--json]',
  positionals: true,
  options: {
    json: { type: 'boolean', help: 'print the status as JSON (jobs with state, attemptsStarted, attemptsMade, stalledCounter, worker, failedReason, result)' },
    ...QUEUE_OPTIONS,
  },
  details: [
    'attempts counts the times a worker took the job (a dead worker\'s attempt included); stalls the times it was found',
    'with an expired lock and put back. Exit code 0 whatever the state (a failed run too): read the state, or use --json.',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'cluster status needs one run id (esdh cluster submit prints it)', 'cluster status');
    const status = await runStatus(queueTarget(args, io), args.positionals[0]!);
    if (args.values.json) {
      io.stdout.write(JSON.stringify(status, null, 2) + '\n');
      return 0;
    }
    const failure = failureOf(status);
    const done = status.merge.state === 'completed';
    io.stdout.write([
      `Run ${status.runId}: ${status.records} units in ${status.shards.length} shards into ${status.to ?? `${displayPath(status.out!, io.cwd)}/`}`,
      `shards: ${stateCounts(status)}; ${status.to ? 'swap' : 'merge'}: ${status.merge.state}`,
      statusTable(status).trimEnd(),
      ...(done ? [status.to ? `loaded: ${status.to} (counted and swapped in one transaction)` : `snapshot: ${displayPath(snapshotDir(status.out!), io.cwd)}/ (merged and verified)`] : []),
      ...(failure ? [`failed: ${failure}`] : []),
      '',
    ].join('\n'));
    return 0;
  },
};
