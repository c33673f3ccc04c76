/**
 * Where a person lives: the state from `distributions.states`, then a ZIP of
 * that state by its 2020 population, whose city and area codes come with it
 * (docs/domain-rules.md, Address and Phone).
 */
import { cumulativeWeights, type Distributions, esdhError, type RandomStream } from '../../engine/kit.js';
import type { PersonTables, Residence, StateTable } from './tables.js';

/** The states a run draws from and their cumulative weights (parallel arrays). */
export interface StateChoice {
  readonly states: readonly StateTable[];
  readonly weights: readonly number[];
}

/**
 * The states of `spec` (`distributions.states`): `all` or left out, every
 * state and DC by population; a list, those states by population; a map,
 * those states by the given weights. States keep the table's order, so the
 * order a list or map is written in does not change the data.
 */
export function chooseStates(tables: PersonTables, spec: Distributions['states']): StateChoice {
  if (spec === undefined || spec === 'all') return { states: tables.states, weights: cumulativeWeights(tables.states.map((s) => s.population)) };
  const asked = Array.isArray(spec) ? new Map(spec.map((code) => [code, undefined])) : new Map(Object.entries(spec));
  const known = new Set(tables.states.map((s) => s.code as string));
  const unknown = [...asked.keys()].filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw esdhError(
      'ESDH_ERR_CONFIG_INVALID',
      'the run config',
      'distributions.states',
      `${unknown.length === 1 ? 'unknown state code' : 'unknown state codes'} ${unknown.map((c) => `'${c}'`).join(', ')}; ` +
        `accepted: 'all', or USPS codes of the 50 states and DC (${[...known].join(', ')}), as a list or a map code -> weight`,
    );
  }
  const states = tables.states.filter((s) => asked.has(s.code));
  return { states, weights: cumulativeWeights(states.map((s) => asked.get(s.code) ?? s.population)) };
}

/** A state of the choice, by weight. */
export function drawState(choice: StateChoice, random: RandomStream): StateTable {
  return choice.states[random.weightedIndex(choice.weights)]!;
}

/** A ZIP of `state` with residents, by its population. */
export function drawResidence(state: StateTable, random: RandomStream): Residence {
  return state.populated[random.weightedIndex(state.populationWeights)]!;
}

/** House numbers: mostly 3-4 digits, some short, some 5-digit rural ones. */
export function streetNumber(random: RandomStream): number {
  const r = random.next();
  if (r < 0.1) return random.int(1, 99);
  if (r < 0.9) return random.int(100, 9999);
  return random.int(10000, 29999);
}
