/** Book units made in memory with `--where` terms handed straight to the generator (until the engine parses them), and every rule over them. */
import type { CrossReport, Engine, EntityRecord, UnitRecords, Where, WhereTerm } from '../../../engine/index.js';
import { UnitGenerator } from '../../../engine/generate/unit-generator.js';

export const BOOK = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

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

/** Every failed rule (record checks and cross checks, fed as verify feeds them) over the units, as `rule: problem`. */
export function problems(engine: Engine, units: readonly UnitRecords[], asOf: string): string[] {
  const ctx = { data: engine.data, asOf, marker: engine.config.synthetic_source };
  const plugins = engine.registry.order(BOOK);
  const found: string[] = [];
  const report: CrossReport = (rule, problem, where) => {
    if (problem !== null) found.push(`${rule} at ${where}: ${problem}`);
  };
  const checkers = plugins.flatMap((p) => (p.crossChecks ? [p.crossChecks(ctx)] : []));
  for (const plugin of plugins) {
    units.forEach((unit, u) => {
      for (const [i, record] of (unit[plugin.name] ?? []).entries()) {
        const where = `unit ${u} ${plugin.name} ${i}`;
        for (const check of plugin.checks ?? []) {
          const problem = check.test(record, ctx);
          if (problem !== null) found.push(`${check.name} at ${where}: ${problem}`);
        }
        for (const checker of checkers) if (checker.reads.includes(plugin.name)) checker.visit(plugin.name, record as EntityRecord, where, report);
      }
    });
  }
  for (const checker of checkers) checker.finish(report);
  return found;
}
