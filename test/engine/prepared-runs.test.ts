/**
 * One engine keeps the plans and generators of `units` requests
 * (engine/generate/prepared-runs.ts): bounded, keyed so that a changed
 * request never gets another's plan, never for a randomized seed or options
 * the key could confuse, and a kept generator gives the records a new one
 * gives, also when two iterations of the same request interleave.
 */
import { expect } from 'chai';
import type { Engine, GenerateOptions } from '../../engine/index.js';
import { PREPARED_RUNS_LIMIT, PreparedRuns, preparedKey, type PreparedRun } from '../../engine/generate/prepared-runs.js';
import { newEngine } from '../helpers/engine.js';

/** The engine with `prepared` keeping nothing: every request planned and built anew, as before the cache. */
function keepingNothing(engine: Engine): Engine {
  Object.defineProperty(engine, 'prepared', { value: new PreparedRuns(0) });
  return engine;
}

const run = (seedSource: PreparedRun['plan']['seedSource'] = 'option') => ({ plan: { seedSource }, generator: {} }) as unknown as PreparedRun;

describe('engine: prepared runs', function () {
  this.timeout(120_000);

  describe('preparedKey', () => {
    it('tells every plan-deciding option and the entities apart', () => {
      const requests: Array<[GenerateOptions, string[]?]> = [
        [{}], [{ records: 10 }], [{ records: 11 }], [{ records: 10, seed: 42 }], [{ records: 10, seed: 43 }],
        [{ records: 10, asOf: '2024-01-01' }], [{ records: 10, profile: 'book' }], [{ records: 10, lob: 'Commercial' }],
        [{ records: 10, where: 'state=AZ' }], [{ records: 10, where: ['state=AZ'] }], [{ records: 10 }, ['person']], [{ records: 10 }, ['vehicle']],
      ];
      const keys = requests.map(([options, entities]) => preparedKey(options as Record<string, unknown>, entities));
      expect(keys.every((k) => typeof k === 'string')).to.equal(true);
      expect(new Set(keys).size).to.equal(requests.length);
      // unitStart is not part of the plan: a slice shares the whole request's plan and generator.
      expect(preparedKey({ records: 10, unitStart: 5 })).to.equal(preparedKey({ records: 10 }));
    });

    it('makes no key for a randomized request, or for values a key could confuse', () => {
      for (const options of [
        { randomize: true }, { randomize: false }, { records: Number.NaN }, { records: 1.5 }, { seed: Number.POSITIVE_INFINITY }, { seed: '42' },
        { records: null }, { where: [1] }, { asOf: 20250101 }, { entities: ['person'] }, { formats: ['csv'] }, { unknown: 1 },
      ]) {
        expect(preparedKey(options as Record<string, unknown>), JSON.stringify(options)).to.equal(undefined);
      }
      expect(preparedKey({ records: 1 }, [1] as unknown as string[])).to.equal(undefined);
    });
  });

  describe('PreparedRuns', () => {
    it('keeps at most limit runs, least recently used out first, and never a randomized one', () => {
      const runs = new PreparedRuns(2);
      const [a, b, c] = [run(), run(), run()];
      runs.set('a', a);
      runs.set('b', b);
      expect(runs.get('a')).to.equal(a);
      runs.set('c', c);
      expect([runs.get('b'), runs.get('a'), runs.get('c'), runs.size]).to.deep.equal([undefined, a, c, 2]);
      runs.set('r', run('random'));
      expect([runs.get('r'), runs.size]).to.deep.equal([undefined, 2]);
      const none = new PreparedRuns(0);
      none.set('a', a);
      expect(none.size).to.equal(0);
      expect(() => new PreparedRuns(-1)).to.throw(RangeError);
    });
  });

  describe('in the engine', () => {
    let engine: Engine;
    let reference: Engine;
    before(async () => {
      [engine, reference] = await Promise.all([newEngine(), newEngine().then(keepingNothing)]);
    });

    /** Every request: the same and changed ones, bundles and single entities. */
    const REQUESTS: Array<[string, GenerateOptions]> = [
      ['bundle', { records: 4, seed: 42 }],
      ['bundle', { records: 5, seed: 42 }],
      ['bundle', { records: 4, seed: 43 }],
      ['bundle', { records: 4, seed: 42, asOf: '2024-06-30' }],
      ['bundle', { records: 4, seed: 42, lob: 'Commercial' }],
      ['bundle', { records: 4, seed: 42, where: 'state=AZ' }],
      ['bundle', { profile: 'book', records: 2, seed: 42 }],
      ['person', { records: 4, seed: 42 }],
      ['vehicle', { records: 4, seed: 42 }],
      ['bundle', { records: 4, seed: 42, unitStart: 2 }],
    ];

    it('answers every request, first and again, with the records of an engine that keeps nothing (no stale plan for a changed request)', async () => {
      const expected = [];
      for (const [entity, options] of REQUESTS) expected.push(JSON.stringify(await reference.generate(entity, options)));
      expect(new Set(expected).size).to.equal(REQUESTS.length);
      for (const pass of [1, 2]) {
        for (const [i, [entity, options]] of REQUESTS.entries()) {
          expect(JSON.stringify(await engine.generate(entity, options)), `pass ${pass}: ${entity} ${JSON.stringify(options)}`).to.equal(expected[i]);
        }
      }
      // The slice (unitStart) shares its whole request's entry.
      expect(engine.prepared.size).to.equal(REQUESTS.length - 1);
      expect(reference.prepared.size).to.equal(0);
    });

    it('two iterations of the same request, interleaved unit by unit, each get the records of a new generator', async () => {
      const options = { records: 6, seed: 7 };
      const expected = JSON.stringify(await reference.generate('bundle', options));
      await engine.generate('bundle', options);
      const [first, second] = [engine.units(options), engine.units(options)];
      const units: [unknown[], unknown[]] = [[], []];
      for (let i = 0; i < options.records; i++) {
        units[0].push((await first.next()).value);
        units[1].push((await second.next()).value);
      }
      const asBundle = (list: unknown[]) => JSON.stringify(Object.fromEntries(['person', 'vehicle', 'profile'].map((name) => [`${name}s`, list.flatMap((u) => (u as Record<string, unknown[]>)[name])])));
      expect(asBundle(units[0])).to.equal(expected);
      expect(asBundle(units[1])).to.equal(expected);
    });

    it('stays within its limit however many distinct requests come, and keeps no randomized one', async () => {
      const fresh = await newEngine();
      for (let seed = 0; seed < PREPARED_RUNS_LIMIT + 8; seed++) await fresh.generate('bundle', { records: 1, seed });
      expect(fresh.prepared.size).to.equal(PREPARED_RUNS_LIMIT);
      const before = fresh.prepared.size;
      const other = await newEngine();
      await other.generate('bundle', { records: 1, randomize: true });
      await other.generate('bundle', { records: 1, profile: 'book', randomize: true });
      expect(other.prepared.size).to.equal(0);
      expect(fresh.prepared.size).to.equal(before);
    });

    it('a request whose options are refused is refused again, not kept', async () => {
      for (let i = 0; i < 2; i++) {
        let error: unknown;
        try {
          await engine.generate('bundle', { records: 2, where: 'no_such_field=1' });
        } catch (e) {
          error = e;
        }
        expect((error as { code?: string })?.code).to.match(/^ESDH_ERR_WHERE/);
      }
    });
  });
});
