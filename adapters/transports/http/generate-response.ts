import type { Bundle, Engine, EntityRecord } from '../../../engine/index.js';
import type { ResolvedGenerateRequest } from './generate-request.js';

/** The route name that asks for every entity of the plan at once. */
export const BUNDLE = 'bundle';

/**
 * The v0.1 response body of POST /generate/<entity> and /generate/bundle:
 * `metadata`, the records under their plural key(s), `record_count` (one
 * entity), `records_requested` and the effective `seed`. Deterministic: the
 * same request gives the same bytes (metadata.generated_at is the as_of date).
 * @example
 * await generateResponse(engine, 'person', resolveGenerateRequest(engine, { records: 3, seed: 42 }));
 * // → { metadata: {...}, persons: [3 records], record_count: 3, records_requested: 3, seed: 42 }
 */
export async function generateResponse(engine: Engine, entity: string, request: ResolvedGenerateRequest): Promise<Record<string, unknown>> {
  const { options } = request;
  if (entity === BUNDLE) {
    const bundle = (await engine.generate(BUNDLE, options)) as Bundle;
    const counts = Object.fromEntries(Object.entries(bundle).map(([plural, records]) => [plural, records.length]));
    return { metadata: engine.metadata(options, counts), ...bundle, records_requested: options.records, seed: options.seed };
  }
  const { name, plural } = engine.entity(entity);
  const records = (await engine.generate(name, options)) as EntityRecord[];
  return {
    metadata: engine.metadata(options, { [plural]: records.length }),
    [plural]: records,
    record_count: records.length,
    records_requested: options.records,
    seed: options.seed,
  };
}

/**
 * NDJSON text for a generate request, one chunk per unit: for an entity its
 * records, one per line; for the bundle every record of the unit as
 * `{"entity":"person","record":{...}}`, dependencies first. Lazy: a unit is
 * generated only when the consumer asks for the next chunk.
 */
export async function* ndjsonChunks(engine: Engine, entity: string, request: ResolvedGenerateRequest): AsyncGenerator<string> {
  const { options } = request;
  if (entity === BUNDLE) {
    const prefixes = new Map<string, string>();
    for await (const unit of engine.units(options)) {
      let chunk = '';
      for (const name in unit) {
        let prefix = prefixes.get(name);
        if (prefix === undefined) prefixes.set(name, (prefix = `{"entity":${JSON.stringify(name)},"record":`));
        for (const record of unit[name]!) chunk += prefix + JSON.stringify(record) + '}\n';
      }
      yield chunk;
    }
    return;
  }
  const { name } = engine.entity(entity);
  for await (const unit of engine.units(options, [name])) {
    let chunk = '';
    for (const record of unit[name] ?? []) chunk += JSON.stringify(record) + '\n';
    yield chunk;
  }
}
