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
  const { file, status } = report.signature;
  const signature = status === 'valid' ? c.green(`Signature: valid (${file} signs the manifest with the key given)`)
    : status === 'invalid' ? c.red('Signature: INVALID for the key given (see the signature rule above): do not trust where this snapshot came from')
    : file ? `Signature: not checked (${file} is there; pass --public-key <file> to check who made the snapshot)`
    : 'Signature: none (unsigned): the checks above prove the snapshot is consistent, not who made it';
  return [
    `Verifying ${displayPath(report.dir, io.cwd)} (${records})`,
    table(rows).trimEnd(),
    ...failures,
    signature,
    report.ok ? c.green('OK: every rule passed') : c.red(`FAILED: ${report.rules.filter((r) => r.failed).length} rule(s) failed`),
    '',
  ].join('\n');
}
