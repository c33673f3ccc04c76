/** Book units made in memory with `--where` terms handed straight to the generator (until the engine parses them), and every rule over them. */
import type { Engine, Where, WhereTerm } from '../../../engine/index.js';
import { BOOK, bookProblems } from '../../helpers/book-problems.js';
import { UnitGenerator } from '../../../engine/generate/unit-generator.js';

export { BOOK };

/** A book generator over the built-in plugins with these terms. */
export function bookGenerator(engine: Engine, where: Where, seed = 20251101, asOf = '2025-11-01'): UnitGenerator {
  const plan = engine.plan({ profile: 'book', seed, asOf });
  return new UnitGenerator(engine.registry.order(BOOK), engine.schemas, engine.data, {
    seed, asOf, marker: engine.config.synthetic_source, validate: true, entityOptions: {}, distributions: plan.distributions, where,
  });
}

/** A term as the engine's parser would make it. */
export function term(text: string, entity: string, field: string | undefined, op: WhereTerm['op'], value: WhereTerm['value'], high?: string | number): WhereTerm {
  return { text, kind: field === undefined ? 'count' : 'field', entity, ...(field === undefined ? {} : { field }), op, value, ...(high === undefined ? {} : { high }) };
}

/** Every failed rule over the units (record checks and cross checks). */
export const problems = bookProblems;
