import type { LoadedReport } from '../../../engine/index.js';
import type { CliIO } from './command.js';
import { colours, displayPath, table } from './format.js';

/** `esdh verify --db`: a table per entity with both sides' rows and checksums, then what differs. */
export function loadedReportText(report: LoadedReport, io: CliIO): string {
  const c = colours(io.stdout, io.env);
  const rows = [['table', 'snapshot rows', 'database rows', 'checksum', ''], ...report.tables.map((t) => [
    t.table,
    String(t.snapshot.rows),
    t.database ? String(t.database.rows) : '(missing)',
    `${(t.database ?? t.snapshot).checksum.slice(0, 16)}…`,
    t.problem ? c.red('DIFFERS') : c.green('ok'),
  ])];
  const failed = report.tables.filter((t) => t.problem);
  return [
    `Comparing ${report.target}, schema ${report.namespace} with ${displayPath(report.dir, io.cwd)}`,
    table(rows).trimEnd(),
    ...failed.map((t) => `${c.red('FAIL')} ${t.problem}`),
    report.ok ? c.green('OK: every table holds exactly the snapshot\'s records') : c.red(`FAILED: ${failed.length} table(s) differ from the snapshot`),
    '',
  ].join('\n');
}
