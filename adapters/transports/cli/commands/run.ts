import { resolve } from 'node:path';
import type { RunResult } from '../../../../engine/engine.js';
import type { RunPlan } from '../../../../engine/run-options.js';
import { stringOption, type Command, type CliIO } from '../command.js';
import { engineFor } from '../engine-for.js';
import { newRunFolder, publishRun } from '../demo-runs.js';
import { displayPath, formatBytes, table } from '../format.js';
import { RUN_REQUEST_OPTIONS, runRequestFrom } from '../run-request.js';

/** `esdh run`: a profile → a governed snapshot folder. */
export const runCommand: Command = {
  name: 'run',
  summary: 'Generate a governed snapshot (data files + README + manifest) for a profile.',
  usage: 'esdh run [--profile baseline] [--records N] [--seed N | --randomize] [--format csv,json,ndjson] [--out DIR]',
  options: {
    ...RUN_REQUEST_OPTIONS,
    format: { type: 'string', short: 'f', value: 'list', help: 'output formats, comma-separated: csv, json, ndjson (default: csv,json)' },
    out: { type: 'string', short: 'o', value: 'dir', help: 'snapshot folder to create; must not exist (default: data/demo_runs/<timestamp>_<profile>/)' },
    quiet: { type: 'boolean', short: 'q', help: 'print only the snapshot folder' },
  },
  details: [
    'Without --out, the run lands in data/demo_runs/<timestamp>_<profile>/, data/demo_runs/latest_demo',
    'points at it, and only the 5 newest runs are kept. The folder appears only when the run succeeded.',
    '',
    'Examples:',
    '  esdh run --profile baseline                 30 persons, vehicles and profiles, seed 42',
    '  esdh run --records 1000 --seed 7 --format csv,ndjson --out /tmp/qa-data',
    '  DEMO_PROFILE=heavy esdh run                 200 records with a fresh random seed',
  ],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const request = runRequestFrom(args);
    const plan = engine.plan(request);
    const explicitOut = stringOption(args, 'out');
    const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
    const out = explicitOut ? resolve(io.cwd, explicitOut) : newRunFolder(runsDir, plan.profile, new Date());
    const result = await engine.run({ ...request, seed: plan.seed, randomize: false, profile: plan.profile, out, signal: io.signal });
    const removed = explicitOut ? [] : await publishRun(runsDir, result.dir, engine.config.output.keep_runs);
    if (args.values.quiet) io.stdout.write(result.dir + '\n');
    else io.stdout.write(runSummary(result, plan, io, removed.length));
    return 0;
  },
};

/** What a finished run prints: where, what, which seed, the marker. */
export function runSummary(result: RunResult, plan: RunPlan, io: CliIO, pruned = 0): string {
  const { manifest } = result;
  const rows = manifest.artifacts.map((a) => [a.file, a.records ? `${a.records} records` : '', formatBytes(a.bytes)]);
  const counts = Object.entries(manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `Wrote ${displayPath(result.dir, io.cwd)}/ (profile ${plan.profile}, ${manifest.run.duration_ms} ms)`,
    table(rows).trimEnd(),
    `records:          ${counts}`,
    `seed:             ${manifest.seed} (${plan.seedSource === 'random' ? 'random: pass --seed ' + manifest.seed + ' to repeat' : plan.seedSource})`,
    `as_of:            ${manifest.as_of}`,
    `synthetic_source: ${manifest.synthetic_source}`,
    ...(pruned ? [`pruned:           ${pruned} older run(s), keeping the newest`] : []),
    `verify with:      npx esdh verify ${displayPath(result.dir, io.cwd)}`,
    '',
  ].join('\n');
}
