import { buildRecord, type BuildOptions } from './generate/build-record.js';
import type { ResolvedConfig } from './contracts/config-types.js';
import { esdhError } from './contracts/errors.js';
import type { DatasetFacts, Exporter, ExportEntity } from './contracts/exporter.js';
import type { DatasetMetadata } from './generated/dataset-metadata.js';
import { fileSuffixOf } from './contracts/manifest.js';
import type { DependencyContainer } from 'tsyringe';
import { CONFIG, EXPORTER, PLUGIN_REGISTRY, REFERENCE_DATA, SCHEMA_REGISTRY, TARGET } from './contracts/tokens.js';
import type { Target, TargetLocation } from './contracts/target.js';
import { shardRange } from './generate/shard-range.js';
import type { EntityPlugin, EntityRecord, EntityPlurals, EntityRecordTypes, KnownEntity, RecordOf, UnitRecords } from './contracts/entity-plugin.js';
import type { PluginRegistry } from './generate/plugin-registry.js';
import type { ReferenceData } from './lib/reference-data.js';
import { parseAsOf, parseNameList, parseRecords, parseSeed, resolveRunPlan, type LobType, type RunPlan, type RunRequest } from './generate/run-options.js';
import type { SchemaRegistry } from './schema/schema-registry.js';
import { BATCH_UNITS, writeSnapshot, type RunProgress, type SnapshotResult } from './snapshot/write-snapshot.js';
import { UnitGenerator } from './generate/unit-generator.js';
import { SetupCache } from './generate/setup-cache.js';
import { PreparedRuns, preparedKey, type PreparedRun } from './generate/prepared-runs.js';
import type { CreateEngineOptions } from './contracts/engine-options.js';
import type { EngineParts } from './contracts/engine-parts.js';
import { mergeShards, mergeShardsAsTheyCome, type MergeOptions, type MergeResult, type ShardSource } from './snapshot/merge.js';
import { BatchMaker } from './parallel/batch-maker.js';
import { checkWorkers, inProcessBatches, threadEngineOptions, threadsCanRebuild, workerProducer } from './parallel/producers.js';
import { nextTurn } from './lib/next-turn.js';
import { mergeInThread } from './parallel/merge-thread.js';
import { verifySnapshot, type VerifyOptions, type VerifyReport } from './snapshot/verify.js';
import { signingKey, type KeyInput } from './snapshot/signature.js';
import { manifestDraft, regenerateCommand } from './snapshot/manifest-draft.js';
import { exportEntities } from './generate/export-entities.js';
import { parseWhere, whereTexts } from './generate/where-parse.js';
import { targetRows, type TargetRow } from './generate/where-targets.js';
import { checkedTarget, checkIfExists, loadIntoTarget, type LoadOptions, type LoadResult, type TargetNeeds } from './snapshot/load-into-target.js';
import { verifyLoaded, type LoadedReport } from './snapshot/verify-loaded.js';

/** What an entity looks like from outside: for `esdh plugins`, GET /entities. */
export interface EntityInfo {
  readonly name: string;
  readonly plural: string;
  readonly version: string;
  readonly schemaId: string;
  readonly dependencies: readonly string[];
  readonly description: string;
  readonly fields: readonly string[];
  readonly enabledByDefault: boolean;
}

/** Options of `engine.generate` and `engine.stream`. */
export interface GenerateOptions {
  /** Units to make (a person each in the v0.1 profiles, an account each in the book); default: the profile's. */
  records?: number;
  seed?: number;
  /** `YYYY-MM-DD`; default: the profile's or config's as_of. */
  asOf?: string;
  profile?: string;
  randomize?: boolean;
  /** Only Personal or only Commercial accounts (the lob mix becomes 1 for it, 0 for the other). */
  lob?: LobType;
  /** First unit index (default 0): make a slice of a run alone. */
  unitStart?: number;
  /**
   * Scenario targeting: terms every unit meets by construction, added to the
   * profile's (docs/scenario-targeting.md).
   * @example
   * await engine.generate('bundle', { profile: 'book', records: 10, where: 'state=AZ,lob_type=Commercial' });
   */
  where?: string | readonly string[];
}

/** A bundle: every entity's records under its plural key. */
export type Bundle = Record<string, EntityRecord[]>;

/** The entities of the built-in config's `entities`: in every default bundle and unit. */
export type DefaultEntity = 'person' | 'vehicle' | 'profile';

/** The plural of a known entity (`EntityPlurals`), or never. */
type PluralOf<K> = K extends keyof EntityPlurals ? EntityPlurals[K] : never;

/**
 * What `engine.generate('bundle')` returns: the records of each entity under
 * its plural key, typed for known entities (`EntityRecordTypes`,
 * `EntityPlurals`). `persons`, `vehicles` and `profiles` (the built-in
 * default entities) are always there; other entities only when the profile
 * or config lists them.
 */
export type EntityBundle = { [K in DefaultEntity as PluralOf<K>]: EntityRecordTypes[K][] }
  & { [K in Exclude<KnownEntity, DefaultEntity> as PluralOf<K>]?: EntityRecordTypes[K][] }
  & Bundle;

/**
 * One unit as `engine.units` yields it: records by singular name, typed for
 * known entities; the entities asked for (default: the built-in defaults) are
 * always there, their dependencies too (untyped unless known).
 */
export type EntityUnit<E extends string = DefaultEntity> = { [K in E]: RecordOf<K>[] }
  & { [K in Exclude<KnownEntity, E>]?: EntityRecordTypes[K][] }
  & UnitRecords;

/** Options of `engine.run`: a governed snapshot on disk. */
export interface RunOptions extends RunRequest {
  /** The snapshot folder to create; it must not exist. */
  out: string;
  /** Only this slice of the run (1-based index of count). */
  shard?: { index: number; count: number };
  /** The command line to record as the way to regenerate (default: derived). */
  regenerate?: string;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /**
   * Threads that generate and encode: this one plus `workers - 1` worker
   * threads (default 1: all in this thread). The data files are the same
   * bytes whatever the number.
   */
  workers?: number;
  /**
   * Sign the manifest with this Ed25519 private key (a PEM file's path, e.g.
   * `release.key` from `esdh keys new`, or a KeyObject): the detached
   * signature `snapshot_manifest_<suffix>.json.sig` is written beside it in
   * the same folder swap. Check it with `verify(dir, { publicKey })`.
   */
  signKey?: KeyInput;
}

/** The result of `engine.run`. */
export interface RunResult extends SnapshotResult {
  readonly plan: RunPlan;
}

/**
 * One configured engine: its plugins, schemas, exporters and reference data.
 * Made by `createEngine`; holds no global state, so many can live side by side.
 * @example
 * const engine = await createEngine();
 * engine.entities().map((e) => e.name); // → ['person', 'vehicle', 'profile', 'policy', 'claim']
 */
export class Engine implements EngineParts {
  readonly config: ResolvedConfig;
  readonly schemas: SchemaRegistry;
  readonly registry: PluginRegistry;
  readonly data: ReferenceData;
  /** The plugins' setup results, kept across runs, builds and requests (bounded: least recently used first out). */
  readonly setups = new SetupCache();
  /** The checked plans and generators of `units` requests, kept by request (bounded: least recently used first out). */
  readonly prepared = new PreparedRuns();
  private readonly exporterList: readonly Exporter[];
  private readonly targetList: readonly Target[];

  /**
   * @param container this engine's own container, filled by the composition
   *   root: every part is resolved from it by token.
   * @param origin the options the engine was made with: worker threads build their engines from them.
   */
  constructor(
    readonly container: DependencyContainer,
    readonly origin: CreateEngineOptions = {},
  ) {
    this.config = container.resolve(CONFIG);
    this.schemas = container.resolve(SCHEMA_REGISTRY);
    this.registry = container.resolve(PLUGIN_REGISTRY);
    this.data = container.resolve(REFERENCE_DATA);
    this.exporterList = container.resolveAll(EXPORTER);
    this.targetList = container.isRegistered(TARGET) ? container.resolveAll(TARGET) : [];
  }

  /** Every registered entity, in registration order. */
  entities(): EntityInfo[] {
    return this.registry.all().map((p) => this.info(p));
  }

  /** One entity by singular or plural name. */
  entity(name: string): EntityInfo {
    return this.info(this.registry.get(name));
  }

  /**
   * These entities (default: every registered one) and their dependencies as
   * exporters see them, dependencies first: fields, schema and keys.
   * @example
   * engine.exportEntities(['vehicle']).map((e) => e.name); // → ['person', 'vehicle']
   */
  exportEntities(names?: readonly string[]): ExportEntity[] {
    return exportEntities(this.registry.order(names ?? this.registry.names()), this.schemas);
  }

  /** Names of the registered output formats. */
  formats(): string[] {
    return this.exporterList.map((e) => e.name);
  }

  exporter(name: string): Exporter {
    const found = this.exporterList.find((e) => e.name === name);
    if (!found) throw esdhError('ESDH_ERR_EXPORTER_UNKNOWN', name, this.formats().join(', '));
    return found;
  }

  /** Resolve and check a request: profile, seed, as_of, entities, formats and `where` terms (parsed against the run's plugins). */
  plan(request: RunRequest = {}): RunPlan {
    return this.checkedPlan(request);
  }

  /**
   * What `--where` may name in a run of these entities (default: the
   * default profile's): each targetable field and count, with its type and
   * description, in generation order.
   * @example
   * engine.targetable(engine.plan({ profile: 'book' }).entities).map((t) => t.name); // → ['account.state', 'account.lob_type', ..., 'claims']
   */
  targetable(entities?: readonly string[]): TargetRow[] {
    return targetRows(this.registry.order(entities ?? this.plan().entities));
  }

  /** plan(), with the root entity a bare `--where` field names given (a slice of a run keeps the whole run's root). */
  private checkedPlan(request: RunRequest, root?: string): RunPlan {
    const plan = resolveRunPlan(this.config, request);
    parseRecords(plan.records);
    parseSeed(plan.seed);
    parseAsOf(plan.asOf);
    const entities = parseNameList(plan.entities, this.registry.names(), 'ESDH_ERR_ENTITY_UNKNOWN');
    const formats = parseNameList(plan.formats, this.formats(), 'ESDH_ERR_EXPORTER_UNKNOWN');
    if (plan.whereText.length === 0) return { ...plan, entities, formats };
    const plugins = this.registry.order(entities);
    const where = parseWhere(plan.whereText, plugins, { registered: this.registry.all(), ...(root === undefined ? {} : { root }) });
    return { ...plan, entities, formats, where, whereText: whereTexts(where, plugins, root ?? plugins[0]?.name) };
  }

  /** A generator for the plan's entities and their dependencies (and the post-check of its `where` terms). */
  generator(plan: Pick<RunPlan, 'seed' | 'asOf' | 'entities' | 'distributions'> & Partial<Pick<RunPlan, 'where'>>): UnitGenerator {
    return new UnitGenerator(this.registry.order(plan.entities), this.schemas, this.data, {
      seed: plan.seed,
      asOf: plan.asOf,
      marker: this.config.synthetic_source,
      validate: this.config.validate,
      entityOptions: this.config.entity_options as Record<string, Record<string, unknown>>,
      distributions: plan.distributions,
      ...(plan.where && plan.where.length > 0 ? { where: plan.where } : {}),
    }, this.setups);
  }

  /**
   * Records in memory: one entity's list, or with `'bundle'` every default
   * entity under its plural key. For large counts use `stream`. Typed per
   * entity: `Person[]` for `'person'`, an `EntityBundle` for `'bundle'`,
   * `EntityRecord[]` for entities `EntityRecordTypes` does not know.
   * @example
   * const persons = await engine.generate('person', { records: 10, seed: 42 });
   * // persons[0].driver_license_state → 'CA'
   * const { persons, vehicles, profiles } = await engine.generate('bundle', { records: 3 });
   */
  generate(entity: 'bundle', options?: GenerateOptions): Promise<EntityBundle>;
  generate<K extends string>(entity: K, options?: GenerateOptions): Promise<string extends K ? EntityRecord[] | EntityBundle : RecordOf<K>[]>;
  async generate(entity: string, options: GenerateOptions = {}): Promise<EntityRecord[] | Bundle> {
    // The units as `units` makes them, without an async iterator's turns per unit (a server answers many small requests).
    const only = entity === 'bundle' ? undefined : this.registry.get(entity).name;
    const { generator, start, end } = this.unitRange(options, only === undefined ? undefined : [only]);
    const bundle: Bundle = {};
    const out: EntityRecord[] = [];
    for (let unit = start; unit < end; unit++) {
      const records = generator.generateUnit(unit);
      if (only !== undefined) {
        const own = records[only];
        if (own !== undefined) for (const record of own) out.push(record);
      } else {
        for (const name in records) {
          const list = (bundle[this.registry.get(name).plural] ??= []);
          for (const record of records[name]!) list.push(record);
        }
      }
      if ((unit - start) % BATCH_UNITS === BATCH_UNITS - 1) await nextTurn();
    }
    return only === undefined ? bundle : out;
  }

  /**
   * Records of one entity as an async iterable: any count, flat memory.
   * @example
   * for await (const vehicle of engine.stream('vehicle', { records: 1_000_000 })) send(vehicle);
   */
  stream<K extends string>(entity: K, options?: GenerateOptions): AsyncGenerator<RecordOf<K>>;
  async *stream(entity: string, options: GenerateOptions = {}): AsyncGenerator<EntityRecord> {
    const name = this.registry.get(entity).name;
    for await (const unit of this.units(options, [name])) yield* unit[name] ?? [];
  }

  /**
   * Whole units (one person and everything hanging off it) as an async iterable.
   * @example
   * for await (const unit of engine.units({ records: 5 })) console.log(unit.person[0].person_id, unit.vehicle.length);
   */
  units(options?: GenerateOptions): AsyncGenerator<EntityUnit>;
  units<const E extends string>(options: GenerateOptions | undefined, entities: readonly E[]): AsyncGenerator<EntityUnit<E>>;
  units(options?: GenerateOptions, entities?: readonly string[]): AsyncGenerator<UnitRecords>;
  async *units(options: GenerateOptions = {}, entities?: readonly string[]): AsyncGenerator<UnitRecords> {
    const { generator, start, end } = this.unitRange(options, entities);
    for (let unit = start; unit < end; unit++) {
      yield generator.generateUnit(unit);
      if ((unit - start) % BATCH_UNITS === BATCH_UNITS - 1) await nextTurn();
    }
  }

  /** The generator of a `units` request and its units [start, end), checked (unitStart, the plugins' capacity). */
  private unitRange(options: GenerateOptions, entities: readonly string[] | undefined): { generator: UnitGenerator; start: number; end: number } {
    const { plan, generator } = this.prepare(options, entities);
    const start = options.unitStart ?? 0;
    if (!Number.isSafeInteger(start) || start < 0) throw esdhError('ESDH_ERR_OPTION_INVALID', 'unitStart', JSON.stringify(options.unitStart), 'expected a whole number >= 0');
    const end = start + plan.records;
    generator.checkCapacity(end);
    return { generator, start, end };
  }

  /** The plan and generator of a `units` request: the kept ones of the same request, or new ones (then kept). */
  private prepare(options: GenerateOptions, entities: readonly string[] | undefined): PreparedRun {
    const key = preparedKey(options as Record<string, unknown>, entities);
    const kept = key === undefined ? undefined : this.prepared.get(key);
    if (kept !== undefined) return kept;
    // One entity of a profile's run comes as that run makes it: a book profile's persons with their accounts,
    // and with the entities its `where` terms name (persons of accounts with claims are made with the claims).
    let plan: RunPlan;
    if (entities === undefined) plan = this.plan(options);
    else {
      const full = this.plan(options);
      const wanted = [...entities, ...full.where.map((t) => t.entity).filter((e) => !entities.includes(e))];
      plan = this.checkedPlan({ ...options, entities: this.registry.withOptional(wanted, full.entities) }, this.registry.order(full.entities)[0]?.name);
    }
    const run = { plan, generator: this.generator(plan) };
    return key === undefined ? run : this.prepared.set(key, run);
  }

  /**
   * Generate a governed snapshot folder (data files, README, manifest).
   * @example
   * const { dir, manifest } = await engine.run({ profile: 'baseline', out: '/tmp/snap' });
   * // manifest.record_counts → { persons: 30, vehicles: 30, profiles: 30 }
   */
  async run(options: RunOptions): Promise<RunResult> {
    const signKey = options.signKey === undefined ? undefined : signingKey(options.signKey, 'private');
    const plan = this.plan(options);
    const shard = options.shard ? shardRange(options.shard, plan.records) : null;
    const workers = checkWorkers(options.workers ?? 1);
    const plugins = this.registry.order(plan.entities);
    const fileSuffix = fileSuffixOf(this.config.dataset_version);
    const entities: ExportEntity[] = exportEntities(plugins, this.schemas);
    const exporters = plan.formats.map((f) => this.exporter(f));
    const regenerate = options.regenerate ?? regenerateCommand(plan, shard);
    const generator = this.generator(plan);
    generator.checkCapacity(plan.records);
    // Records reach the exporters validated when the config validates them (the generator checks each one).
    const validated = this.config.validate;
    const local = new BatchMaker(generator, plugins, exporters.map((e) => e.encoder?.({ dir: '', fileSuffix, entities, validated }) ?? null));
    const produce = workers > 1 ? workerProducer(this, this.origin, plan, exporters, workers, local) : inProcessBatches(local, BATCH_UNITS);
    const result = await writeSnapshot({
      out: options.out,
      target: { fileSuffix, entities, validated },
      exporters,
      unitStart: shard?.unit_start ?? 0,
      unitEnd: shard?.unit_end ?? plan.records,
      produce,
      workers,
      facts: (counts) => this.facts(plan, counts),
      manifest: (artifacts, counts) => manifestDraft({ config: this.config, schemas: this.schemas }, plan, plugins, shard, artifacts, counts, regenerate),
      signal: options.signal,
      onProgress: options.onProgress,
      signKey,
    });
    return { ...result, plan };
  }

  /**
   * One record for a test, with fields pinned: the entity's own fields, or
   * those of an entity it depends on under its name. Dependents read the
   * pinned record, and every record is validated as in a run.
   * @example
   * const vehicle = engine.build('vehicle', { seed: seedFor('garaged in Reno'), overrides: { person: { state: 'NV', city: 'Reno', postal_code: '89501' } } });
   * // vehicle.garaging_state → 'NV'; vehicle.garaging_postal_code → '89501'
   */
  build<K extends string>(entity: K, options: BuildOptions<K> = {}): RecordOf<K> {
    return buildRecord(this, entity, options);
  }

  /**
   * Join the shards of one run (`run({ shard })`, any order) into the snapshot
   * the unsharded run writes: the same data-file bytes, and a manifest that
   * lists the shards under `merged_from`. `signKey` signs the merged
   * manifest; `publicKey` requires every shard's manifest to be signed with it.
   * @example
   * for (const index of [1, 2]) await engine.run({ records: 1000, seed: 7, shard: { index, count: 2 }, out: `/tmp/s${index}` });
   * const { manifest } = await engine.merge(['/tmp/s1', '/tmp/s2'], { out: '/tmp/all' });
   * // manifest.units → 1000; manifest.merged_from.length → 2
   */
  merge(dirs: readonly string[], options: MergeOptions): Promise<MergeResult> {
    return mergeShards(dirs, options, { exporters: this.exporterList, schemas: this.schemas });
  }

  /**
   * `merge` while the shards are still being made: `source.shard(k)` resolves
   * to shard k's folder once it is complete, and shard k is appended as soon
   * as it and every shard before it are in (files of formats whose exporter
   * streams its merge; the others once the last shard is in). The same
   * checks and the same bytes as `merge`; the folder appears only complete.
   * `thread: true` merges in a worker thread (built from this engine's
   * options), so the bytes are read, hashed and written on another core than
   * the one making the next shard; an engine given plugins or exporters as
   * objects merges in this thread.
   * @example
   * const done = (k: number) => waitUntilShardIsDone(k); // resolves to its folder
   * const { manifest } = await engine.mergeAsTheyCome({ count: 2, shard: done }, { out: '/tmp/all', thread: true });
   */
  mergeAsTheyCome(source: ShardSource, options: MergeOptions & { readonly thread?: boolean }): Promise<MergeResult> {
    const { thread, ...rest } = options;
    if (thread && threadsCanRebuild(this.origin)) return mergeInThread(threadEngineOptions(this.origin), source, rest);
    return mergeShardsAsTheyCome(source, rest, { exporters: this.exporterList, schemas: this.schemas });
  }

  /**
   * Check a snapshot folder and trust nothing in it: the manifest's shape and
   * marker, the files its formats imply, checksums, record counts, schemas,
   * ids, references and every plugin's domain rules, every copy of every
   * entity equal record by record, the marker on every record; with
   * `publicKey`, that the manifest is signed with it (only that proves who
   * made the snapshot). `onProgress` gets bytes read of the total.
   * @example
   * const report = await engine.verify('data/demo_runs/latest_demo');
   * // report.ok → true; report.rules → [{ rule: 'schema', checked: 90, failed: 0, ... }, ...]; report.signature.status → 'not checked'
   * const signed = await engine.verify('/tmp/snap', { publicKey: 'release.pub' });
   * // signed.signature.status → 'valid'
   */
  verify(dir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
    return verifySnapshot(dir, { schemas: this.schemas, registry: this.registry, data: this.data, exporters: this.exporterList }, options);
  }

  /**
   * The registered load targets (databases), each with the URL schemes it takes.
   * @example
   * engine.targets().flatMap((t) => t.schemes); // → the URL schemes `load` and `verifyLoaded` take
   */
  targets(): readonly Target[] {
    return this.targetList;
  }

  /**
   * Check load options before a long run: the URL's scheme has a target,
   * the target takes the namespace, `ifExists` is one of IF_EXISTS_MODES,
   * and the target answers with these credentials (it connects and
   * disconnects, nothing else). `load` checks the same first.
   * @example
   * await engine.checkLoad({ to: process.env.DATABASE_URL!, namespace: 'QA; DROP' }); // rejects with ESDH_ERR_DB_SCHEMA_NAME_INVALID
   */
  async checkLoad(options: Pick<LoadOptions, 'to' | 'namespace' | 'ifExists'>): Promise<void> {
    const location = { url: options.to, ...(options.namespace === undefined ? {} : { namespace: options.namespace }) };
    const target = checkedTarget(location, this.targetList);
    checkIfExists(options.ifExists);
    await target.probe?.(location);
  }

  /**
   * Load a snapshot folder into a database: options and credentials checked
   * (`checkLoad`), the snapshot verified in full (a failure is
   * ESDH_ERR_DB_SNAPSHOT_INVALID and nothing is sent to the database), then
   * every record streamed into the target found by the URL's scheme, in one
   * transaction that is committed only when every table holds the snapshot's
   * rows. Memory stays flat at any size.
   * @example
   * const { tables } = await engine.load('/tmp/snap', { to: process.env.DATABASE_URL!, namespace: 'qa_7', ifExists: 'replace' });
   * // tables → [{ entity: 'person', table: '"qa_7"."persons"', rows: 30 }, ...]
   */
  load(dir: string, options: LoadOptions): Promise<LoadResult> {
    return loadIntoTarget(dir, options, this.targetNeeds());
  }

  /**
   * Whether a database holds exactly a snapshot's records: per table the row
   * count and an order-independent checksum of the rows against the
   * snapshot's records (docs/databases.md defines it); a differing table
   * names its first differing row when it has a primary key.
   * @example
   * const report = await engine.verifyLoaded('/tmp/snap', { url: process.env.DATABASE_URL!, namespace: 'qa_7' });
   * // report.ok → true; report.tables[0] → { entity: 'person', snapshot: { rows: 30, checksum: '…' }, database: { rows: 30, checksum: '…' }, problem: null, … }
   */
  verifyLoaded(dir: string, location: TargetLocation): Promise<LoadedReport> {
    return verifyLoaded(dir, location, this.targetNeeds());
  }

  private targetNeeds(): TargetNeeds {
    return { snapshot: this, registry: this.registry, schemas: this.schemas, targets: this.targetList };
  }

  /**
   * What the core knows about a dataset, with no format in it: version, seed,
   * as_of, marker and record counts by plural. Exporters build their own
   * metadata from these (deterministic: no wall clock).
   * @example
   * engine.facts({ seed: 42, asOf: '2025-11-01' }, { persons: 3 });
   * // → { datasetVersion: 'v0.1', seed: 42, asOf: '2025-11-01', marker: 'enterprise-synthetic-data-hub v0.1', counts: { persons: 3 } }
   */
  facts(plan: Pick<RunPlan, 'seed' | 'asOf'>, counts: Record<string, number>): DatasetFacts {
    return { datasetVersion: this.config.dataset_version, seed: plan.seed, asOf: plan.asOf, marker: this.config.synthetic_source, counts };
  }

  /**
   * The dataset metadata for these counts as the first registered exporter
   * with a `metadata` hook builds it from `facts` (with the built-ins: the
   * v0.1 JSON bundle's `metadata`, which the HTTP bundle carries too).
   * @example
   * engine.metadata({ seed: 42, asOf: '2025-11-01' }, { persons: 3 }).record_counts; // → { persons: 3 }
   */
  metadata(plan: Pick<RunPlan, 'seed' | 'asOf'>, counts: Record<string, number>): DatasetMetadata {
    const maker = this.exporterList.find((e) => e.metadata);
    if (!maker) throw esdhError('ESDH_ERR_EXPORTER_UNKNOWN', 'with dataset metadata (an exporter with a metadata hook)', this.formats().join(', '));
    return maker.metadata!(this.facts(plan, counts)) as DatasetMetadata;
  }

  private info(p: EntityPlugin): EntityInfo {
    return {
      name: p.name,
      plural: p.plural,
      version: p.version,
      schemaId: p.schemaId,
      dependencies: p.dependencies,
      description: p.description ?? '',
      fields: this.schemas.fields(p.schemaId),
      enabledByDefault: this.config.entities.includes(p.name),
    };
  }
}
