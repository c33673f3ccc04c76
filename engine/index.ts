/**
 * ESDH's public API (`import ... from 'esdh'`): the author kit (engine/kit.ts)
 * plus what makes and drives an engine.
 */
import { composeEngine } from './compose/compose-engine.js';
import type { CreateEngineOptions } from './contracts/engine-options.js';
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

export * from './kit.js';
export { Engine, type Bundle, type DefaultEntity, type EntityBundle, type EntityInfo, type EntityUnit, type GenerateOptions, type RunOptions, type RunResult } from './engine.js';
export { shardRange } from './generate/shard-range.js';
export { buildUnit, type BuildOptions, type BuildOverrides, type BuiltinRecords } from './generate/build-record.js';
export { loadSnapshot, openSnapshot } from './compose/open-snapshot.js';
export type { LoadSnapshotOptions, LoadedSnapshot, OpenedSnapshot, SnapshotRecords } from './snapshot/open-snapshot.js';
export type { PluginModuleExports } from './compose/plugin-loader.js';
export type { VerifyReport, RuleResult, VerifyOptions, VerifyProgress, SignatureReport } from './snapshot/verify.js';
export { newSigningKeys, readKey, writeSigningKeys, type KeyInput, type SigningKeyFiles } from './snapshot/signature.js';
export { checkWorkers, MAX_WORKERS } from './parallel/producers.js';
export { findTempFolders, reclaimTempFolders, tempPathFor, type TempFolder } from './snapshot/folder.js';
export { isAlive } from './lib/process-alive.js';
export { LruMap } from './lib/lru-map.js';
export type { MergeOptions, MergedManifest, MergedShard, MergeResult, ShardSource } from './snapshot/merge.js';
export type { LoadOptions, LoadResult } from './snapshot/load-into-target.js';
export type { LoadedReport, LoadedTableReport, TableDigest } from './snapshot/verify-loaded.js';
export { generateTypes, writeGeneratedFiles, type GeneratedFile } from './schema/codegen.js';
export { loadPluginModule } from './compose/plugin-loader.js';
