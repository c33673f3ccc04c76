/**
 * The cost of validating records: every record of N bundles (or book
 * accounts) held in memory, validated by ajv's validators alone ("ajv") and
 * by the registry's validators, the compiled check in front of ajv ("fast"),
 * in alternating rounds (ajv fast fast ajv ...) so drift on a shared machine
 * hits both alike. Prints µs per bundle for each round and the ratio
 * fast / ajv per pair of rounds. Measured here, never asserted in tests.
 *
 *   npm run build && node dist/bench/validate-bench.js                      200,000 v0.1 bundles, 6 rounds
 *   node dist/bench/validate-bench.js --records 5000 --profile book --rounds 4
 */
import { parseArgs } from 'node:util';
import type { ValidateFunction } from 'ajv';
import { createEngine, type EntityRecord } from '../engine/index.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '6' },
    profile: { type: 'string' },
  },
});
const records = Number(values.records);
const rounds = Number(values.rounds);

const engine = await createEngine({ noConfigFile: true, env: {} });
const groups: { schemaId: string; records: EntityRecord[] }[] = [];
const bySchema = new Map<string, EntityRecord[]>();
const started = Date.now();
for await (const unit of engine.units({ records, seed: 42, ...(values.profile === undefined ? {} : { profile: values.profile }) })) {
  for (const [name, list] of Object.entries(unit)) {
    const schemaId = engine.entity(name).schemaId;
    let held = bySchema.get(schemaId);
    if (held === undefined) bySchema.set(schemaId, (held = []));
    held.push(...(list as EntityRecord[]));
  }
}
for (const [schemaId, list] of bySchema) groups.push({ schemaId, records: list });
const total = groups.reduce((n, g) => n + g.records.length, 0);
console.log(`${records} units, ${total} records (${groups.map((g) => `${g.schemaId} ${g.records.length}`).join(', ')}), generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const validators = {
  ajv: groups.map((g) => engine.schemas.ajvValidator(g.schemaId)),
  fast: groups.map((g) => engine.schemas.validator(g.schemaId)),
};

function round(set: ValidateFunction[]): number {
  const start = process.hrtime.bigint();
  let invalid = 0;
  for (let g = 0; g < groups.length; g++) {
    const validate = set[g]!;
    const list = groups[g]!.records;
    for (let i = 0; i < list.length; i++) if (!validate(list[i])) invalid++;
  }
  const micros = Number(process.hrtime.bigint() - start) / 1000;
  if (invalid > 0) throw new Error(`${invalid} records invalid`);
  return micros / records;
}

// Warm both up (compiled code, inline caches) before timing.
round(validators.ajv);
round(validators.fast);
const ratios: number[] = [];
for (let r = 0; r < rounds; r += 2) {
  const order = (r / 2) % 2 === 0 ? (['ajv', 'fast'] as const) : (['fast', 'ajv'] as const);
  const times: Record<string, number> = {};
  for (const name of order) times[name] = round(validators[name]);
  ratios.push(times.fast! / times.ajv!);
  console.log(`round ${r / 2 + 1} (${order.join(' then ')}): ajv ${times.ajv!.toFixed(2)} µs/unit, fast ${times.fast!.toFixed(2)} µs/unit, fast/ajv ${(times.fast! / times.ajv!).toFixed(3)}`);
}
const sorted = [...ratios].sort((a, b) => a - b);
console.log(`fast/ajv: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, range ${sorted[0]!.toFixed(3)}-${sorted[sorted.length - 1]!.toFixed(3)}`);
