import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Engine, EsdhError } from '../../../../engine/index.js';
import { DEMO_SAMPLES_DIR } from '../../http/demo-samples.js';
import type { CliIO } from '../command.js';
import { LATEST_LINK } from '../demo-runs.js';
import { colours, displayPath, table } from '../format.js';
import type { WalkThroughState } from './walk-through-state.js';

/** The closing block of a walk-through that succeeded: where things are, and each step's time. */
export function renderSummary(engine: Engine, state: WalkThroughState, io: CliIO, keepServer: boolean, totalMs: number): string {
  const c = colours(io.stdout, io.env);
  const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
  const rows = [
    ['Profile', `${state.profile} (${state.plan!.records} records, seed ${state.plan!.seed})`],
    ['Snapshot', state.snapshotDir ? displayPath(state.snapshotDir, io.cwd) + '/' : '-'],
    ['Latest demo link', displayPath(join(runsDir, LATEST_LINK), io.cwd)],
    ['Counts', state.counts ?? '-'],
    ['API', keepServer ? `${state.url} still running (pid ${state.server?.pid}): esdh preview --use-api, then esdh demo stop` : `${state.url} (stopped)`],
    ['Canned payloads', `${DEMO_SAMPLES_DIR}/`],
    ['Synthetic marker', engine.config.synthetic_source],
  ];
  return [
    '',
    c.bold('===== Demo summary ====='),
    table(rows).trimEnd(),
    'Timings:',
    table([...state.timings.map((t, i) => [`${i + 1}. ${t.step}`, formatMs(t.ms)]), ['total', formatMs(totalMs)]], '  ').trimEnd(),
    c.green(`Demo complete in ${formatMs(totalMs)}.`),
    '',
  ].join('\n');
}

/** The block a failed walk-through prints on stderr: the error, the context, the server log's tail. */
export function renderDiagnostics(error: unknown, engine: Engine, state: WalkThroughState, io: CliIO): string {
  const c = colours(io.stderr, io.env);
  const line = error instanceof EsdhError ? error.toLine() : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
  const tail = existsSync(state.logPath) ? readFileSync(state.logPath, 'utf8').trimEnd().split('\n').slice(-8) : [];
  return [
    '',
    c.red(c.bold('Demo failed. Diagnostics:')),
    table([
      ['error', line],
      ['node', `${process.version} (${process.platform} ${process.arch})`],
      ['profile', state.profile],
      ['api port', state.port === undefined ? `${engine.config.api.port} (configured; not started)` : String(state.port)],
      ['last successful step', state.lastStep ?? '(none)'],
      ['server log', displayPath(state.logPath, io.cwd)],
    ]).trimEnd(),
    ...(tail.length ? ['  server log, last lines:', ...tail.map((l) => `    ${l}`)] : []),
    'Next: esdh doctor checks Node, the config, the port and the output folder.',
    '',
  ].join('\n');
}

/** Every non-empty line indented by two spaces. */
export function indent(text: string): string {
  return text.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}

/** `850 ms`, or `2.06 s` from a second on. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
