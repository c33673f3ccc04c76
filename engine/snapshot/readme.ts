import type { SnapshotManifest } from '../contracts/manifest.js';

const FORMAT_NOTES: Record<string, string> = {
  csv: 'header row, then one record per line; columns in the v0.1 contract order, new columns after them',
  ndjson: 'one JSON record per line',
  json: 'JSON',
};

/** README_SNAPSHOT_<suffix>.md: what each file is and the exact command that regenerates it. */
export function snapshotReadme(manifest: Omit<SnapshotManifest, 'artifacts' | 'run'> & { artifacts: readonly { file: string; role: string; format: string; records: number; entity?: string }[] }, manifestFile: string): string {
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
    const what = a.role === 'dataset_json' ? `the whole dataset: {metadata, ${manifest.entities.map((e) => manifest.plugins[e]?.plural ?? e).join(', ')}}, one record per line in each list`
      : a.role === 'metadata_json' ? 'dataset metadata: version, record counts, the seed in notes'
      : `${a.records} ${a.entity} records; ${FORMAT_NOTES[a.format] ?? a.format}`;
    lines.push(`| \`${a.file}\` | ${what} |`);
  }
  lines.push(`| \`${manifestFile}\` | the manifest: every file with its byte size, record count and sha256; seed, as_of, engine and plugin versions, schema hashes |`);
  const version = manifest.engine.version;
  const packages = Object.entries(manifest.packages ?? {}).map(([name, v]) => `${name} ${v}`).join(', ');
  lines.push('', '## Regenerate', '', `With ESDH ${version} and the same config, this command writes byte-identical data files:`, '', '```sh', manifest.regenerate, '```', '',
    `Until esdh@${version} is published on the npm registry, run it from the ESDH source of that version: the git commit in this manifest's \`run.source_commit\` (or the tag \`v${version}\`), with \`git checkout <commit> && npm ci\`, then the command above as \`npx esdh ...\`.${packages ? ` The data also depends on ${packages}, pinned by that version's lockfile and recorded under \`packages\` in the manifest.` : ''}`, '', '## Verify', '', 'Recompute checksums, re-validate every record and check every reference:', '', '```sh', 'npx esdh verify <this folder>', '```', '');
  return lines.join('\n');
}
