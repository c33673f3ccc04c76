import { createHash } from 'node:crypto';
import type { EngineParts } from '../contracts/engine-parts.js';

/**
 * What a worker's engine must share with the main thread's for the data to
 * be the same: the ordered plugins with versions and schema hashes, and the
 * config fields that reach generation. Compared when a worker starts.
 */
export function engineFingerprint(engine: EngineParts, entities: readonly string[]): string {
  const plugins = engine.registry.order(entities).map((p) => [p.name, p.plural, p.version, engine.schemas.hash(p.schemaId)]);
  const { validate, synthetic_source, entity_options, dataset_version } = engine.config;
  return createHash('sha256').update(JSON.stringify({ plugins, validate, synthetic_source, entity_options, dataset_version, formats: engine.formats() })).digest('hex');
}
