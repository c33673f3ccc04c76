/**
 * ESDH's public API: the only entry point of the library (`import ... from 'esdh'`).
 */
import { composeEngine, type CreateEngineOptions } from './container.js';
import type { Engine } from './engine.js';

/**
 * Make an engine: config found from `cwd` (esdh.config.yaml, .esdhrc,
 * package.json `esdh`), built-in plugins and exporters, plus yours.
 * @example
 * import { createEngine } from 'esdh';
 * const engine = await createEngine();
 * const persons = await engine.generate('person', { records: 3, seed: 42 });
 * // persons[0] → { person_id: '…', first_name: '…', driver_license_state: 'CA', … }
 */
export function createEngine(options: CreateEngineOptions = {}): Promise<Engine> {
  return composeEngine(options);
}

export type { CreateEngineOptions } from './container.js';
export { Engine, ENGINE_VERSION, shardRange, type Bundle, type EntityInfo, type GenerateOptions, type RunOptions, type RunResult } from './engine.js';
export { buildUnit, type BuildOptions, type BuildOverrides, type BuiltinRecords, type RecordOf } from './build-record.js';
export { seedFor } from './seed-for.js';
export { loadSnapshot, openSnapshot, type LoadSnapshotOptions, type LoadedSnapshot, type OpenedSnapshot, type SnapshotRecords } from './load-snapshot.js';
export type { PluginModuleExports } from './plugin-loader.js';
export type { VerifyReport, RuleResult } from './verify.js';
export { defineEntityPlugin, type EntityPlugin, type EntityRecord, type GenerateContext, type SetupContext, type RecordCheck, type CheckContext, type UnitRecords } from './plugin.js';
export type { Exporter, ExportSink, ExportTarget, ExportEntity, Artifact, RecordBatch, BatchEncoder, EncodedBatch, BatchCounts } from './exporter.js';
export { FileSink } from './file-sink.js';
export { ERRORS, EsdhError, esdhError, isEsdhError, type ErrorCode } from './errors.js';
export { RandomStream, hashString, cumulativeWeights } from './random.js';
export { uuidV4, uuidV5, ESDH_NAMESPACE } from './uuid.js';
export { addMonths, addYears, fromDayNumber, toDayNumber, yearsBetween } from './dates.js';
export type { RunPlan, RunRequest } from './run-options.js';
export type { SnapshotManifest, ShardInfo } from './manifest.js';
export type { ResolvedConfig, EsdhConfig, ProfileConfig } from './config-types.js';
export type * from './generated/index.js';
