import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { esdhError, reclaimTempFolders, type RunResult, shardRange, tempPathFor } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { checkLatestLink, publishStagedRun, runFolderName } from '../demo-runs.js';
import { SIGN_KEY_OPTION, signKeyOption } from '../key-options.js';
import { createProgress } from '../progress.js';
import { RUN_REQUEST_OPTIONS, runRequestFrom, WHERE_HELP } from '../run-request.js';
import { runSummary } from '../run-summary.js';
import { parseWorkers } from '../parse-workers.js';

export { parseWorkers };
import { shardFromEnv } from '../shard-env.js';
import { loadProgress, loadSummary, TARGET_OPTIONS, targetLoadOptions, TO_OPTION } from '../target-options.js';

/** `esdh run`: a profile → a governed snapshot folder. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Generate a governed snapshot (data files + README + manifest) for a profile.',
  usage: 'esdh run [--profile baseline] [--records N] [--seed N | --randomize] [--where TERMS] [--format csv,json,ndjson,sqlite,parquet] [--out DIR] [--workers N|auto] [--shard k/N | --shard-from-env --shard-count N] [--sign-key FILE] [--to postgres://... [--schema NAME] [--if-exists fail|replace|append]]',
  options: {
    ...RUN_REQUEST_OPTIONS,
    format: { type: 'string', short: 'f', value: 'list', help: 'output formats, comma-separated: csv, json, ndjson, sqlite, parquet (default: csv,json)' },
    out: { type: 'string', short: 'o', value: 'dir', help: 'snapshot folder to create; must not exist (default: data/demo_runs/<timestamp>_<profile>/)' },
    quiet: { type: 'boolean', short: 'q', help: 'print only the snapshot folder (no progress)' },
    workers: { type: 'string', short: 'w', value: 'n|auto', help: 'threads that generate: this one and n-1 worker threads (default 1; auto = one per core); the data files are the same bytes for any n' },
    shard: { type: 'string', value: 'k/N', help: 'generate only shard k of N (a contiguous slice of the units) into its own snapshot; join them with esdh merge' },
    'shard-from-env': { type: 'boolean', help: 'take the shard from the job-array engine\'s 0-based index: JOB_COMPLETION_INDEX (Kubernetes), AWS_BATCH_JOB_ARRAY_INDEX, ESDH_SHARD_INDEX or SLURM_ARRAY_TASK_ID; index i is shard i+1 of N' },
    'shard-count': { type: 'string', value: 'N', help: 'with --shard-from-env: the number of shards, the array size or completions (or ESDH_SHARD_COUNT)' },
    'sign-key': SIGN_KEY_OPTION,
    to: TO_OPTION,
    ...TARGET_OPTIONS,
  },
  details: [
    'Without --out, the run lands in data/demo_runs/<timestamp>_<profile>/ (suffixed _2, _3... when another run',
    'took that name), data/demo_runs/latest_demo points at it, and only the 5 newest runs are kept (a run finished',
    'in the last minute is never pruned, so parallel runs in one checkout all succeed). The folder appears only',
    'when the run succeeded; temporary folders that killed runs left behind are removed by the next run there.',
    '',
    'Examples:',
    '  esdh run --profile baseline                 30 persons, vehicles and profiles, seed 42',
    '  esdh run --records 1000 --seed 7 --format csv,ndjson --out /tmp/qa-data',
    '  DEMO_PROFILE=heavy esdh run                 200 records with a fresh random seed',
    '  esdh run --records 1000000 --workers auto --format csv,ndjson --out /tmp/big',
    '  esdh run --records 100000 --format parquet --out /tmp/pq    one .parquet per entity, for DuckDB, Spark, pandas',
    '  esdh run --records 1000000 --seed 7 --shard 2/4 --out /tmp/shard-2   (then: esdh merge /tmp/shard-* --out /tmp/all)',
    '  JOB_COMPLETION_INDEX=1 esdh run --records 1000000 --seed 7 --shard-from-env --shard-count 4 --out /mnt/esdh/run-x/shard-1',
    '                                              shard 2/4, as a Kubernetes Indexed Job runs it (docs/scale-out.md)',
    '  esdh run --sign-key release.key --out /tmp/signed   (check with: esdh verify --public-key release.pub /tmp/signed)',
    '  esdh run --profile heavy --seed 4 --to postgres://qa@127.0.0.1:5432/test --schema heavy_4',
    '',
    'With --to, the snapshot is written as usual (into --out, or a temporary folder removed afterwards), its files checked',
    'against their checksums (its records were validated as they were made; in full with validation off), then loaded',
    'into the database as esdh load does (--schema, --if-exists; see esdh load --help), in one transaction.',
    '',
    'Runs longer than a second show progress on stderr: a bar on a terminal, a line every 5 s otherwise.',
    '',
    ...WHERE_HELP,
  ],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const request = runRequestFrom(args);
    const plan = engine.plan(request);
    const workers = parseWorkers(stringOption(args, 'workers'));
    const shard = shardOption(args, io.env);
    if (shard) shardRange(shard, plan.records);
    const to = stringOption(args, 'to');
    const load = to === undefined ? undefined : { to, ...targetLoadOptions(args) };
    if (load) await engine.checkLoad(load);
    else if (stringOption(args, 'schema') !== undefined || stringOption(args, 'if-exists') !== undefined) throw esdhError('ESDH_ERR_USAGE', '--schema and --if-exists go with --to <url>', 'run');
    const explicitOut = stringOption(args, 'out');
    const quiet = args.values.quiet === true;
    // --to without --out: the snapshot lives in a temporary folder only as long as the load needs it.
    const scratch = load && !explicitOut ? await mkdtemp(join(tmpdir(), 'esdh-run-to-')) : undefined;
    try {
      const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
      // A default run is written under a temporary name and gets its readable one only when it is complete.
      const name = explicitOut || scratch ? undefined : runFolderName(shard ? `${plan.profile}_shard${shard.index}of${shard.count}` : plan.profile, new Date());
      if (name) checkLatestLink(runsDir);
      const out = scratch ? join(scratch, 'snapshot') : name ? tempPathFor(join(runsDir, name)) : resolve(io.cwd, explicitOut!);
      const reclaimed = scratch ? [] : await reclaimTempFolders(dirname(out));
      const progress = createProgress({ stream: io.stderr, quiet });
      let result: RunResult;
      try {
        result = await engine.run({ ...request, seed: plan.seed, randomize: false, profile: plan.profile, out, signal: io.signal, workers, shard, onProgress: (p) => progress.update(p), ...signKeyOption(args, io.cwd) });
      } finally {
        progress.finish();
      }
      const published = name ? await publishStagedRun(runsDir, result.dir, name, engine.config.output.keep_runs) : { dir: result.dir, removed: [] };
      if (!scratch) {
        if (quiet) io.stdout.write(published.dir + '\n');
        else io.stdout.write(runSummary({ ...result, dir: published.dir }, plan, io, published.removed.length, reclaimed));
      }
      if (load) {
        const phases = loadProgress(io, quiet);
        let loaded: Awaited<ReturnType<typeof engine.load>>;
        try {
          loaded = await engine.load(published.dir, {
            ...load,
            // Its records were validated as they were made: check that the files are the ones written, unless validation was off.
            verify: result.manifest.validation === 'schema' ? 'checksums' : 'full',
            ...(io.signal ? { signal: io.signal } : {}),
            onVerifyProgress: (p) => phases.verify.update({ unitsDone: Math.round(p.bytesDone / 1e6), unitsTotal: Math.round(p.bytesTotal / 1e6) }),
            onProgress: (p) => phases.rows.update({ unitsDone: p.rowsDone, unitsTotal: p.rowsTotal }),
          });
        } finally {
          phases.finish();
        }
        if (!quiet) {
          const counts = Object.entries(result.manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ');
          if (scratch) io.stdout.write(`Generated ${counts} (profile ${plan.profile}, seed ${result.manifest.seed}, as_of ${result.manifest.as_of}) into a temporary snapshot, loaded it and removed it (--out DIR keeps it)\n`);
          io.stdout.write(loadSummary(loaded, io, !scratch));
        }
      }
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
    return 0;
  },
};

/** `--shard k/N`, or `--shard-from-env` (with `--shard-count`): the shard to make, if any. */
function shardOption(args: Parameters<Command['run']>[0], env: NodeJS.ProcessEnv): { index: number; count: number } | undefined {
  const fromEnv = args.values['shard-from-env'] === true;
  const count = stringOption(args, 'shard-count');
  if (fromEnv && stringOption(args, 'shard') !== undefined) throw esdhError('ESDH_ERR_USAGE', '--shard and --shard-from-env choose the shard twice: give one', 'run');
  if (!fromEnv && count !== undefined) throw esdhError('ESDH_ERR_USAGE', '--shard-count goes with --shard-from-env (with --shard, write k/N)', 'run');
  if (!fromEnv) return parseShard(stringOption(args, 'shard'));
  const { index, count: n } = shardFromEnv(env, count);
  return { index, count: n };
}

/** `--shard k/N` → { index: k, count: N }. */
export function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw esdhError('ESDH_ERR_OPTION_INVALID', '--shard', JSON.stringify(value), 'expected k/N with 1 <= k <= N (e.g. 2/4)');
  return { index: Number(match[1]), count: Number(match[2]) };
}
