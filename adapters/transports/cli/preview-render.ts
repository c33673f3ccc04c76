import type { CliIO } from './command.js';
import { colours, table } from './format.js';

/** A generate payload (metadata + record lists) as readable, coloured text. */
export function renderPreview(payload: Record<string, unknown>, options: { show: number; source: string; profile?: string; io: CliIO }): string {
  const c = colours(options.io.stdout, options.io.env);
  const metadata = (payload.metadata ?? {}) as Record<string, unknown>;
  const lists = Object.entries(payload).filter((entry): entry is [string, Record<string, unknown>[]] => Array.isArray(entry[1]));
  const marker = lists.flatMap(([, records]) => records).find((r) => typeof r?.synthetic_source === 'string')?.synthetic_source;
  const lines = [
    c.bold(`ESDH preview`) + c.dim(` · ${options.source}`),
    `${c.dim('profile')} ${options.profile ?? '-'}  ${c.dim('seed')} ${String(payload.seed)}  ${c.dim('records requested')} ${String(payload.records_requested)}`,
    '',
    c.cyan(c.bold('metadata')),
    table(Object.entries(metadata).map(([k, v]) => [c.dim(k), typeof v === 'object' ? JSON.stringify(v) : String(v)]), '  ').trimEnd(),
  ];
  for (const [plural, records] of lists) {
    lines.push('', c.cyan(c.bold(plural)) + c.dim(` (${records.length} records, showing ${Math.min(options.show, records.length)})`));
    records.slice(0, options.show).forEach((record, i) => {
      lines.push(c.yellow(`  #${i + 1}`));
      lines.push(table(Object.entries(record).map(([k, v]) => [c.dim(k), v === null ? c.dim('null') : typeof v === 'object' ? JSON.stringify(v) : String(v)]), '    ').trimEnd());
    });
  }
  if (marker) lines.push('', c.green(`Every record carries synthetic_source = "${marker}"`));
  return lines.join('\n') + '\n';
}
