import type { Artifact, Exporter, SnapshotContext } from '../contracts/exporter.js';
import type { SnapshotManifest } from '../contracts/manifest.js';

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
  lines.push('', '## Regenerate', '', 'With the same ESDH version and config, this command writes byte-identical data files:', '', '```sh', manifest.regenerate, '```', '', '## Verify', '', 'Recompute checksums, re-validate every record and check every reference:', '', '```sh', 'npx esdh verify <this folder>', '```', '');
  return lines.join('\n');
}
