import type { Artifact, Exporter, SnapshotContext } from '../contracts/exporter.js';
import type { SnapshotManifest } from '../contracts/manifest.js';

/** The README's file name for a file suffix: `README_SNAPSHOT_V0_1.md`. */
export function readmeFileName(fileSuffix: string): string {
  return `README_SNAPSHOT_${fileSuffix.toUpperCase()}.md`;
}

/** The manifest as the README needs it (before its own artifact and the run section exist). */
export type ReadmeManifest = Omit<SnapshotManifest, 'artifacts' | 'run'> & { readonly artifacts: readonly Artifact[] };

/**
 * README_SNAPSHOT_<suffix>.md: what each file is and the exact command that
 * regenerates it. Each file's line is its exporter's `describe` (found by the
 * artifact's format among `exporters`); a file without one gets
 * `<records> <entity> records; <format>`.
 */
export function snapshotReadme(manifest: ReadmeManifest, manifestFile: string, exporters: readonly Exporter[], ctx: SnapshotContext): string {
  const lines = [
    `# Synthetic snapshot ${manifest.dataset_version}`,
    '',
    `Every record here is synthetic (marker \`synthetic_source = "${manifest.synthetic_source}"\`): no real person, vehicle or policy.`,
    '',
    `- seed: ${manifest.seed}`,
    `- as_of: ${manifest.as_of}`,
    `- units: ${manifest.units}${manifest.shard ? ` (shard ${manifest.shard.index} of ${manifest.shard.count}: units ${manifest.shard.unit_start} to ${manifest.shard.unit_end - 1} of ${manifest.shard.run_units})` : ''}`,
    `- entities: ${manifest.entities.join(', ')}`,
    ...(manifest.where && manifest.where.length > 0 ? [`- where: \`${manifest.where.join(',')}\` (every unit meets these terms, by construction; docs/scenario-targeting.md)`] : []),
    `- validation: ${manifest.validation === 'schema' ? 'every record was validated against its JSON Schema before it was written' : 'OFF for this run (records were not validated while written)'}`,
    '',
    '## Files',
    '',
    '| file | what it holds |',
    '|---|---|',
  ];
  for (const a of manifest.artifacts) {
    const describe = exporters.find((e) => e.name === a.format)?.describe;
    const what = describe ? describe(a, ctx) : a.entity ? `${a.records} ${a.entity} records; ${a.format}` : `${a.records} records; ${a.format}`;
    lines.push(`| \`${a.file}\` | ${what} |`);
  }
  lines.push(`| \`${manifestFile}\` | the manifest: every file with its byte size, record count and sha256; seed, as_of, engine and plugin versions, schema hashes |`);
  const version = manifest.engine.version;
  const packages = Object.entries(manifest.packages ?? {}).map(([name, v]) => `${name} ${v}`).join(', ');
  lines.push('', '## Regenerate', '', `With ESDH ${version} and the same config, this command writes byte-identical data files:`, '', '```sh', manifest.regenerate, '```', '',
    `Until esdh@${version} is published on the npm registry, run it from the ESDH source of that version: the git commit in this manifest's \`run.source_commit\` (or the tag \`v${version}\`), with \`git checkout <commit> && npm ci\`, then the command above as \`npx esdh ...\`.${packages ? ` The data also depends on ${packages}, pinned by that version's lockfile and recorded under \`packages\` in the manifest.` : ''}`, '', '## Verify', '', 'Recompute checksums, re-validate every record and check every reference:', '', '```sh', 'npx esdh verify <this folder>', '```', '');
  return lines.join('\n');
}
