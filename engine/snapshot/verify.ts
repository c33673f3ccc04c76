import type { KeyObject } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { esdhError } from '../contracts/errors.js';
import type { Exporter, SnapshotContext } from '../contracts/exporter.js';
import type { SnapshotManifest } from '../contracts/manifest.js';
import { applyCheck, type CheckContext, type EntityPlugin, type EntityRecord } from '../contracts/entity-plugin.js';
import { CrossChecks } from './cross-checks.js';
import { heldEntities, ownedArtifacts, verifyOrder } from './artifact-exporters.js';
import { RecordSequence } from './canonical-record.js';
import { compareCopies, type Copy, type Source } from './copy-compare.js';
import { checkExpectedFiles } from './expected-files.js';
import type { PluginRegistry } from '../generate/plugin-registry.js';
import type { ReferenceData } from '../lib/reference-data.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { readManifest } from './read-manifest.js';
import { artifactPath, snapshotFolder } from './artifact-path.js';
import { RuleBook, type RuleResult } from './rule-book.js';
import { signatureFileName, signatureProblem, signingKey, type KeyInput } from './signature.js';
import { WhereTally } from './where-tally.js';
import { factsOf, snapshotEntities } from './snapshot-context.js';
import { ByteProgress, sha256Of, type VerifyProgress } from './verify-progress.js';

export type { RuleResult } from './rule-book.js';
export type { VerifyProgress } from './verify-progress.js';

/** Options of `engine.verify`. */
export interface VerifyOptions {
  /**
   * The public key (a PEM file's path or a KeyObject) the manifest must be
   * signed with: the `signature` rule fails when the `.sig` file beside the
   * manifest is missing or does not sign its exact bytes with this key.
   */
  readonly publicKey?: KeyInput;
  /** Called as files are read (every MiB of a checksum, every few thousand records). */
  readonly onProgress?: (progress: VerifyProgress) => void;
}

/** What verify can say about who made the snapshot. */
export interface SignatureReport {
  /** The detached signature file beside the manifest, when there is one. */
  readonly file: string | null;
  /** `'valid'`/`'invalid'` when a public key was given; `'not checked'` without one (whether or not the snapshot is signed). */
  readonly status: 'valid' | 'invalid' | 'not checked';
}

/** What `esdh verify` found. */
export interface VerifyReport {
  readonly dir: string;
  readonly ok: boolean;
  readonly manifest?: SnapshotManifest;
  readonly rules: RuleResult[];
  readonly signature: SignatureReport;
}

interface Needs {
  readonly schemas: SchemaRegistry;
  readonly registry: PluginRegistry;
  readonly data: ReferenceData;
  /** The engine's registered exporters: each data file is read by the one named by its format. */
  readonly exporters: readonly Exporter[];
}

/** Records between two progress reports while files are read. */
const PROGRESS_RECORDS = 4096;

/**
 * Check a snapshot and trust nothing in it: the manifest's shape (its JSON
 * Schema) and marker, its signature when a public key is given, the files
 * its formats imply, every checksum, every record count; every copy of every
 * entity read through its exporter's `read` hook — one copy (the first in
 * verify order) gets the schema, ids, references and every domain rule, each
 * other copy is proven equal to it record by record (canonical form, hashed
 * in sequence; the first differing record and field reported per file) —
 * and the marker on every record of every copy. A file whose format no
 * exporter of this engine has → ESDH_ERR_SNAPSHOT_UNREADABLE; a manifest that
 * is not valid → ESDH_ERR_MANIFEST_INVALID.
 */
export async function verifySnapshot(dir: string, needs: Needs, options: VerifyOptions = {}): Promise<VerifyReport> {
  const publicKey = options.publicKey === undefined ? undefined : signingKey(options.publicKey, 'public');
  const { manifest, file: manifestFile, bytes: manifestBytes } = readManifest(snapshotFolder(dir), needs.schemas);
  const refuse = (why: string) => esdhError('ESDH_ERR_SNAPSHOT_UNREADABLE', dir, why);
  const owned = ownedArtifacts(manifest.artifacts, needs.exporters, refuse);
  const exporters = new Map(needs.exporters.map((e) => [e.name, e]));
  for (const format of manifest.formats) {
    if (!exporters.has(format)) throw refuse(`its manifest names format '${format}', which no exporter of this engine has (formats: ${[...exporters.keys()].join(', ')}): register the exporter that wrote it (createEngine({ exporters: [...] }))`);
  }
  const book = new RuleBook();

  const sigFile = signatureFileName(manifestFile);
  const signed = existsSync(join(dir, sigFile));
  let signature: SignatureReport = { file: signed ? sigFile : null, status: 'not checked' };
  if (publicKey) signature = checkSignature(dir, manifestFile, manifestBytes, publicKey, signature, book);

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
  checkExpectedFiles(manifest, manifestFile, owned, exporters, ctx, book);

  // Every readable file that is there, with the registered entities it holds, in reading order
  // (dependencies first, so referenced keys are known before they are looked up).
  const sources: Source[] = owned
    .filter((o) => o.exporter.read && existsSync(artifactPath(dir, o.artifact.file)))
    .map((o) => {
      const path = artifactPath(dir, o.artifact.file);
      return { ...o, path, bytes: statSync(path).size, holds: heldEntities(o, ctx).filter((name) => plugins.has(name)) };
    })
    .filter((s) => s.holds.length > 0)
    .sort(verifyOrder(manifest.entities));

  const progress = new ByteProgress(options.onProgress);
  for (const a of manifest.artifacts) {
    const path = artifactPath(dir, a.file);
    if (existsSync(path)) progress.total += statSync(path).size;
  }
  for (const s of sources) progress.total += s.bytes;

  await checkFiles(dir, manifest, manifestFile, book, progress);

  // Each entity's copies in reading order; the first is checked in full, the others are compared with it.
  const copies = new Map<string, Copy[]>();
  for (const source of sources) {
    for (const name of source.holds) {
      const fields = ctx.entities.find((e) => e.name === name)!.fields;
      (copies.get(name) ?? copies.set(name, []).get(name)!).push({ source, sequence: new RecordSequence(fields) });
    }
  }
  const checkCtx: CheckContext = { data: needs.data, asOf: manifest.as_of, marker: manifest.synthetic_source };
  // Keys seen per `entity.field`, for foreign keys and uniqueness.
  const keys = new Map<string, Set<unknown>>();
  const referenced = new Set<string>();
  for (const p of plugins.values()) for (const target of Object.values(p.references ?? {})) referenced.add(target);
  const cross = new CrossChecks([...plugins.values()], checkCtx, book);
  // Runs made with --where: every unit meets every term (null, and no cost, without terms).
  const targeted = WhereTally.of(manifest.where, manifest.entities, needs.registry, manifest.as_of, referenced, book, manifestFile);

  for (const source of sources) {
    const { artifact } = source;
    const mine = new Map(source.holds.map((name) => [name, copies.get(name)!.find((c) => c.source === source)!]));
    const primary = new Set(source.holds.filter((name) => copies.get(name)![0]!.source === source));
    let read = 0;
    const fileProgress = progress.file(source.bytes, artifact.records);
    try {
      for await (const item of source.exporter.read!({ artifact, dir, path: source.path }, ctx)) {
        const where = `${artifact.file}:${item.line}`;
        if (item.kind === 'check') {
          book.record(item.rule, item.description, item.problem, where);
          continue;
        }
        const copy = mine.get(item.entity);
        if (!copy) continue;
        const plugin = plugins.get(item.entity)!;
        copy.sequence.add(item.record);
        book.record('marker', "every record of every copy carries the manifest's synthetic_source marker", markerProblem(item.record, manifest), where);
        if (primary.has(plugin.name)) {
          const violation = needs.schemas.check(plugin.schemaId, item.record);
          book.record('schema', 'every record validates against its JSON Schema', violation ? `${plugin.name} ${violation.path} ${violation.message}` : null, where);
          deepChecks(item.record, plugin, where, keys, referenced, book, checkCtx);
          cross.visit(plugin.name, item.record, where);
          targeted?.visit(plugin, item.record);
        }
        if (++read % PROGRESS_RECORDS === 0) fileProgress(read);
      }
    } catch (error) {
      book.record('files.readable', 'every data file parses', `${(error as Error).message}`, artifact.file);
      for (const copy of mine.values()) copy.broken = true;
      fileProgress(Infinity);
      continue;
    }
    fileProgress(Infinity);
    book.record('files.readable', 'every data file parses', null, artifact.file);
    for (const [name, copy] of mine) {
      copy.digest = copy.sequence.digest();
      const p = plugins.get(name)!;
      const expected = manifest.record_counts[p.plural] ?? 0;
      book.record('files.record_count', 'each file holds as many records as the manifest says', copy.sequence.count === expected ? null : `${copy.sequence.count} ${p.plural}, manifest says ${expected}`, artifact.file);
    }
    if (source.holds.length === heldEntities(source, ctx).length) {
      book.record('files.record_count', 'each file holds as many records as the manifest says', read === artifact.records ? null : `${read} records, its manifest entry says ${artifact.records}`, artifact.file);
    }
  }

  cross.finish();
  targeted?.finish(book, manifestFile);
  for (const [name, list] of copies) await compareCopies(name, list, ctx, dir, book);
  progress.end();
  const rules = book.results();
  return { dir, manifest, ok: rules.every((r) => r.failed === 0), rules, signature };
}

function checkSignature(dir: string, manifestFile: string, bytes: Buffer, publicKey: KeyObject, found: SignatureReport, book: RuleBook): SignatureReport {
  const problem = signatureProblem(dir, manifestFile, bytes, publicKey);
  book.record('signature', "the manifest's exact bytes are signed by the public key given (.sig beside it)", problem, manifestFile);
  return { ...found, status: problem ? 'invalid' : 'valid' };
}

function markerProblem(record: EntityRecord, manifest: SnapshotManifest): string | null {
  return record.synthetic_source === manifest.synthetic_source ? null : `synthetic_source is ${JSON.stringify(record.synthetic_source)}, expected ${JSON.stringify(manifest.synthetic_source)}`;
}

function deepChecks(record: EntityRecord, plugin: EntityPlugin, where: string, keys: Map<string, Set<unknown>>, referenced: Set<string>, book: RuleBook, ctx: CheckContext): void {
  const unique = plugin.idField ? [plugin.idField, ...(plugin.uniqueFields ?? [])] : plugin.uniqueFields ?? [];
  for (const field of unique) {
    const set = keySet(keys, `${plugin.name}.${field}`);
    const value = record[field];
    // A null is no value (a person without a licence has no number): unique among the values, as SQL's UNIQUE.
    if (value === null || value === undefined) continue;
    book.record('ids.unique', 'ids (and fields such as vin) are unique within the snapshot', set.has(value) ? `${plugin.name}.${field} ${String(value)} appears twice` : null, where);
    set.add(value);
  }
  for (const target of referenced) {
    const [entity, field] = target.split('.') as [string, string];
    if (entity === plugin.name && !unique.includes(field)) keySet(keys, target).add(record[field]);
  }
  for (const [field, target] of Object.entries(plugin.references ?? {})) {
    // An empty reference points at nothing, as SQL's NULL (a v0.1 person has no account).
    if (record[field] === null || record[field] === undefined) continue;
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

async function checkFiles(dir: string, manifest: SnapshotManifest, manifestFile: string, book: RuleBook, progress: ByteProgress): Promise<void> {
  const listed = new Set(manifest.artifacts.map((a) => a.file));
  const known = new Set([manifestFile, signatureFileName(manifestFile)]);
  for (const artifact of manifest.artifacts) {
    const path = artifactPath(dir, artifact.file);
    if (!existsSync(path)) {
      book.record('files.present', 'every file the manifest lists exists', 'missing', artifact.file);
      continue;
    }
    book.record('files.present', 'every file the manifest lists exists', null, artifact.file);
    const bytes = statSync(path).size;
    const sha256 = await sha256Of(path, progress);
    book.record('files.checksum', 'every file has the byte size and sha256 the manifest records',
      bytes !== artifact.bytes ? `${bytes} bytes, manifest says ${artifact.bytes}` : sha256 !== artifact.sha256 ? `sha256 ${sha256.slice(0, 12)}…, manifest says ${artifact.sha256.slice(0, 12)}…` : null, artifact.file);
  }
  for (const file of readdirSync(dir)) {
    if (known.has(file) || listed.has(file)) continue;
    book.record('files.unlisted', 'no file in the folder is missing from the manifest', 'not listed in the manifest', file);
  }
}
