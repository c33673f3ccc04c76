/**
 * The author kit (`import ... from 'esdh/kit'`): everything a plugin, an
 * exporter or a transport is built from, and nothing that composes an engine.
 * The built-in plugins, exporters and the config loader import the engine
 * only through this file. `esdh` (engine/index.ts) re-exports all of it; augment
 * your record types on `esdh` (`declare module 'esdh'`).
 */
export { defineEntityPlugin, type EntityPlugin, type EntityRecord, type EntityRecordTypes, type EntityPlurals, type KnownEntity, type KnownPlural, type OwnRecord, type RecordOf, type SingularOf, type UnitDeps, type GenerateContext, type SetupContext, type RecordCheck, type CheckContext, type UnitRecords, type CrossCheck, type CrossReport } from './contracts/entity-plugin.js';
export { dataFileName, type Exporter, type ExportSink, type ExportTarget, type ExportEntity, type Artifact, type RecordBatch, type BatchEncoder, type EncodedBatch, type BatchCounts } from './contracts/exporter.js';
export type { DatasetFacts, ExpectedArtifact, ArtifactFile, SnapshotContext, ReadItem, ReadRecord, ReadCheck, MergeInput, MergeOutput, StreamMergeContext } from './contracts/exporter.js';
export { IF_EXISTS_MODES, type IfExists, type Target, type TargetLocation, type TargetLoadOptions, type TargetLoadResult, type TargetReadback, type LoadSource, type LoadProgress, type LoadedTable } from './contracts/target.js';
export { ERRORS, EsdhError, esdhError, isEsdhError, type ErrorCode, type ErrorDetails, type PluginHook } from './contracts/errors.js';
export { fileSuffixOf, manifestFileName, isSyntheticMarker, SYNTHETIC_MARKER_RULE, type SnapshotManifest, type ShardInfo } from './contracts/manifest.js';
export type { Distributions, ResolvedConfig, EsdhConfig, ProfileConfig } from './contracts/config-types.js';
export type { CreateEngineOptions } from './contracts/engine-options.js';
export { ENTITY_PLUGIN, EXPORTER, TARGET, SCHEMA_REGISTRY, REFERENCE_DATA, CONFIG, type Token } from './contracts/tokens.js';
export { FileSink, type FileDigest } from './lib/file-sink.js';
export { acquireBuffer, releaseBytes } from './lib/byte-pool.js';
export { RandomStream, hashString, cumulativeWeights, weightedIndexAt } from './lib/random.js';
export { uuidV4, uuidV5, ESDH_NAMESPACE } from './lib/uuid.js';
export { addMonths, addMonthsToDay, addYears, civilDate, type CivilDate, civilOfDay, dayNumberOf, fromDayNumber, toDayNumber, yearsBetween, yearsFrom } from './lib/dates.js';
export { seedFor } from './lib/seed-for.js';
export { redactUrl } from './lib/redact-url.js';
export { packageRoot } from './lib/package-root.js';
export { ENGINE_VERSION } from './lib/engine-version.js';
export type { ReferenceData } from './lib/reference-data.js';
export type { SchemaRegistry, SchemaAddOptions, JsonSchema } from './schema/schema-registry.js';
export { LOB_TYPES, parseAsOf, parseLob, parseRecords, parseSeed, type LobType, type RunPlan, type RunRequest } from './generate/run-options.js';
export type * from './generated/index.js';
export type { Targeting, TargetableField, TargetableType, Where, WhereOp, WhereTerm } from './contracts/where.js';
export { allowedValues, countTerms, dateInterval, fieldTerms, integerInterval, meetsAll, termAccepts } from './lib/where-match.js';
