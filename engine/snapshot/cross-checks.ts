import { type CheckContext, type CrossCheck, type CrossReport, type EntityPlugin, type EntityRecord } from '../contracts/entity-plugin.js';
import type { RuleBook } from './rule-book.js';

/**
 * The plugins' cross-record checkers of one verification: each gets the
 * records of the entities it reads (in verify's reading order, dependencies
 * first) and reports into the rule book; a checker that throws fails the
 * rule it was in, or `cross_checks` when outside one.
 */
export class CrossChecks {
  private readonly checkers: { readonly plugin: EntityPlugin; readonly check: CrossCheck; readonly report: CrossReport }[] = [];

  constructor(plugins: readonly EntityPlugin[], ctx: CheckContext, private readonly book: RuleBook) {
    for (const plugin of plugins) {
      if (!plugin.crossChecks) continue;
      const check = plugin.crossChecks(ctx);
      // Every rule is listed, so a report shows it even when nothing it reads is in the snapshot.
      for (const [rule, description] of Object.entries(check.rules)) book.rule(rule, description);
      const report: CrossReport = (rule, problem, where) => {
        const description = check.rules[rule];
        if (description === undefined) throw new Error(`the ${plugin.name} plugin's cross checks reported '${rule}', which is not in its rules`);
        book.record(rule, description, problem, where);
      };
      this.checkers.push({ plugin, check, report });
    }
  }

  visit(entity: string, record: EntityRecord, where: string): void {
    for (const c of this.checkers) {
      if (!c.check.reads.includes(entity)) continue;
      this.guard(c.plugin, where, () => c.check.visit(entity, record, where, c.report));
    }
  }

  finish(): void {
    for (const c of this.checkers) this.guard(c.plugin, `${c.plugin.plural} (after every record)`, () => c.check.finish(c.report));
  }

  private guard(plugin: EntityPlugin, where: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.book.record('cross_checks', 'every cross-record checker runs to the end', `the ${plugin.name} plugin's checker threw: ${(error as Error).message}`, where);
    }
  }
}
