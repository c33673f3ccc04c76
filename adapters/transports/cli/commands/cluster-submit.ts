import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import { RUN_RECORD_FILE, snapshotDir, submitRun, VERIFY_MODES, waitForRun, type VerifyMode } from '../../queue/index.js';
import { stringOption, type Command } from '../command.js';
import { countOption, QUEUE_OPTIONS, queueFlags, queueTarget, stateCounts, statusTable } from '../cluster-options.js';
import { engineFor } from '../engine-for.js';
import { displayPath } from '../format.js';
import { RUN_REQUEST_OPTIONS, runRequestFrom } from '../run-request.js';

/** `esdh cluster submit`: queue one run as shard jobs and a merge job on BullMQ. */
export const clusterSubmitCommand: Command = {
  name: 'cluster submit',
  summary: 'Queue a run on Redis (BullMQ): one job per shard, then a merge job that verifies; workers on any machine take them.',
  usage: 'esdh cluster submit --redis redis://host:6379 --shards K --out DIR [--records N] [--profile P] [--seed N | --randomize] [--as-of D] [--entities L] [--format L] [--attempts A] [--wait]',
  options: {
    ...RUN_REQUEST_OPTIONS,
    format: { type: 'string', short: 'f', value: 'list', help: 'output formats, comma-separated: csv, json, ndjson, sqlite, parquet (default: csv,json)' },
    shards: { type: 'string', value: 'K', help: 'shard jobs to split the run into (shard k of K is what esdh run --shard k/K makes)' },
    out: { type: 'string', short: 'o', value: 'dir', help: 'the run\'s folder, on storage every worker sees at the same path: shards/ and the merged snapshot/ go there' },
    attempts: { type: 'string', value: 'A', help: 'attempts per job when it fails (default 3); a stalled job (its worker died) is put back besides, see cluster worker --max-stalled' },
    verify: { type: 'string', value: 'checksums|full', help: 'how the merge job checks the merged snapshot before it appears: checksums (default: every file\'s size and sha256) or full (esdh verify: schemas, references, domain rules, every copy; about 3x the generation time)' },
    wait: { type: 'boolean', help: 'wait until the run is merged and verified (or failed), showing progress on stderr; exit 1 if it failed' },
    ...QUEUE_OPTIONS,
  },
  details: [
    'The run is resolved here (profile, records, seed, as_of, entities, formats) and every worker checks that it would make the',
    'same data (same esdh version and config), else its job fails with ESDH_ERR_CLUSTER_PLAN_MISMATCH. Job ids are derived from',
    'the run (a hash of the plan, the shard count and --out): submitting the same run again queues nothing and says where it',
    'stands; a run that failed is queued again, and shards already finished are verified and kept.',
    '',
    'Jobs are a BullMQ flow: the merge job is the parent of the shard jobs and starts when all of them completed; it merges',
    'the shard folders (checking every shard file against its manifest as it reads it), checks the result (--verify) and',
    'renames it to DIR/snapshot: that folder appears only complete and checked, with the data files byte for byte those of',
    `esdh run with the same options. DIR/${RUN_RECORD_FILE} names the run; DIR/shards/ holds the finished shards.`,
    '',
    'Example (docs/scale-out.md):',
    '  esdh cluster submit --redis redis://10.0.0.5:6379 --records 1000000 --seed 7 --shards 8 --out /mnt/esdh/run-7',
    '  esdh cluster worker --redis redis://10.0.0.5:6379          on each machine, as many as you like',
    '  esdh cluster status <run-id> --redis redis://10.0.0.5:6379',
  ],
  async run(args, io) {
    const target = queueTarget(args, io);
    const out = stringOption(args, 'out');
    if (!out) throw esdhError('ESDH_ERR_USAGE', 'cluster submit needs --out <dir>, the run\'s folder on storage every worker shares', 'cluster submit');
    if (stringOption(args, 'shards') === undefined) throw esdhError('ESDH_ERR_USAGE', 'cluster submit needs --shards K, the number of shard jobs', 'cluster submit');
    const shards = countOption(args, 'shards', 1);
    const attempts = countOption(args, 'attempts', 3);
    const verify = stringOption(args, 'verify') ?? 'checksums';
    if (!(VERIFY_MODES as readonly string[]).includes(verify)) throw esdhError('ESDH_ERR_OPTION_INVALID', '--verify', JSON.stringify(verify), `expected ${VERIFY_MODES.join(' or ')}`);
    const engine = await engineFor(args, io);
    const plan = engine.plan(runRequestFrom(args));
    const dir = resolve(io.cwd, out);
    const result = await submitRun(engine, { target, plan, shards, out: dir, attempts, verify: verify as VerifyMode });
    const flags = queueFlags(target);
    const what = `${shards} shard${shards > 1 ? 's' : ''} of ${plan.records} units (profile ${plan.profile}, seed ${plan.seed}, as_of ${plan.asOf}, formats ${plan.formats.join(',')})`;
    const states = Object.entries(result.states).map(([s, n]) => `${n} ${s}`).join(', ');
    io.stdout.write({
      queued: `Queued run ${result.runId}: ${what} into ${displayPath(dir, io.cwd)}/\n`,
      requeued: `Queued run ${result.runId} again (it had failed): ${what}; shards already finished are verified and kept\n`,
      exists: `Run ${result.runId} is queued already (shards: ${states}): nothing was added\n`,
      complete: `Run ${result.runId} is complete already: ${displayPath(snapshotDir(dir), io.cwd)}/ (nothing was added)\n`,
    }[result.outcome]);
    if (!args.values.wait) {
      if (result.outcome !== 'complete') io.stdout.write(`status:  esdh cluster status ${result.runId} ${flags}\nworkers: esdh cluster worker ${flags}\n`);
      return 0;
    }
    const status = await waitForRun(target, result.runId, {
      signal: io.signal,
      onChange: (s) => io.stderr.write(`run ${result.runId}: shards ${stateCounts(s)}; merge ${s.merge.state}\n`),
    });
    io.stdout.write(statusTable(status));
    io.stdout.write(`Merged and verified (${String((status.merge.result as { verified?: string } | undefined)?.verified ?? verify)}): ${displayPath(snapshotDir(dir), io.cwd)}/\n`);
    return 0;
  },
};
