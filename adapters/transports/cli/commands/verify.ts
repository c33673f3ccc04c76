import { resolve } from 'node:path';
import { esdhError, type VerifyReport } from '../../../../engine/index.js';
import type { Command, CliIO } from '../command.js';
import { engineFor } from '../engine-for.js';
import { colours, displayPath, table } from '../format.js';

/** `esdh verify <dir>`: trust a snapshot, or learn exactly what is wrong with it. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check a snapshot: checksums, every record against its schema, the marker, ids, references and domain rules.',
  usage: 'esdh verify <snapshot-dir> [--json]',
  positionals: true,
  options: {
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  details: ['Exits 0 when every rule passes, 1 when any fails (the report names file and line of the first failures).'],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'verify takes exactly one snapshot folder', 'verify');
    const engine = await engineFor(args, io);
    const report = await engine.verify(resolve(io.cwd, args.positionals[0]!));
    io.stdout.write(args.values.json ? JSON.stringify(report, null, 2) + '\n' : verifyReportText(report, io));
    return report.ok ? 0 : 1;
  },
};

/** A per-rule table with pass rates and the first failures. */
export function verifyReportText(report: VerifyReport, io: CliIO): string {
  const c = colours(io.stdout, io.env);
  const rows = [['rule', 'checked', 'failed', 'pass rate'], ...report.rules.map((r) => [
    r.rule, String(r.checked), String(r.failed), r.checked ? `${((100 * (r.checked - r.failed)) / r.checked).toFixed(r.failed ? 2 : 0)}%` : '-',
  ])];
  const failures = report.rules.filter((r) => r.failed > 0).flatMap((r) => [`${c.red('FAIL')} ${r.rule}: ${r.description}`, ...r.examples.map((e) => `  ${e}`)]);
  const records = report.manifest ? Object.entries(report.manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  return [
    `Verifying ${displayPath(report.dir, io.cwd)} (${records})`,
    table(rows).trimEnd(),
    ...failures,
    report.ok ? c.green('OK: every rule passed') : c.red(`FAILED: ${report.rules.filter((r) => r.failed).length} rule(s) failed`),
    '',
  ].join('\n');
}
