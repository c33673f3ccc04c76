/**
 * What `--where` may name in a run: each plugin's targetable fields and
 * counts, as rows (for `esdh targets`) and as the lists errors give.
 */
import type { EntityPlugin } from '../contracts/entity-plugin.js';
import type { TargetableType } from '../contracts/where.js';

/** One thing a term may name. */
export interface TargetRow {
  readonly entity: string;
  /** How a term names it: `account.state`, or `claims` for a count. */
  readonly name: string;
  /** `count` for a count, else the field's type. */
  readonly type: TargetableType | 'count';
  readonly description: string;
  /** An enum's values. */
  readonly values?: readonly string[];
  /** A count's most per unit. */
  readonly max?: number;
  /** Whether the field is derived (computed from the record, not stored as such). */
  readonly derived?: boolean;
}

/**
 * Every targetable field and count of these plugins, in their order.
 * @example
 * targetRows(plugins); // → [{ entity: 'account', name: 'account.state', type: 'enum', values: [...], ... }, { entity: 'claim', name: 'claims', type: 'count', max: 10, ... }]
 */
export function targetRows(plugins: readonly EntityPlugin[]): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const plugin of plugins) {
    for (const [field, spec] of Object.entries(plugin.targeting?.fields ?? {})) {
      rows.push({ entity: plugin.name, name: `${plugin.name}.${field}`, type: spec.type, description: spec.description,
        ...(spec.values ? { values: spec.values } : {}), ...(spec.derive ? { derived: true } : {}) });
    }
    const count = plugin.targeting?.count;
    if (count) rows.push({ entity: plugin.name, name: plugin.plural, type: 'count', description: count.description, max: count.max });
  }
  return rows;
}

/** `account.state (enum: the state of the account's address), ...`, or `none` (the root's bare form noted). */
export function targetableList(plugins: readonly EntityPlugin[], root?: string): string {
  const rows = targetRows(plugins).filter((r) => r.type !== 'count');
  if (rows.length === 0) return 'none (no plugin of this run declares targeting)';
  const list = rows.map((r) => `${r.name} (${r.type}: ${r.description})`).join(', ');
  const bare = root ? rows.find((r) => r.entity === root) : undefined;
  return bare ? `${list}; ${root}'s fields are also written bare (${bare.name.slice(root!.length + 1)}=...)` : list;
}

/** `claims (..., at most 10)`, or `none`. */
export function countableList(plugins: readonly EntityPlugin[]): string {
  const rows = targetRows(plugins).filter((r) => r.type === 'count');
  return rows.length === 0 ? 'none' : rows.map((r) => `${r.name} (${r.description}; at most ${r.max})`).join(', ');
}
