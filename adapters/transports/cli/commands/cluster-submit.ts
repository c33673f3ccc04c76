import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import { DEFAULT_SCHEMA } from '../../../exporters/postgres/index.js';
import { destinationText, RUN_RECORD_FILE, snapshotDir, stageSchema, submitRun, VERIFY_MODES, waitForRun, type DbDestination, type VerifyMode } from '../../queue/index.js';
import { stringOption, type Command, type ParsedArgs } from '../command.js';
import { CLUSTER_TO_OPTIONS, countOption, QUEUE_OPTIONS, queueFlags, queueTarget, stateCounts, statusTable } from '../cluster-options.js';
import { engineFor } from '../engine-for.js';
import { displayPath, table } from '../format.js';
import { RUN_REQUEST_OPTIONS, runRequestFrom } from '../run-request.js';

/** `esdh cluster submit`: queue one run as shard jobs and a merge job on BullMQ. */
export const clusterSubmitCommand: Command = {
  name: 'cluster submit',
  summary: 'Queue a run on Redis (BullMQ): one job per shard, and a merge job that appends each shard as soon as it and the shards before it are done, then verifies (or, with --to, a swap job that moves the staged shards into PostgreSQL); workers on any machine take them.',
  usage: 'esdh cluster submit --redis redis://host:6379 --shards K (--out DIR | --to postgres://... [--schema S] [--if-exists fail|replace]) [--records N] [--profile P] [--seed N | --randomize] [--as-of D] [--entities L] [--format L] [--attempts A] [--wait]',
  options: {
    ...RUN_REQUEST_OPTIONS,
    format: { type: 'string', short: 'f', value: 'list', help: 'output formats, comma-separated: csv, json, ndjson, sqlite, parquet (default: csv,json)' },
    shards: { type: 'string', value: 'K', help: 'shard jobs to split the run into (shard k of K is what esdh run --shard k/K makes)' },
    out: { type: 'string', short: 'o', value: 'dir', help: 'the run\'s folder, on storage every worker sees at the same path: shards/ and the merged snapshot/ go there' },
    ...CLUSTER_TO_OPTIONS,
    attempts: { type: 'string', value: 'A', help: 'attempts per job when it fails (default 3); a stalled job (its worker died) is put back besides, see cluster worker --max-stalled' },
    verify: { type: 'string', value: 'checksums|full', help: 'how the merge job checks the merged snapshot before it appears: checksums (default: every file read back as it is written and compared byte for byte with what was written, and its size checked) or full (esdh verify: schemas, references, domain rules, every copy; about 3x the generation time)' },
    wait: { type: 'boolean', help: 'wait until the run is merged and verified (with --to: loaded) or failed, showing progress on stderr; exit 1 if it failed' },
    ...QUEUE_OPTIONS,
  },
  details: [
    'The run is resolved here (profile, records, seed, as_of, entities, formats) and every worker checks that it would make the',
    'same data (same esdh version and config), else its job fails with ESDH_ERR_CLUSTER_PLAN_MISMATCH. Job ids are derived from',
    'the run (a hash of the plan, the shard count and --out, or --to and --schema): submitting the same run again queues',
    'nothing and says where it stands; a run that failed is queued again, and shards already finished are verified and kept.',
    '',
    'With --out, the merge job is queued with the shards (on <queue>-merge, taken by a worker\'s merge slot) and follows the',
    'run: it appends each shard as soon as that shard and every one before it completed (checking every shard file against',
    'its manifest as it reads it), so little is left when the last shard is done; it checks the result (--verify) and',
    'renames it to DIR/snapshot: that folder appears only complete and checked, with the data files byte for byte those of',
    `esdh run with the same options. DIR/${RUN_RECORD_FILE} names the run; DIR/shards/ holds the finished shards.`,
    '',
    'With --to postgres://... instead of --out, no storage is shared: each shard job generates its shard in a temporary folder',
    'on its worker and loads it as esdh run --to does (COPY, keys, counts, one transaction) into a staging schema of its own,',
    'esdh_stage_<run-id>_<k>, replacing whatever an earlier attempt of that shard committed; a killed attempt never committed,',
    'so nothing of it is there. The last job (in the merge job\'s place) joins the shards in shard order, checks every table\'s',
    'rows against the shards\' manifests, applies --if-exists to --schema, moves the tables in and drops the staging schemas, in',
    'ONE transaction: the tables read back as those of esdh run --to with the same options, and a failure leaves the schema',
    'untouched. Like esdh run --to without --out, no snapshot folder is kept. The URL (password included) travels in the job',
    'data: put the password in PGPASSWORD or ~/.pgpass on every worker instead. Workers need only reach the database.',
    '',
    'Example (docs/scale-out.md):',
    '  esdh cluster submit --redis redis://10.0.0.5:6379 --records 1000000 --seed 7 --shards 8 --out /mnt/esdh/run-7',
    '  esdh cluster worker --redis redis://10.0.0.5:6379          on each machine, as many as you like',
    '  esdh cluster status <run-id> --redis redis://10.0.0.5:6379',
    '  esdh cluster submit --redis redis://10.0.0.5:6379 --records 1000000 --seed 7 --shards 8 --to postgres://qa@10.0.0.6:5432/test --schema run_7',
  ],
  async run(args, io) {
    const target = queueTarget(args, io);
    const out = stringOption(args, 'out');
    const to = dbDestination(args);
    if (out && to) throw esdhError('ESDH_ERR_USAGE', 'give --out <dir> (a shared folder) or --to <url> (a database), not both', 'cluster submit');
    if (!out && !to) throw esdhError('ESDH_ERR_USAGE', 'cluster submit needs --out <dir>, the run\'s folder on storage every worker shares, or --to postgres://..., a database every worker reaches', 'cluster submit');
    if (stringOption(args, 'shards') === undefined) throw esdhError('ESDH_ERR_USAGE', 'cluster submit needs --shards K, the number of shard jobs', 'cluster submit');
    const shards = countOption(args, 'shards', 1);
    const attempts = countOption(args, 'attempts', 3);
    if (to && stringOption(args, 'verify') !== undefined) throw esdhError('ESDH_ERR_USAGE', '--verify goes with --out (with --to, each shard is checked as esdh run --to checks a snapshot, and the swap counts every table)', 'cluster submit');
    const verify = stringOption(args, 'verify') ?? 'checksums';
    if (!(VERIFY_MODES as readonly string[]).includes(verify)) throw esdhError('ESDH_ERR_OPTION_INVALID', '--verify', JSON.stringify(verify), `expected ${VERIFY_MODES.join(' or ')}`);
    const engine = await engineFor(args, io);
    const plan = engine.plan(runRequestFrom(args));
    const dir = out ? resolve(io.cwd, out) : undefined;
    const result = await submitRun(engine, { target, plan, shards, ...(to ? { to } : { out: dir! }), attempts, verify: verify as VerifyMode });
    const flags = queueFlags(target);
    const what = `${shards} shard${shards > 1 ? 's' : ''} of ${plan.records} units (profile ${plan.profile}, seed ${plan.seed}, as_of ${plan.asOf}, formats ${plan.formats.join(',')})`;
    const states = Object.entries(result.states).map(([s, n]) => `${n} ${s}`).join(', ');
    const into = to ? `${destinationText({ to })} (staged in ${stageSchema(result.runId, 1, shards).replace(/_\d+$/, '_*')}, swapped in at the end)` : `${displayPath(dir!, io.cwd)}/`;
    const finished = to ? `loaded into ${destinationText({ to })}` : `${displayPath(snapshotDir(dir!), io.cwd)}/`;
    io.stdout.write({
      queued: `Queued run ${result.runId}: ${what} into ${into}\n`,
      requeued: `Queued run ${result.runId} again (it had failed): ${what}; ${to ? 'every shard is staged anew' : 'shards already finished are verified and kept'}\n`,
      exists: `Run ${result.runId} is queued already (shards: ${states}): nothing was added\n`,
      complete: `Run ${result.runId} is complete already: ${finished} (nothing was added)\n`,
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
    if (to) {
      const tables = (status.merge.result as { tables?: Record<string, number> } | undefined)?.tables ?? {};
      io.stdout.write(`Loaded into ${destinationText({ to })} (counted and swapped in one transaction, committed)\n${table(Object.entries(tables).map(([t, n]) => [t, `${n} rows`]))}`);
    } else io.stdout.write(`Merged and verified (${String((status.merge.result as { verified?: string } | undefined)?.verified ?? verify)}): ${displayPath(snapshotDir(dir!), io.cwd)}/\n`);
    return 0;
  },
};

/** `--to`, `--schema`, `--if-exists` as the run's database destination (fail or replace), if --to is given. */
function dbDestination(args: ParsedArgs): DbDestination | undefined {
  const url = stringOption(args, 'to');
  const schema = stringOption(args, 'schema');
  const ifExists = stringOption(args, 'if-exists');
  if (url === undefined) {
    if (schema !== undefined || ifExists !== undefined) throw esdhError('ESDH_ERR_USAGE', '--schema and --if-exists go with --to <url>', 'cluster submit');
    return undefined;
  }
  if (ifExists !== undefined && ifExists !== 'fail' && ifExists !== 'replace') {
    throw esdhError('ESDH_ERR_OPTION_INVALID', '--if-exists', JSON.stringify(ifExists), `expected fail or replace (default fail)${ifExists === 'append' ? ': a cluster run swaps all of its tables in at once; append with esdh load' : ''}`);
  }
  return { url, schema: schema ?? DEFAULT_SCHEMA, ifExists: ifExists ?? 'fail' };
}
