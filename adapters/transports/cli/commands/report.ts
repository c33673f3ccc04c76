import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { esdhError, tempPathFor } from '../../../../engine/index.js';
import { reportHtml } from '../../http/report-html.js';
import { snapshotView } from '../../http/snapshot-view.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';

/** `esdh report <dir> --out report.html`: the studio's explore view of a snapshot as one offline HTML file. */
export const reportCommand: Command = {
  name: 'report',
  summary: "Write a snapshot's explore view (manifest, verify pass rate per rule, stats charts) as one self-contained HTML file.",
  usage: 'esdh report <snapshot-dir> [--out report.html]',
  positionals: true,
  options: {
    out: { type: 'string', short: 'o', value: 'file', help: 'the HTML file to write (default report.html; replaced if it exists)' },
  },
  details: [
    'Verifies the snapshot (as esdh verify) and takes its stats (as esdh stats), then writes the same view the studio',
    '(esdh serve, then http://127.0.0.1:5000/) shows: data, script, styles and Chart.js inlined, nothing fetched,',
    'so the file opens offline with every chart drawn: attach it to a test report or a ticket.',
    'The file is written whole or not at all (a temporary file renamed into place).',
    '',
    'Examples:',
    '  esdh report data/demo_runs/latest_demo --out report.html',
    '  esdh report data/snapshots/v0.1 -o /tmp/governed.html',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'report takes exactly one snapshot folder', 'report');
    const dir = resolve(io.cwd, args.positionals[0]!);
    const out = resolve(io.cwd, stringOption(args, 'out') ?? 'report.html');
    const engine = await engineFor(args, io);
    const view = await snapshotView(engine, basename(dir), dir);
    const html = reportHtml(view, `esdh report ${basename(dir)}: profile ${view.manifest.profile}, seed ${view.manifest.seed}, ${view.manifest.units} units, ${view.verify.ok ? 'verified' : 'verify FAILED'}`);
    const temp = tempPathFor(out);
    try {
      await writeFile(temp, html);
      await rename(temp, out);
    } catch (error) {
      await rm(temp, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw esdhError('ESDH_ERR_OUTPUT_UNWRITABLE', dirname(out), `${code} writing ${basename(out)}`);
    }
    io.stdout.write(`${join(dirname(out), basename(out))}: ${view.charts.length} charts, ${view.verify.rules.length} rules${view.verify.ok ? '' : ' (verify FAILED)'}\n`);
    return view.verify.ok ? 0 : 1;
  },
};
