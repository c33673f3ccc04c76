/** What a shard job carries is enough for a worker to make the submitted run's plan again, --lob included. */
import { expect } from 'chai';
import { planFacts, planHash, requestOf } from '../../../../adapters/transports/queue/cluster-run.js';
import { createEngine } from '../../../../engine/index.js';
import { newEngine } from '../../../helpers/engine.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { writeWhereProject } from '../../../helpers/where-fixture.js';

describe('queue: the request a shard job carries (cluster-run.ts)', () => {
  it("gives the worker the submitted plan: the same facts, a --lob run's mix included", async () => {
    const engine = await newEngine();
    for (const request of [{ profile: 'book', records: 40, seed: 3 }, { profile: 'book', records: 40, seed: 3, lob: 'Commercial' as const }]) {
      const plan = engine.plan(request);
      const carried = requestOf(plan);
      const again = engine.plan({ ...carried, randomize: false });
      expect(planFacts(engine, again)).to.deep.equal(planFacts(engine, plan));
    }
    const commercial = requestOf(engine.plan({ profile: 'book', lob: 'Commercial' }));
    expect(commercial.lob).to.equal('Commercial');
    expect(planFacts(engine, engine.plan({ profile: 'book' }))).to.not.deep.equal(planFacts(engine, engine.plan({ profile: 'book', lob: 'Commercial' })));
  });

  const tempDir = useTempDirs('esdh-cluster-where-');

  it('carries the --where terms (the profile\'s and the submit\'s, normal spelling): the worker re-plans the same terms, other terms hash otherwise', async () => {
    const engine = await createEngine({ cwd: writeWhereProject(tempDir()), env: {} });
    const plan = engine.plan({ profile: 'targeted', where: 'gadget.kind=gear' });
    const carried = requestOf(plan);
    expect(carried.where).to.deep.equal(['region=North', 'gadgets>=1', 'gadget.kind=Gear']);
    const again = engine.plan({ ...carried, randomize: false });
    expect(again.whereText).to.deep.equal(plan.whereText);
    expect(again.where.map(({ text: _t, ...t }) => t)).to.deep.equal(plan.where.map(({ text: _t, ...t }) => t));
    expect(planHash(engine, again)).to.equal(planHash(engine, plan));
    expect(planHash(engine, engine.plan({ profile: 'targeted' }))).to.not.equal(planHash(engine, plan));
    expect(requestOf(engine.plan({ profile: 'sites' }))).to.not.have.property('where');
  });
});
