/** What a shard job carries is enough for a worker to make the submitted run's plan again, --lob included. */
import { expect } from 'chai';
import { planFacts, requestOf } from '../../../../adapters/transports/queue/cluster-run.js';
import { newEngine } from '../../../helpers/engine.js';

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
});
