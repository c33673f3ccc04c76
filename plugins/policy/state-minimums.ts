/**
 * State minimum auto liability limits by date (data/reference/rules/state-minimums.json;
 * docs/domain-rules.md, Policies). For the policy work that sets limits and coverages.
 * @example
 * minimumsOn(data, 'CA', '2024-12-31'); // → { bi_per_person: 15, bi_per_accident: 30, pd: 5, ... }
 * minimumsOn(data, 'CA', '2025-01-01'); // → { bi_per_person: 30, bi_per_accident: 60, pd: 15, ... }
 */
import { esdhError, type ReferenceData } from '../../engine/kit.js';

/** One state's minimums from `effective_from` (null: as far back as the table goes) until the next row. Amounts in $1000. */
export interface StateMinimums {
  readonly state: string;
  readonly effective_from: string | null;
  /** false only where a driver may go uninsured and show financial responsibility instead (NH). */
  readonly insurance_required: boolean;
  /** Bodily injury per person and per accident; null where no bodily-injury liability is required (FL). */
  readonly bi_per_person: number | null;
  readonly bi_per_accident: number | null;
  readonly pd: number;
  readonly pip_required: boolean;
  /** The PIP minimum per person; null when not required or when the insured chooses the level (MI). */
  readonly pip_min: number | null;
  readonly um_required: boolean;
  /** Uninsured-motorist bodily injury [per person, per accident]; null when not required. */
  readonly um_min: readonly [number, number] | null;
  /** The combined single limit that may replace the split limits; null when none is recorded. */
  readonly csl_min: number | null;
  readonly source: string;
  readonly note?: string;
}

interface MinimumsFile {
  compiled: string;
  rows: StateMinimums[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const tables = new WeakMap<ReferenceData, ReadonlyMap<string, readonly StateMinimums[]>>();

/** The rows by state, each state's sorted by date (loaded once per reference-data source). */
export function loadStateMinimums(data: ReferenceData): ReadonlyMap<string, readonly StateMinimums[]> {
  let table = tables.get(data);
  if (!table) {
    const byState = new Map<string, StateMinimums[]>();
    for (const row of data.get<MinimumsFile>('rules.state-minimums').rows) {
      if (!byState.has(row.state)) byState.set(row.state, []);
      byState.get(row.state)!.push(row);
    }
    for (const rows of byState.values()) rows.sort((a, b) => ((a.effective_from ?? '') < (b.effective_from ?? '') ? -1 : (a.effective_from ?? '') > (b.effective_from ?? '') ? 1 : 0));
    table = byState;
    tables.set(data, table);
  }
  return table;
}

/** The minimums in force in `state` on `date` (YYYY-MM-DD): the last row effective on or before it. */
export function minimumsOn(data: ReferenceData, state: string, date: string): StateMinimums {
  const table = loadStateMinimums(data);
  const rows = table.get(state);
  if (!rows) throw esdhError('ESDH_ERR_OPTION_INVALID', 'state', JSON.stringify(state), `expected a USPS code of the 50 states or DC: ${[...table.keys()].sort().join(', ')}`);
  if (!DATE.test(date)) throw esdhError('ESDH_ERR_OPTION_INVALID', 'date', JSON.stringify(date), 'expected YYYY-MM-DD, e.g. 2025-01-01');
  let found = rows[0]!;
  for (const row of rows) if (row.effective_from === null || row.effective_from <= date) found = row;
  return found;
}
