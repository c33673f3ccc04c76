/** The book's rules run over units in memory, as `esdh verify` feeds them: for tests that make units without writing a snapshot. */
import type { CrossReport, Engine, EntityRecord, UnitRecords } from '../../engine/index.js';

/** Every entity of the `book` profile, in generation order. */
export const BOOK = ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim', 'claim_exposure', 'claim_transaction'];

/** Every failed rule (record checks and cross checks, fed in dependency order) over the units, as `rule at where: problem`. */
export function bookProblems(engine: Engine, units: readonly UnitRecords[], asOf: string): string[] {
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
