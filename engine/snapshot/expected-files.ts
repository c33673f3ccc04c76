/**
 * What a manifest must list, from what it says itself: for each of its
 * formats, the files that format's exporter writes for its entities (the
 * `expectedArtifacts` hook), the README, and nothing of a format it does
 * not name; and a manifest that agrees with itself (its `files` map, record
 * counts, plugins and artifacts tell the same story). A manifest that lists
 * no data file, or drops one with its entry, is caught here: the checksums
 * cannot catch what is not listed.
 */
import type { Artifact, Exporter, SnapshotContext } from '../contracts/exporter.js';
import { fileSuffixOf, manifestFileName, type SnapshotManifest } from '../contracts/manifest.js';
import { heldEntities, README_ROLE, type OwnedArtifact } from './artifact-exporters.js';
import { readmeFileName } from './readme.js';
import type { RuleBook } from './rule-book.js';

const EXPECTED = 'files.expected';
const EXPECTED_WHAT = "the manifest lists every file its formats write for its entities (and the README), and no file of another format";
const CONSISTENT = 'manifest.consistent';
const CONSISTENT_WHAT = 'the manifest agrees with itself: files map, record counts, plugins, artifact names and roles, shard range';

/** Record the `files.expected` and `manifest.consistent` rules for a manifest. */
export function checkExpectedFiles(manifest: SnapshotManifest, manifestFile: string, owned: readonly OwnedArtifact[], exporters: ReadonlyMap<string, Exporter>, ctx: SnapshotContext, book: RuleBook): void {
  const fileSuffix = fileSuffixOf(manifest.dataset_version);
  const byFile = new Map<string, Artifact>();
  for (const a of manifest.artifacts) if (!byFile.has(a.file)) byFile.set(a.file, a);

  for (const format of manifest.formats) {
    const exporter = exporters.get(format)!;
    const listed = manifest.artifacts.filter((a) => a.format === format);
    if (!exporter.expectedArtifacts) {
      book.record(EXPECTED, EXPECTED_WHAT, listed.length > 0 ? null : `no file of format '${format}' is listed, though the manifest's formats name it`, manifestFile);
      continue;
    }
    const expected = exporter.expectedArtifacts({ fileSuffix, entities: ctx.entities });
    for (const want of expected) {
      const got = byFile.get(want.file);
      const problem = !got ? `not listed in the manifest, though its format '${format}' writes it${want.entity ? ` for ${want.entity}` : ''}`
        : got.format !== format ? `listed with format '${got.format}', but it is a file of '${format}'`
        : got.role !== want.role ? `listed with role '${got.role}', expected '${want.role}'`
        : (got.entity ?? null) !== (want.entity ?? null) ? `listed for entity ${got.entity ?? '(none)'}, expected ${want.entity ?? '(none)'}`
        : null;
      book.record(EXPECTED, EXPECTED_WHAT, problem, want.file);
    }
    const files = new Set(expected.map((e) => e.file));
    for (const a of listed) if (!files.has(a.file)) book.record(EXPECTED, EXPECTED_WHAT, `not a file that format '${format}' writes for entities ${manifest.entities.join(', ')}`, a.file);
  }
  for (const a of manifest.artifacts) {
    if (a.role === README_ROLE || manifest.formats.includes(a.format)) continue;
    book.record(EXPECTED, EXPECTED_WHAT, `its format '${a.format}' is not one of the manifest's formats (${manifest.formats.join(', ')})`, a.file);
  }
  for (const entity of ctx.entities) {
    const holders = owned.filter((o) => heldEntities(o, ctx).includes(entity.name));
    book.record(EXPECTED, EXPECTED_WHAT, holders.length > 0 ? null : `no listed file holds the ${entity.plural} the manifest's entities name`, manifestFile);
  }
  const readmes = manifest.artifacts.filter((a) => a.role === README_ROLE);
  const readme = readmeFileName(fileSuffix);
  book.record(EXPECTED, EXPECTED_WHAT, readmes.length === 1 && readmes[0]!.file === readme ? null : readmes.length === 0 ? `${readme} (role ${README_ROLE}) is not listed` : `expected one ${README_ROLE} file, ${readme}; listed: ${readmes.map((a) => a.file).join(', ')}`, readme);

  checkConsistent(manifest, manifestFile, fileSuffix, ctx, book);
}

function checkConsistent(manifest: SnapshotManifest, manifestFile: string, fileSuffix: string, ctx: SnapshotContext, book: RuleBook): void {
  const check = (problem: string | null) => book.record(CONSISTENT, CONSISTENT_WHAT, problem, manifestFile);
  const expectedName = manifestFileName(fileSuffix);
  check(manifestFile === expectedName ? null : `the manifest of dataset ${manifest.dataset_version} is ${expectedName}, not ${manifestFile}`);

  const roles = new Set<string>();
  const files = new Set<string>();
  for (const a of manifest.artifacts) {
    check(files.has(a.file) ? `${a.file} is listed twice` : roles.has(a.role) ? `role ${a.role} is listed twice` : a.file === manifestFile ? 'the manifest lists itself' : null);
    files.add(a.file);
    roles.add(a.role);
    if (a.entity !== undefined) check(manifest.entities.includes(a.entity) ? null : `${a.file} holds entity '${a.entity}', which is not among its entities (${manifest.entities.join(', ')})`);
  }
  // `files` (the v0.1 role → file map) names exactly the exported files.
  const exported = manifest.artifacts.filter((a) => a.role !== README_ROLE);
  const map = Object.entries(manifest.files);
  check(map.length === exported.length && exported.every((a) => manifest.files[a.role] === a.file)
    ? null : `its files map (${map.map(([r, f]) => `${r}: ${f}`).join(', ')}) differs from its artifacts (${exported.map((a) => `${a.role}: ${a.file}`).join(', ')})`);

  const plugins = Object.keys(manifest.plugins);
  check(sameSet(plugins, manifest.entities) ? null : `its plugins (${plugins.join(', ')}) are not its entities (${manifest.entities.join(', ')})`);
  const plurals = ctx.entities.map((e) => e.plural);
  const counted = Object.keys(manifest.record_counts);
  check(sameSet(counted, plurals) ? null : `its record_counts (${counted.join(', ')}) are not its entities' plurals (${plurals.join(', ')})`);
  check(new Set(plurals).size === plurals.length ? null : `two entities share a plural (${plurals.join(', ')})`);

  const shard = manifest.shard;
  if (shard) {
    const problem = shard.index > shard.count ? `shard ${shard.index} of ${shard.count}`
      : shard.unit_start > shard.unit_end || shard.unit_end > shard.run_units ? `shard units ${shard.unit_start}..${shard.unit_end} are not within the run's ${shard.run_units}`
      : manifest.units !== shard.unit_end - shard.unit_start ? `units ${manifest.units}, but the shard covers ${shard.unit_end - shard.unit_start}`
      : null;
    check(problem);
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === a.length && a.length === b.length && b.every((x) => set.has(x));
}
