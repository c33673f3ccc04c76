import type { EngineParts } from '../contracts/engine-parts.js';
import type { EntityPlugin } from '../contracts/entity-plugin.js';
import type { ShardInfo, SnapshotManifest } from '../contracts/manifest.js';
import type { RunPlan } from '../generate/run-options.js';
import { dataPackages } from '../lib/data-packages.js';
import { ENGINE_VERSION } from '../lib/engine-version.js';

/** A run's manifest before its files are written and its wall-clock `run` section is known. */
export function manifestDraft(parts: Pick<EngineParts, 'config' | 'schemas'>, plan: RunPlan, plugins: EntityPlugin[], shard: ShardInfo | null, artifacts: SnapshotManifest['artifacts'], counts: Record<string, number>, regenerate: string): Omit<SnapshotManifest, 'run'> {
  return {
    dataset_version: parts.config.dataset_version,
    generated_at: `${plan.asOf}T00:00:00Z`,
    record_counts: counts,
    files: Object.fromEntries(artifacts.map((a) => [a.role, a.file])),
    notes: `Synthetic data; effective seed ${plan.seed} (${plan.seedSource}); profile ${plan.profile}; as_of ${plan.asOf}`,
    seed: plan.seed,
    as_of: plan.asOf,
    units: shard ? shard.unit_end - shard.unit_start : plan.records,
    profile: plan.profile,
    synthetic_source: parts.config.synthetic_source,
    validation: parts.config.validate ? 'schema' : 'off',
    formats: plan.formats,
    entities: plugins.map((p) => p.name),
    distributions: plan.distributions,
    // Only with terms: manifests of runs without targeting keep their exact bytes.
    ...(plan.whereText.length > 0 ? { where: [...plan.whereText] } : {}),
    engine: { name: 'esdh', version: ENGINE_VERSION },
    packages: dataPackages(),
    plugins: Object.fromEntries(plugins.map((p) => [p.name, { version: p.version, plural: p.plural, schema: p.schemaId, schema_sha256: parts.schemas.hash(p.schemaId) }])),
    shard,
    artifacts,
    regenerate,
  };
}

/** The command that writes the same data files again, with the exact ESDH version. */
export function regenerateCommand(plan: RunPlan, shard: ShardInfo | null): string {
  const parts = [`npx esdh@${ENGINE_VERSION} run`, `--profile ${plan.profile}`, `--records ${plan.records}`, `--seed ${plan.seed}`, `--as-of ${plan.asOf}`, `--entities ${plan.entities.join(',')}`, `--format ${plan.formats.join(',')}`];
  if (plan.lob) parts.push(`--lob ${plan.lob}`);
  if (plan.whereText.length > 0) parts.push(`--where ${shellQuoted(plan.whereText.join(','))}`);
  if (shard) parts.push(`--shard ${shard.index}/${shard.count}`);
  parts.push('--out <new folder>');
  return parts.join(' ');
}

/**
 * `text` as one word for a POSIX shell: in single quotes (`>` and `<` in
 * terms would redirect otherwise), a single quote written '\''.
 * @example
 * shellQuoted('claims>=1'); // → "'claims>=1'"
 */
export function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
