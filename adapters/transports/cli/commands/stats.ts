import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { snapshotStats } from '../snapshot-stats.js';
import { statsReportText } from '../stats-report.js';

/** `esdh stats <dir>`: what the data in a snapshot looks like. */
export const statsCommand: Command = {
  name: 'stats',
  summary: "Show a snapshot's distributions: for every entity the top values of its text fields, min/mean/max of its numbers, date ranges, driver ages (bands, 65+) and vehicle ages.",
  usage: 'esdh stats <snapshot-dir> [--top N] [--json]',
  positionals: true,
  options: {
    top: { type: 'string', value: 'N', help: 'values to list per text field (default 5)' },
    json: { type: 'boolean', help: 'print the statistics as JSON (shape: docs/stats.md)' },
  },
  details: [
    'Reads the snapshot once, after checking its checksums (esdh verify checks everything else).',
    'Works for any entity: new plugins show through with their own fields.',
    '',
    'Examples:',
    '  esdh stats data/snapshots/v0.1',
    '  esdh stats data/demo_runs/latest_demo --top 10',
    '  esdh stats /tmp/snap --json > stats.json',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'stats takes exactly one snapshot folder', 'stats');
    const top = parseTop(stringOption(args, 'top'));
    const engine = await engineFor(args, io);
    const stats = await snapshotStats(engine, resolve(io.cwd, args.positionals[0]!), top);
    io.stdout.write(args.values.json ? JSON.stringify(stats, null, 2) + '\n' : statsReportText(stats));
    return 0;
  },
};

function parseTop(value: string | undefined): number {
  if (value === undefined) return 5;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) throw esdhError('ESDH_ERR_OPTION_INVALID', '--top', JSON.stringify(value), 'expected a whole number of values to list, at least 1 (e.g. 10)');
  return Number(value);
}
