import { existsSync, readdirSync, statSync } from 'node:fs';
import { esdhError } from '../contracts/errors.js';
import type { Exporter, SnapshotContext } from '../contracts/exporter.js';
import type { SnapshotManifest } from '../contracts/manifest.js';
import { applyCheck, type CheckContext, type EntityPlugin, type EntityRecord } from '../contracts/entity-plugin.js';
import { heldEntities, ownedArtifacts, verifyOrder } from './artifact-exporters.js';
import { sha256OfFile } from './folder.js';
import { artifactPath, snapshotFolder } from './artifact-path.js';
import type { PluginRegistry } from '../generate/plugin-registry.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { readManifest } from './read-manifest.js';
import { factsOf, snapshotEntities } from './snapshot-context.js';

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
  /** The engine's registered exporters: each data file is read by the one named by its format. */
  readonly exporters: readonly Exporter[];
}

/**
 * Recompute every checksum, re-validate every record against its schema,
 * check the marker, ids, foreign keys and each plugin's domain rules. Every
 * data file is read through its exporter's `read` hook; a file whose format
 * no exporter of this engine has → ESDH_ERR_SNAPSHOT_UNREADABLE.
 */
export async function verifySnapshot(dir: string, needs: Needs): Promise<VerifyReport> {
  const { manifest, file: manifestFile } = readManifest(snapshotFolder(dir));
  const owned = ownedArtifacts(manifest.artifacts, needs.exporters, (why) => esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, why));
  const book = new RuleBook();

  await checkFiles(dir, manifest, manifestFile, book);

  const plugins = new Map<string, EntityPlugin>();
  for (const name of manifest.entities) {
    const known = needs.registry.has(name) ? needs.registry.get(name) : undefined;
    book.record('entities.registered', 'every entity in the manifest has a plugin in this engine', known ? null : `no plugin '${name}' is registered (add it to plugins in the config)`, manifestFile);
    if (known) plugins.set(name, known);
  }
  const ctx: SnapshotContext = {
    entities: snapshotEntities(manifest, (name) => {
      const plugin = plugins.get(name);
      return plugin ? { fields: needs.schemas.fields(plugin.schemaId), schema: needs.schemas.schema(plugin.schemaId) } : undefined;
    }),
    facts: factsOf(manifest),
  };
  const checkCtx: CheckContext = { data: needs.data, asOf: manifest.as_of, marker: manifest.synthetic_source };

  // Keys seen per `entity.field`, for foreign keys and uniqueness.
  const keys = new Map<string, Set<unknown>>();
  const referenced = new Set<string>();
  for (const p of plugins.values()) for (const target of Object.values(p.references ?? {})) referenced.add(target);

  // Every readable file with the registered entities it holds, in reading order
  // (dependencies first, so referenced keys are known before they are looked up).
  const sources = owned
    .filter((o) => o.exporter.read)
    .map((o) => ({ ...o, holds: heldEntities(o, ctx).filter((name) => plugins.has(name)) }))
    .filter((s) => s.holds.length > 0)
    .sort(verifyOrder(manifest.entities));
  // Schema and marker on every copy of every record; the checks across records
  // (ids, references, domain rules) once per entity, on the first copy read.
  const primary = new Map<string, string>();
  for (const source of sources) for (const name of source.holds) if (!primary.has(name)) primary.set(name, source.artifact.file);

  for (const source of sources) {
    const { artifact } = source;
    const path = artifactPath(dir, artifact.file);
    if (!existsSync(path)) continue;
    const counts = new Map<string, number>();
    try {
      for await (const item of source.exporter.read!({ artifact, dir, path }, ctx)) {
        const where = `${artifact.file}:${item.line}`;
        if (item.kind === 'check') {
          book.record(item.rule, item.description, item.problem, where);
          continue;
        }
        const plugin = plugins.get(item.entity);
        if (!plugin || !source.holds.includes(plugin.name)) continue;
        counts.set(plugin.name, (counts.get(plugin.name) ?? 0) + 1);
        checkRecord(item.record, plugin, where, needs, book, manifest);
        if (primary.get(plugin.name) === artifact.file) deepChecks(item.record, plugin, where, keys, referenced, book, checkCtx);
      }
    } catch (error) {
      book.record('files.readable', 'every data file parses', `${(error as Error).message}`, artifact.file);
      continue;
    }
    for (const name of source.holds) {
      const p = plugins.get(name)!;
      const expected = manifest.record_counts[p.plural] ?? 0;
      const got = counts.get(p.name) ?? 0;
      book.record('files.record_count', 'each file holds as many records as the manifest says', got === expected ? null : `${got} ${p.plural}, manifest says ${expected}`, artifact.file);
    }
  }
  const rules = book.results();
  return { dir, manifest, ok: rules.every((r) => r.failed === 0), rules };
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

