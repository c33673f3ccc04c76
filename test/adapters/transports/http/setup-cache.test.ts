/**
 * The server keeps plugin setup results across requests (engine.setups):
 * every answer is byte for byte the answer of an engine that keeps nothing,
 * whatever came before it (request A, then B, then A again gives A's bytes),
 * also when the cache is smaller than one request's plugins.
 */
import { expect } from 'chai';
import type { Engine } from '../../../../engine/index.js';
import { SetupCache } from '../../../../engine/generate/setup-cache.js';
import { testAgent, testEngine } from './helpers.js';

/** Requests with other profiles, lines, terms and seeds: each its own setup inputs. */
const REQUESTS: Record<string, Record<string, unknown>> = {
  A: { records: 5, seed: 7 },
  B: { profile: 'book', records: 3, seed: 4, where: 'state=AZ' },
  C: { records: 4, seed: 7, lob: 'Commercial' },
  D: { records: 3, where: 'state=CA,person.age=16..30' },
  E: { profile: 'book', records: 2, seed: 4 },
};

/** The engine with a cache of `limit` results in place of its own (0: keeps nothing, as before the cache). */
function withCache(engine: Engine, limit: number): Engine {
  Object.defineProperty(engine, 'setups', { value: new SetupCache(limit) });
  return engine;
}

async function answers(engine: Engine, order: readonly string[]): Promise<string[]> {
  const { agent } = await testAgent({}, engine);
  const bodies: string[] = [];
  for (const name of order) {
    const res = await agent.post('/generate/bundle').send(REQUESTS[name]!);
    expect(res.status, `${name}: ${res.text.slice(0, 300)}`).to.equal(200);
    bodies.push(res.text);
  }
  return bodies;
}

describe('http: setup results kept across requests', function () {
  this.timeout(180_000);
  const order = ['A', 'B', 'A', 'C', 'B', 'D', 'A', 'E', 'C', 'D'];
  let reference: Map<string, string>;

  before(async () => {
    const uncached = withCache(await testEngine(), 0);
    const names = Object.keys(REQUESTS);
    const bodies = await answers(uncached, names);
    reference = new Map(names.map((name, i) => [name, bodies[i]!]));
    expect(uncached.setups.size).to.equal(0);
  });

  it('answers every request in a row with the bytes of an engine that keeps nothing (no cross-talk between kept setups)', async () => {
    const engine = await testEngine();
    const bodies = await answers(engine, order);
    order.forEach((name, i) => expect(bodies[i], `request ${i + 1} (${name})`).to.equal(reference.get(name)));
    // The repeats ran no setup of their own: the cache holds each request's results.
    expect(engine.setups.size).to.be.greaterThan(Object.keys(REQUESTS).length);
  });

  it('answers right when one request has more plugins than the cache holds (the bound is kept)', async () => {
    const engine = withCache(await testEngine(), 2);
    const bodies = await answers(engine, order);
    order.forEach((name, i) => expect(bodies[i], `request ${i + 1} (${name})`).to.equal(reference.get(name)));
    expect(engine.setups.size).to.be.at.most(2);
  });
});
