/**
 * ESDH's public API: the only entry point of the library (`import ... from 'esdh'`).
 */
import { composeEngine, type CreateEngineOptions } from './compose/compose-engine.js';
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

export type { CreateEngineOptions } from './compose/compose-engine.js';
export { Engine, ENGINE_VERSION, shardRange, type Bundle, type EntityInfo, type GenerateOptions, type RunOptions, type RunResult } from './engine.js';
export { buildUnit, type BuildOptions, type BuildOverrides, type BuiltinRecords, type RecordOf } from './generate/build-record.js';
export { seedFor } from './lib/seed-for.js';
export { loadSnapshot, openSnapshot, type LoadSnapshotOptions, type LoadedSnapshot, type OpenedSnapshot, type SnapshotRecords } from './snapshot/open-snapshot.js';
export type { PluginModuleExports } from './compose/plugin-loader.js';
export type { VerifyReport, RuleResult } from './snapshot/verify.js';
export { defineEntityPlugin, type EntityPlugin, type EntityRecord, type GenerateContext, type SetupContext, type RecordCheck, type CheckContext, type UnitRecords } from './contracts/entity-plugin.js';
export type { Exporter, ExportSink, ExportTarget, ExportEntity, Artifact, RecordBatch, BatchEncoder, EncodedBatch, BatchCounts } from './contracts/exporter.js';
export { FileSink } from './lib/file-sink.js';
export { ERRORS, EsdhError, esdhError, isEsdhError, type ErrorCode } from './contracts/errors.js';
export { RandomStream, hashString, cumulativeWeights } from './lib/random.js';
export { uuidV4, uuidV5, ESDH_NAMESPACE } from './lib/uuid.js';
export { addMonths, addYears, fromDayNumber, toDayNumber, yearsBetween } from './lib/dates.js';
export type { RunPlan, RunRequest } from './generate/run-options.js';
export type { SnapshotManifest, ShardInfo } from './contracts/manifest.js';
export type { ResolvedConfig, EsdhConfig, ProfileConfig } from './contracts/config-types.js';
export type * from './generated/index.js';
