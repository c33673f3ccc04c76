/**
 * One setup cache per engine (engine/generate/setup-cache.ts): a plugin's
 * `setup` runs once per set of inputs it reads and is kept across runs,
 * builds and requests; other inputs get their own result; the cache is
 * bounded (least recently used out); and the built-in plugins never change
 * what their `setup` returned while they generate, so a kept result serves
 * every later run alike.
 */
import { expect } from 'chai';
import type { EntityPlugin, SetupContext } from '../../engine/index.js';
import { SETUP_CACHE_LIMIT, SetupCache } from '../../engine/generate/setup-cache.js';
import { ReferenceData } from '../../engine/lib/reference-data.js';
import { deepFingerprint } from '../helpers/deep-fingerprint.js';
import { newEngine } from '../helpers/engine.js';

function countingPlugin(name = 'widget'): EntityPlugin & { calls: SetupContext[] } {
  const calls: SetupContext[] = [];
  return {
    name, plural: `${name}s`, version: '1.0.0', schemaId: name, dependencies: [], calls,
    setup: (ctx: SetupContext) => {
      calls.push(ctx);
      return { made: calls.length };
    },
    generate: () => ({}),
  } as unknown as EntityPlugin & { calls: SetupContext[] };
}

const BASE: SetupContext = Object.freeze({
  data: new ReferenceData([]), asOf: '2025-11-01', marker: 'm', options: {}, distributions: { lob_mix: { Personal: 0.9, Commercial: 0.1 } }, entities: ['widget'], where: [],
});

describe('engine: the setup cache', () => {
  it('runs setup once per inputs; every input setup reads (as_of, marker, entities, options, distributions, where) gives its own result', () => {
    const cache = new SetupCache();
    const plugin = countingPlugin();
    const first = cache.state(plugin, BASE);
    // Equal inputs in other objects (and keys in another order) are the same inputs.
    expect(cache.state(plugin, { ...BASE, distributions: { lob_mix: { Commercial: 0.1, Personal: 0.9 } } })).to.equal(first);
    expect(plugin.calls).to.have.length(1);
    const variants: Partial<SetupContext>[] = [
      { asOf: '2024-01-01' },
      { marker: 'other' },
      { entities: ['person', 'widget'] },
      { options: { size: 3 } },
      { distributions: { lob_mix: { Personal: 0.5, Commercial: 0.5 } } },
      { where: [{ text: 'size=3', kind: 'field', entity: 'widget', field: 'size', op: '=', value: 3 }] },
    ];
    const states = variants.map((v) => cache.state(plugin, { ...BASE, ...v }));
    expect(plugin.calls).to.have.length(1 + variants.length);
    expect(new Set([first, ...states]).size).to.equal(1 + variants.length);
    // Each is kept: asked again, none runs setup.
    variants.forEach((v, i) => expect(cache.state(plugin, { ...BASE, ...v })).to.equal(states[i]));
    expect(plugin.calls).to.have.length(1 + variants.length);
    expect(cache.setupRuns).to.equal(1 + variants.length);
  });

  it('keeps results per plugin: two plugins (or another version, or another setup under the same name) never share one', () => {
    const cache = new SetupCache();
    const a = countingPlugin('alpha');
    const b = countingPlugin('beta');
    expect(cache.state(a, BASE)).to.not.equal(cache.state(b, BASE));
    const newer = { ...a, version: '1.1.0' };
    expect(cache.state(newer, BASE)).to.not.equal(cache.state(a, BASE));
    const impostor = countingPlugin('alpha');
    expect(cache.state(impostor, BASE)).to.deep.equal({ made: 1 });
    expect(impostor.calls).to.have.length(1);
  });

  it('is bounded: past its limit the least recently used result goes, and is made again when asked', () => {
    const cache = new SetupCache(2);
    const plugin = countingPlugin();
    const at = (asOf: string) => cache.state(plugin, { ...BASE, asOf });
    const one = at('2020-01-01');
    at('2021-01-01');
    expect(at('2020-01-01')).to.equal(one); // 2020 is now the most recent
    at('2022-01-01'); // 2021 goes
    expect(cache.size).to.equal(2);
    expect(plugin.calls).to.have.length(3);
    expect(at('2020-01-01')).to.equal(one);
    expect(plugin.calls).to.have.length(3);
    at('2021-01-01');
    expect(plugin.calls).to.have.length(4);
    expect(cache.size).to.equal(2);
    expect(new SetupCache().limit).to.equal(SETUP_CACHE_LIMIT);
  });

  it('keeps nothing of a setup that throws: the next run calls it again', () => {
    const cache = new SetupCache();
    let calls = 0;
    const plugin = { ...countingPlugin(), setup: () => { if (++calls === 1) throw new Error('no table'); return { ok: true }; } } as EntityPlugin;
    expect(() => cache.state(plugin, BASE)).to.throw('no table');
    expect(cache.size).to.equal(0);
    expect(cache.state(plugin, BASE)).to.deep.equal({ ok: true });
    expect(calls).to.equal(2);
  });

  it('is one cache for the engine: a second generate runs no setup, and a build of the same entities reuses the run\'s results', async () => {
    const engine = await newEngine();
    await engine.generate('bundle', { records: 2, seed: 1 });
    const runs = engine.setups.setupRuns;
    expect(runs).to.be.greaterThan(0);
    await engine.generate('bundle', { records: 3, seed: 2 });
    for await (const unit of engine.units({ records: 1, seed: 9 })) expect(unit.person).to.have.length(1);
    engine.build('profile', { seed: 5 });
    expect(engine.setups.setupRuns).to.equal(runs);
    // Other terms are other inputs.
    await engine.generate('bundle', { records: 1, where: 'state=CA' });
    expect(engine.setups.setupRuns).to.be.greaterThan(runs);
  });

  describe('the built-in plugins leave their setup results as they were', () => {
    const cases = [
      { name: 'the default v0.1 bundle', request: { records: 150 } },
      { name: 'the book', request: { profile: 'book', records: 60 } },
      { name: 'the book with where terms', request: { profile: 'book', records: 40, where: 'state=AZ,claims>=1' } },
      { name: 'a v0.1 bundle with where terms', request: { records: 60, where: 'state=CA,person.age=16..25' } },
    ];
    for (const { name, request } of cases) {
      it(`${name}: a run with another seed, and the first again, change nothing a kept result holds`, async function () {
        this.timeout(120_000);
        const engine = await newEngine();
        // The first run builds what the tables build lazily from reference data (a state's ZIP rows, an age table); after it, nothing may change.
        await engine.generate('bundle', { ...request, seed: 11 });
        const kept = [...(engine.setups as unknown as { entries: { values(): Iterable<{ state: unknown }> } }).entries.values()].map((e) => e.state);
        expect(kept.length).to.be.greaterThan(0);
        // Read twice: the first read builds what getters build on first read (a state's ZIP rows), the second is the reference.
        kept.forEach((state) => deepFingerprint(state));
        const before = kept.map((state) => deepFingerprint(state));
        await engine.generate('bundle', { ...request, seed: 12 });
        await engine.generate('bundle', { ...request, seed: 11 });
        expect(kept.map((state) => deepFingerprint(state))).to.deep.equal(before);
      });
    }
  });
});
