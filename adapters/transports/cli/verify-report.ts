import type { VerifyReport } from '../../../engine/index.js';
import type { CliIO } from './command.js';
import { colours, displayPath, table } from './format.js';

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
