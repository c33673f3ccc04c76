import type { FieldStats, SnapshotStats } from './snapshot-stats.js';

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

function fieldLine(stats: FieldStats): string {
  switch (stats.kind) {
    case 'number':
      return `min ${num(stats.min)}  mean ${num(stats.mean)}  max ${num(stats.max)}`;
    case 'date':
      return `${stats.min} .. ${stats.max}`;
    case 'key':
      return `key (${stats.values} values; uniqueness is verify's)`;
    default: {
      const top = stats.top.map((t) => `${t.value} ${pct(t.share)}`).join(', ');
      return `${top}  (${stats.kind === 'many' ? stats.distinct : stats.distinct} distinct)`;
    }
  }
}

/** `esdh stats` as text: one block per entity, derived measures first, then a line per field. */
export function statsReportText(stats: SnapshotStats): string {
  const out: string[] = [`Snapshot ${stats.snapshot}`, `  ${stats.dataset_version}, profile ${stats.profile}, seed ${stats.seed}, as_of ${stats.as_of}, ${stats.units} units`, ''];
  for (const [plural, entity] of Object.entries(stats.entities)) {
    out.push(`${plural} (${entity.records} records)`);
    const age = entity.derived.age;
    if (age) {
      out.push(`  age on as_of: mean ${num(age.mean)}, ${age.min}-${age.max}; 65+ ${pct(age.share_65_plus ?? 0)}`);
      out.push(`    ${(age.bands ?? []).map((b) => `${b.from}-${b.to} ${pct(b.share)}`).join('  ')}`);
    }
    const vehicleAge = entity.derived.vehicle_age;
    if (vehicleAge) out.push(`  vehicle age on as_of: mean ${num(vehicleAge.mean)} years (${vehicleAge.min}-${vehicleAge.max})`);
    const names = Object.keys(entity.fields);
    const width = Math.max(...names.map((n) => n.length)) + 2;
    for (const [field, stat] of Object.entries(entity.fields)) {
      const nulls = stat.nulls ? `  [${stat.nulls} empty]` : '';
      out.push(`  ${field.padEnd(width)}${fieldLine(stat)}${nulls}`);
    }
    out.push('');
  }
  return out.join('\n');
}
