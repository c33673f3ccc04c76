/** Book-of-business units for tests: accounts with their persons, vehicles and profiles, and the account plugin's cross checks over them. */
import type { Account, Engine, EntityRecord, Person, Profile, Vehicle } from '../../../engine/index.js';
import { newEngine } from '../../helpers/engine.js';

export const BOOK_ENTITIES = ['account', 'person', 'vehicle', 'profile'] as const;

export interface Book {
  readonly accounts: Account[];
  readonly persons: Person[];
  readonly vehicles: Vehicle[];
  readonly profiles: Profile[];
}

/** A fresh engine (built-in config, optionally merged with `config`). */
export function bookEngine(config?: Parameters<typeof newEngine>[0]): Promise<Engine> {
  return newEngine(config);
}

/** `records` book accounts (profile `book`) with their persons, vehicles and profiles. */
export async function makeBook(engine: Engine, records: number, options: { seed?: number; profile?: string; unitStart?: number } = {}): Promise<Book> {
  const book: Book = { accounts: [], persons: [], vehicles: [], profiles: [] };
  for await (const unit of engine.units({ profile: options.profile ?? 'book', records, seed: options.seed, unitStart: options.unitStart }, BOOK_ENTITIES)) {
    book.accounts.push(...(unit.account as Account[]));
    book.persons.push(...(unit.person as Person[]));
    book.vehicles.push(...(unit.vehicle as Vehicle[]));
    book.profiles.push(...(unit.profile as Profile[]));
  }
  return book;
}

export interface RuleOutcome {
  passed: number;
  failed: number;
  problems: string[];
}

/** The account plugin's cross checks over the records, as verify runs them (accounts, then persons, then vehicles). */
export function crossCheck(engine: Engine, book: Pick<Book, 'accounts' | 'persons' | 'vehicles'>, asOf = '2025-11-01'): Map<string, RuleOutcome> {
  const plugin = engine.registry.get('account');
  const check = plugin.crossChecks!({ data: engine.data, asOf, marker: engine.config.synthetic_source });
  const outcomes = new Map<string, RuleOutcome>(Object.keys(check.rules).map((rule) => [rule, { passed: 0, failed: 0, problems: [] }]));
  const report = (rule: string, problem: string | null, where: string) => {
    const o = outcomes.get(rule);
    if (!o) throw new Error(`unknown rule ${rule}`);
    if (problem === null) o.passed++;
    else {
      o.failed++;
      if (o.problems.length < 5) o.problems.push(`${where}: ${problem}`);
    }
  };
  const feed = (entity: string, records: readonly EntityRecord[]) => records.forEach((r, i) => check.visit(entity, r, `${entity}:${i + 1}`, report));
  feed('account', book.accounts as unknown as EntityRecord[]);
  feed('person', book.persons as unknown as EntityRecord[]);
  feed('vehicle', book.vehicles as unknown as EntityRecord[]);
  check.finish(report);
  return outcomes;
}

/** The rules that failed, with a few problems each. */
export function failedRules(outcomes: Map<string, RuleOutcome>): string[] {
  return [...outcomes].filter(([, o]) => o.failed > 0).map(([rule, o]) => `${rule} (${o.failed}): ${o.problems.join('; ')}`);
}

/** A deep copy of the records, to break one. */
export function copyBook<T extends Pick<Book, 'accounts' | 'persons' | 'vehicles'>>(book: T): Pick<Book, 'accounts' | 'persons' | 'vehicles'> {
  return { accounts: structuredClone(book.accounts), persons: structuredClone(book.persons), vehicles: structuredClone(book.vehicles) };
}
