import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '../contracts/exporter.js';
import type { SnapshotManifest } from '../contracts/manifest.js';
import { applyCheck, type CheckContext, type EntityPlugin, type EntityRecord } from '../contracts/entity-plugin.js';
import { sha256OfFile } from './folder.js';
import { artifactPath, snapshotFolder } from './artifact-path.js';
import type { PluginRegistry } from '../generate/plugin-registry.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { readCsv, readDatasetJson, readManifest, readNdjson, type LocatedRecord } from './read-snapshot.js';

/** One rule's outcome over the snapshot. */
export interface RuleResult {
  readonly rule: string;
  readonly description: string;
  checked: number;
  failed: number;
  /** The first few failures: `file:line: message`. */
  readonly examples: string[];
}

/** What `esdh verify` found. */
export interface VerifyReport {
  readonly dir: string;
  readonly ok: boolean;
  readonly manifest?: SnapshotManifest;
  readonly rules: RuleResult[];
}

const MAX_EXAMPLES = 5;

/** Tallies pass/fail per rule, keeping a few examples. */
class RuleBook {
  private readonly rules = new Map<string, RuleResult>();

  rule(name: string, description: string): RuleResult {
    let rule = this.rules.get(name);
    if (!rule) this.rules.set(name, (rule = { rule: name, description, checked: 0, failed: 0, examples: [] }));
    return rule;
  }

  record(name: string, description: string, problem: string | null, where: string): void {
    const rule = this.rule(name, description);
    rule.checked++;
    if (problem === null) return;
    rule.failed++;
    if (rule.examples.length < MAX_EXAMPLES) rule.examples.push(`${where}: ${problem}`);
  }

  results(): RuleResult[] {
    return [...this.rules.values()];
  }
}

interface Needs {
  readonly schemas: SchemaRegistry;
  readonly registry: PluginRegistry;
  readonly data: ReferenceData;
}

/**
 * Recompute every checksum, re-validate every record against its schema,
 * check the marker, ids, foreign keys and each plugin's domain rules.
 */
export async function verifySnapshot(dir: string, needs: Needs): Promise<VerifyReport> {
  const { manifest, file: manifestFile } = readManifest(snapshotFolder(dir));
  const book = new RuleBook();

  await checkFiles(dir, manifest, manifestFile, book);

  const plugins = new Map<string, EntityPlugin>();
  for (const name of manifest.entities) {
    const known = needs.registry.has(name) ? needs.registry.get(name) : undefined;
    book.record('entities.registered', 'every entity in the manifest has a plugin in this engine', known ? null : `no plugin '${name}' is registered (add it to plugins in the config)`, manifestFile);
    if (known) plugins.set(name, known);
  }
  const entityOfPlural = new Map([...plugins.values()].map((p) => [p.plural, p.name]));
  const checkCtx: CheckContext = { data: needs.data, asOf: manifest.as_of, marker: manifest.synthetic_source };

  // Keys seen per `entity.field`, for foreign keys and uniqueness.
  const keys = new Map<string, Set<unknown>>();
  const referenced = new Set<string>();
  for (const p of plugins.values()) for (const target of Object.values(p.references ?? {})) referenced.add(target);

  const dataArtifacts = manifest.artifacts.filter((a) => a.format === 'ndjson' || a.format === 'csv' || a.role === 'dataset_json');
  // Deep checks (ids, references, domain rules) once per entity, on its first source; schema and marker on every file.
  const primary = new Map<string, string>();
  for (const format of ['ndjson', 'csv', 'json']) {
    for (const a of dataArtifacts.filter((x) => x.format === format)) {
      for (const p of plugins.values()) if (!primary.has(p.name) && (a.entity === p.name || a.role === 'dataset_json')) primary.set(p.name, a.file);
    }
  }
  // Sources in dependency order so referenced keys are known before they are looked up.
  const ordered = [...dataArtifacts].sort((x, y) => rank(x, manifest) - rank(y, manifest));
  for (const artifact of ordered) {
    const path = artifactPath(dir, artifact.file);
    if (!existsSync(path)) continue;
    const counts = new Map<string, number>();
    try {
      for await (const located of recordsOf(artifact, path, plugins, entityOfPlural, needs.schemas)) {
        const where = `${artifact.file}:${located.line}`;
        if ('header' in located && located.header) {
          const plugin = plugins.get(located.entity)!;
          const expected = needs.schemas.fields(plugin.schemaId);
          book.record('csv.header', 'CSV header lists the schema fields in order', located.header.join(',') === expected.join(',') ? null : `header '${located.header.join(',')}' differs from '${expected.join(',')}'`, where);
          continue;
        }
        const plugin = plugins.get(located.entity);
        if (!plugin) continue;
        counts.set(plugin.name, (counts.get(plugin.name) ?? 0) + 1);
        checkRecord(located.record, plugin, where, needs, book, manifest);
        if (primary.get(plugin.name) === artifact.file) deepChecks(located.record, plugin, where, keys, referenced, book, checkCtx);
      }
    } catch (error) {
      book.record('files.readable', 'every data file parses', `${(error as Error).message}`, artifact.file);
      continue;
    }
    for (const p of plugins.values()) {
      if (artifact.entity && artifact.entity !== p.name) continue;
      const expected = manifest.record_counts[p.plural] ?? 0;
      const got = counts.get(p.name) ?? 0;
      book.record('files.record_count', 'each file holds as many records as the manifest says', got === expected ? null : `${got} ${p.plural}, manifest says ${expected}`, artifact.file);
    }
  }
  const rules = book.results();
  return { dir, manifest, ok: rules.every((r) => r.failed === 0), rules };
}

function rank(artifact: Artifact, manifest: SnapshotManifest): number {
  const index = artifact.entity ? manifest.entities.indexOf(artifact.entity) : manifest.entities.length;
  return index * 10 + (artifact.format === 'ndjson' ? 0 : artifact.format === 'csv' ? 1 : 2);
}

function recordsOf(artifact: Artifact, path: string, plugins: Map<string, EntityPlugin>, entityOfPlural: Map<string, string>, schemas: SchemaRegistry): AsyncIterable<LocatedRecord & { header?: string[] }> {
  if (artifact.role === 'dataset_json') return readDatasetJson(path, entityOfPlural);
  const plugin = artifact.entity ? plugins.get(artifact.entity) : undefined;
  if (!plugin) return (async function* () {})();
  if (artifact.format === 'ndjson') return readNdjson(path, plugin.name);
  return readCsv(path, plugin.name, schemas.schema(plugin.schemaId));
}

function checkRecord(record: EntityRecord, plugin: EntityPlugin, where: string, needs: Needs, book: RuleBook, manifest: SnapshotManifest): void {
  const violation = needs.schemas.check(plugin.schemaId, record);
  book.record('schema', 'every record validates against its JSON Schema', violation ? `${plugin.name} ${violation.path} ${violation.message}` : null, where);
  book.record('marker', 'every record carries the synthetic_source marker', record.synthetic_source === manifest.synthetic_source ? null : `synthetic_source is ${JSON.stringify(record.synthetic_source)}, expected ${JSON.stringify(manifest.synthetic_source)}`, where);
}

function deepChecks(record: EntityRecord, plugin: EntityPlugin, where: string, keys: Map<string, Set<unknown>>, referenced: Set<string>, book: RuleBook, ctx: CheckContext): void {
  const unique = plugin.idField ? [plugin.idField, ...(plugin.uniqueFields ?? [])] : plugin.uniqueFields ?? [];
  for (const field of unique) {
    const set = keySet(keys, `${plugin.name}.${field}`);
    const value = record[field];
    book.record('ids.unique', 'ids (and fields such as vin) are unique within the snapshot', set.has(value) ? `${plugin.name}.${field} ${String(value)} appears twice` : null, where);
    set.add(value);
  }
  for (const target of referenced) {
    const [entity, field] = target.split('.') as [string, string];
    if (entity === plugin.name && !unique.includes(field)) keySet(keys, target).add(record[field]);
  }
  for (const [field, target] of Object.entries(plugin.references ?? {})) {
    const set = keys.get(target);
    book.record('foreign_keys', 'every reference points at a record of the snapshot', set?.has(record[field]) ? null : `${plugin.name}.${field} ${String(record[field])} has no ${target}`, where);
  }
  for (const check of plugin.checks ?? []) book.record(check.name, check.description, applyCheck(check, record, ctx), where);
}

function keySet(keys: Map<string, Set<unknown>>, name: string): Set<unknown> {
  let set = keys.get(name);
  if (!set) keys.set(name, (set = new Set()));
  return set;
}

async function checkFiles(dir: string, manifest: SnapshotManifest, manifestFile: string, book: RuleBook): Promise<void> {
  const listed = new Set(manifest.artifacts.map((a) => a.file));
  for (const artifact of manifest.artifacts) {
    const path = artifactPath(dir, artifact.file);
    if (!existsSync(path)) {
      book.record('files.present', 'every file the manifest lists exists', 'missing', artifact.file);
      continue;
    }
    book.record('files.present', 'every file the manifest lists exists', null, artifact.file);
    const bytes = statSync(path).size;
    const sha256 = await sha256OfFile(path);
    book.record('files.checksum', 'every file has the byte size and sha256 the manifest records',
      bytes !== artifact.bytes ? `${bytes} bytes, manifest says ${artifact.bytes}` : sha256 !== artifact.sha256 ? `sha256 ${sha256.slice(0, 12)}…, manifest says ${artifact.sha256.slice(0, 12)}…` : null, artifact.file);
  }
  for (const file of readdirSync(dir)) {
    if (file === manifestFile || listed.has(file)) continue;
    book.record('files.unlisted', 'no file in the folder is missing from the manifest', 'not listed in the manifest', file);
  }
}

