/**
 * The server keeps plain JSON generate answers by request (response-cache.ts):
 * the cache stays within its bytes, a repeated request gets the bytes and
 * headers an app without the cache sends, and a changed request (any option,
 * another entity, a randomized seed) is never answered from another's entry.
 */
import { expect } from 'chai';
import type { Response } from 'supertest';
import type { Engine } from '../../../../engine/index.js';
import { ResponseCache, responseKey } from '../../../../adapters/transports/http/response-cache.js';
import { testAgent, testEngine } from './helpers.js';

const bytes = (n: number, fill = 'x') => Buffer.from(fill.repeat(n));

/** The headers a client sees, without the per-request id. */
function headersOf(res: Response): Record<string, string> {
  const { 'x-request-id': _id, date: _date, ...rest } = res.headers as Record<string, string>;
  return rest;
}

describe('http: ResponseCache', () => {
  it('keeps at most maxBytes, dropping the least recently used first', () => {
    const cache = new ResponseCache(100, 100);
    cache.set('a', bytes(40));
    cache.set('b', bytes(40));
    expect(cache.get('a')?.length).to.equal(40); // a is now the most recently used
    cache.set('c', bytes(40)); // 120 > 100: b goes
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')?.length).to.equal(40);
    expect(cache.get('c')?.length).to.equal(40);
    expect([cache.size, cache.bytes]).to.deep.equal([2, 80]);
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, bytes(30));
    expect(cache.bytes).to.be.at.most(100);
    expect(cache.size).to.equal(3);
  });

  it('never keeps an answer over maxEntryBytes, and nothing at all with maxBytes 0', () => {
    const cache = new ResponseCache(100, 10);
    cache.set('big', bytes(11));
    cache.set('small', bytes(10));
    expect(cache.get('big')).to.equal(undefined);
    expect(cache.get('small')?.length).to.equal(10);
    const none = new ResponseCache(0);
    none.set('a', bytes(1));
    expect([none.size, none.bytes, none.get('a')]).to.deep.equal([0, 0, undefined]);
  });

  it('replacing an entry counts its bytes once', () => {
    const cache = new ResponseCache(100, 100);
    cache.set('a', bytes(60));
    cache.set('a', bytes(70, 'y'));
    expect([cache.size, cache.bytes, cache.get('a')?.toString()[0]]).to.deep.equal([1, 70, 'y']);
  });

  it('refuses a bound that is not a whole number >= 0', () => {
    expect(() => new ResponseCache(-1)).to.throw(RangeError);
    expect(() => new ResponseCache(10, 1.5)).to.throw(RangeError);
  });

  it('keys by entity and every option', () => {
    const keys = new Set([
      responseKey('bundle', { records: 10, seed: 42, asOf: '2025-11-01' }),
      responseKey('person', { records: 10, seed: 42, asOf: '2025-11-01' }),
      responseKey('bundle', { records: 11, seed: 42, asOf: '2025-11-01' }),
      responseKey('bundle', { records: 10, seed: 43, asOf: '2025-11-01' }),
      responseKey('bundle', { records: 10, seed: 42, asOf: '2025-11-02' }),
      responseKey('bundle', { records: 10, seed: 42, asOf: '2025-11-01', lob: 'Commercial' }),
      responseKey('bundle', { records: 10, seed: 42, asOf: '2025-11-01', where: 'state=AZ' }),
      responseKey('bundle', { profile: 'book', records: 10, seed: 42, asOf: '2025-11-01' }),
    ]);
    expect(keys.size).to.equal(8);
  });
});

describe('http: generate answers kept across requests', function () {
  this.timeout(180_000);
  /** One request per option that decides the data, and other entities: each a different answer. */
  const REQUESTS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ['/generate/bundle', { records: 4, seed: 42 }],
    ['/generate/bundle', { records: 5, seed: 42 }],
    ['/generate/bundle', { records: 4, seed: 43 }],
    ['/generate/bundle', { records: 4, seed: 42, as_of: '2024-06-30' }],
    ['/generate/bundle', { records: 4, seed: 42, lob: 'Commercial' }],
    ['/generate/bundle', { records: 4, seed: 42, where: 'state=AZ' }],
    ['/generate/bundle', { profile: 'book', records: 2, seed: 42 }],
    ['/generate/person', { records: 4, seed: 42 }],
    ['/generate/vehicle', { records: 4, seed: 42 }],
  ];
  let engine: Engine;
  let reference: Array<{ text: string; headers: Record<string, string> }>;

  before(async () => {
    engine = await testEngine();
    const { agent } = await testAgent({ responseCache: null }, engine);
    reference = [];
    for (const [path, body] of REQUESTS) {
      const res = await agent.post(path).send(body);
      expect(res.status, `${path} ${JSON.stringify(body)}: ${res.text.slice(0, 300)}`).to.equal(200);
      reference.push({ text: res.text, headers: headersOf(res) });
    }
    expect(new Set(reference.map((r) => r.text)).size, 'each request its own answer').to.equal(REQUESTS.length);
  });

  it('answers each request, first and again, with the bytes and headers of an app that keeps none (no stale entry for a changed request)', async () => {
    const cache = new ResponseCache();
    const { agent } = await testAgent({ responseCache: cache }, engine);
    for (const pass of [1, 2, 3]) {
      for (const [i, [path, body]] of REQUESTS.entries()) {
        const res = await agent.post(path).send(body);
        expect(res.text, `pass ${pass}: ${path} ${JSON.stringify(body)}`).to.equal(reference[i]!.text);
        expect(headersOf(res), `pass ${pass}: ${path} headers`).to.deep.equal(reference[i]!.headers);
      }
      expect(cache.size, `after pass ${pass}`).to.equal(REQUESTS.length);
    }
  });

  it('two identical requests get byte-equal bodies; a cache too small for both answers still answers right', async () => {
    const first = reference[0]!.text.length;
    const cache = new ResponseCache(first + 10, first + 10);
    const { agent } = await testAgent({ responseCache: cache }, engine);
    for (const i of [0, 0, 1, 0, 1, 1]) {
      const [path, body] = REQUESTS[i]!;
      expect((await agent.post(path).send(body)).text).to.equal(reference[i]!.text);
      expect(cache.bytes).to.be.at.most(first + 10);
    }
  });

  it('keeps no randomized answer, and no NDJSON stream', async () => {
    const cache = new ResponseCache();
    const { agent } = await testAgent({ responseCache: cache }, engine);
    const a = await agent.post('/generate/bundle').send({ records: 3, seed: 'random' });
    const b = await agent.post('/generate/bundle').send({ records: 3, randomize: true });
    expect([a.status, b.status]).to.deep.equal([200, 200]);
    await agent.post('/generate/bundle').set('Accept', 'application/x-ndjson').send({ records: 3, seed: 1 }).expect(200);
    expect(cache.size).to.equal(0);
  });

  it('a bad request is refused as before, also once its good neighbour is kept (the checks run on every request)', async () => {
    const cache = new ResponseCache();
    const { agent } = await testAgent({ responseCache: cache, apiKey: 'k' }, engine);
    await agent.post('/generate/bundle').set('X-API-Key', 'k').send({ records: 4, seed: 42 }).expect(200);
    await agent.post('/generate/bundle').send({ records: 4, seed: 42 }).expect(401);
    const over = await agent.post('/generate/bundle').set('X-API-Key', 'k').send({ records: engine.config.api.max_records_json + 1, seed: 42 });
    expect([over.status, over.body.error?.esdh_code]).to.deep.equal([400, 'ESDH_ERR_REQUEST_RECORDS_OVER_LIMIT']);
    const bad = await agent.post('/generate/bundle').set('X-API-Key', 'k').send({ records: 4, seed: 42, extra: 1 });
    expect([bad.status, bad.body.error?.esdh_code]).to.deep.equal([400, 'ESDH_ERR_REQUEST_INVALID']);
    expect(cache.size).to.equal(1);
  });
});
