/** One rule's outcome over the snapshot. */
export interface RuleResult {
  readonly rule: string;
  readonly description: string;
  checked: number;
  failed: number;
  /** The first few failures: `file:line: message`. */
  readonly examples: string[];
}

const MAX_EXAMPLES = 5;

/** Tallies pass/fail per rule, keeping a few examples. */
export class RuleBook {
  private readonly rules = new Map<string, RuleResult>();

  rule(name: string, description: string): RuleResult {
    let rule = this.rules.get(name);
    if (!rule) this.rules.set(name, (rule = { rule: name, description, checked: 0, failed: 0, examples: [] }));
    return rule;
  }

  /** One check of `name` at `where`: passed when `problem` is null. */
  record(name: string, description: string, problem: string | null, where: string): void {
    const rule = this.rule(name, description);
    rule.checked++;
    if (problem === null) return;
    rule.failed++;
    if (rule.examples.length < MAX_EXAMPLES) rule.examples.push(`${where}: ${problem}`);
  }

  results(): RuleResult[] {
    return [...this.rules.values()];
  }
}
