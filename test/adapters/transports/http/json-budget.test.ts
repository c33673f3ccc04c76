/**
 * Plain JSON answers are built in memory, so the records they hold in flight
 * are capped (api.max_json_records_in_flight): a request beyond the cap gets
 * 503 with Retry-After while the others are answered; NDJSON is not counted;
 * the budget is given back when an answer is sent, fails or is abandoned.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import type { Engine } from '../../../../engine/index.js';
import { createApp } from '../../../../adapters/transports/http/app.js';
import { RecordBudget } from '../../../../adapters/transports/http/json-budget.js';
import { testEngine, until } from './helpers.js';

/** An engine whose `generate` waits until the gate is opened, counting the calls waiting. */
function gatedEngine(engine: Engine): { engine: Engine; open: () => void; waiting: () => number } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  const generate = async (...args: Parameters<Engine['generate']>) => {
    waiting++;
    await gate;
    waiting--;
    return engine.generate(...args);
  };
  return { engine: Object.create(engine, { generate: { value: generate } }) as Engine, open: () => release(), waiting: () => waiting };
}

const JSON_BODY = { 'Content-Type': 'application/json' };

describe('HTTP JSON answers: records in flight are capped (503 + Retry-After beyond)', () => {
  it('beyond api.max_json_records_in_flight: 503 ESDH_ERR_SERVER_BUSY with Retry-After; NDJSON still answered; then 200 again', async () => {
    const gated = gatedEngine(await testEngine({ config: { api: { max_json_records_in_flight: 10 } } }));
    const agent = supertest(createApp(gated.engine).callback());
    const first = agent.post('/generate/person').set(JSON_BODY).send({ records: 8, seed: 1 }).then((r) => r);
    await until(() => gated.waiting() === 1, 'the first answer to be in flight');

    const busy = await agent.post('/generate/bundle').set(JSON_BODY).send({ records: 3 });
    expect(busy.status).to.equal(503);
    expect(busy.headers['retry-after']).to.match(/^\d+$/);
    expect(busy.body.error).to.include({ code: 'unavailable', esdh_code: 'ESDH_ERR_SERVER_BUSY' });
    expect(busy.body.error.message).to.contain('8 records').and.contain('max_json_records_in_flight is 10').and.contain('application/x-ndjson');

    // What still fits is answered, and NDJSON is not counted.
    const fits = agent.post('/generate/person').set(JSON_BODY).send({ records: 2, seed: 2 }).then((r) => r);
    await until(() => gated.waiting() === 2, 'the second answer to be in flight');
    const streamed = await agent.post('/generate/bundle').set(JSON_BODY).set('Accept', 'application/x-ndjson').send({ records: 50 });
    expect(streamed.status).to.equal(200);

    gated.open();
    expect((await first).status).to.equal(200);
    expect((await fits).status).to.equal(200);
    const again = await agent.post('/generate/bundle').set(JSON_BODY).send({ records: 3 });
    expect(again.status, 'the budget was given back').to.equal(200);
  });

  it('one answer larger than the cap is still served when nothing else is in flight, byte for byte as before', async () => {
    const engine = await testEngine({ config: { api: { max_json_records_in_flight: 10 } } });
    const capped = await supertest(createApp(engine).callback()).post('/generate/bundle').set(JSON_BODY).send({ records: 25, seed: 4 }).expect(200);
    const plain = await supertest(createApp(await testEngine()).callback()).post('/generate/bundle').set(JSON_BODY).send({ records: 25, seed: 4 }).expect(200);
    expect(capped.text).to.equal(plain.text);
    expect(capped.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(capped.headers['content-length']).to.equal(String(Buffer.byteLength(capped.text)));
  });

  it('RecordBudget: take, refuse over the cap, release once', () => {
    const budget = new RecordBudget(10);
    const a = budget.take(6)!;
    expect(budget.take(5)).to.equal(null);
    const b = budget.take(4)!;
    expect(budget.inFlight).to.equal(10);
    a();
    a();
    expect(budget.inFlight).to.equal(4);
    b();
    expect(budget.take(50), 'alone, over the cap').to.be.a('function');
  });

  it('a failed answer gives its records back', async () => {
    const engine = await testEngine({ config: { api: { max_json_records_in_flight: 5 } } });
    const broken = Object.create(engine, { generate: { value: async () => { throw new Error('boom'); } } }) as Engine;
    const agent = supertest(createApp(broken).callback());
    for (let i = 0; i < 3; i++) expect((await agent.post('/generate/person').set(JSON_BODY).send({ records: 5 })).status).to.equal(500);
  });
});
