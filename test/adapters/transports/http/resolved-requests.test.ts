/**
 * The server resolves a generate body once per distinct text
 * (resolved-requests.ts): bounded, the resolution of every text is the one
 * resolveGenerateRequest gives, a refused body is refused every time, and
 * a randomized one is resolved anew each time.
 */
import { expect } from 'chai';
import type { Engine } from '../../../../engine/index.js';
import { resolveGenerateRequest } from '../../../../adapters/transports/http/generate-request.js';
import { RESOLVED_BODY_CHARS, ResolvedRequests } from '../../../../adapters/transports/http/resolved-requests.js';
import { testEngine } from './helpers.js';

const resolve = (requests: ResolvedRequests, text: string) => requests.resolve(text, text === '' ? undefined : JSON.parse(text));

describe('http: ResolvedRequests', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => {
    engine = await testEngine();
  });

  it('resolves each text as resolveGenerateRequest does, the same text to the same entry, a changed one to its own', () => {
    const requests = new ResolvedRequests(engine);
    const texts = ['', '{"records":10}', '{"records": 10}', '{"records":11}', '{"records":10,"seed":7}', '{"profile":"book","records":2}', '{"records":3,"as_of":"2024-06-30","lob":"Commercial","where":"state=AZ"}'];
    for (const pass of [1, 2]) {
      for (const text of texts) {
        const request = resolve(requests, text);
        expect(request, `pass ${pass}: ${text}`).to.deep.equal(resolveGenerateRequest(engine, text === '' ? undefined : JSON.parse(text)));
      }
    }
    expect(requests.size).to.equal(texts.length);
    expect(resolve(requests, '{"records":10}')).to.equal(resolve(requests, '{"records":10}'));
    expect(resolve(requests, '{"records":10}').options.records).to.equal(10);
    expect(resolve(requests, '{"records":11}').options.records).to.equal(11);
  });

  it('keeps at most limit texts, least recently used out first', () => {
    const requests = new ResolvedRequests(engine, 2);
    const a = resolve(requests, '{"records":1}');
    resolve(requests, '{"records":2}');
    expect(resolve(requests, '{"records":1}')).to.equal(a);
    resolve(requests, '{"records":3}');
    expect(requests.size).to.equal(2);
    expect(resolve(requests, '{"records":1}')).to.equal(a);
    expect(requests.size).to.equal(2);
    expect(() => new ResolvedRequests(engine, -1)).to.throw(RangeError);
  });

  it('keeps no refused body, no randomized one, no long text and none without a text', () => {
    const requests = new ResolvedRequests(engine);
    for (let i = 0; i < 2; i++) {
      expect(() => resolve(requests, '{"records":0}')).to.throw(/records/);
      expect(() => resolve(requests, '{"extra":1}')).to.throw(/Unknown field 'extra'/);
    }
    const seeds = new Set([0, 1, 2].map(() => resolve(requests, '{"records":1,"seed":"random"}').options.seed));
    expect(seeds.size).to.be.greaterThan(1);
    const long = JSON.stringify({ records: 1, where: [`state=AZ${' '.repeat(RESOLVED_BODY_CHARS / 2)}`, `person.age=30..60${' '.repeat(RESOLVED_BODY_CHARS / 2)}`] });
    expect(resolve(requests, long).options.records).to.equal(1);
    expect(requests.resolve(undefined, { records: 2 }).options.records).to.equal(2);
    expect(requests.size).to.equal(0);
  });
});
