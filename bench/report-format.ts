/**
 * How the benches write their numbers and tables (docs/benchmarks.md and
 * their own reports): one place, so every report rounds and lays out alike.
 */

/** The median of a series (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A whole number with thousands separators: 1234567.8 → '1,234,568'. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A number with `digits` decimals (default 2). */
export const fixed = (n: number, digits = 2): string => n.toFixed(digits);

/** A markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
