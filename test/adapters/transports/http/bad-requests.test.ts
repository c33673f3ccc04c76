/**
 * Every kind of bad input gets a 4xx JSON error `{error:{code,message}}`
 * (code `invalid_request` for every 400, as in v0.1), never a 500, never a
 * stack trace or a local path, and the server keeps serving.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { ERRORS } from '../../../../engine/index.js';
import { memoryLogger } from '../../../../adapters/transports/http/logger.js';
import { expectNoInternals, testAgent, testEngine } from './helpers.js';

type Agent = Awaited<ReturnType<typeof testAgent>>['agent'];

interface BadRequest {
  readonly name: string;
  readonly status: number;
  readonly esdhCode: string;
  readonly send: (agent: Agent) => ReturnType<Agent['get']>;
}

const json = (agent: Agent, path: string, body: string) => agent.post(path).set('Content-Type', 'application/json').send(body);

const BAD_REQUESTS: BadRequest[] = [
  { name: 'malformed JSON', status: 400, esdhCode: 'ESDH_ERR_REQUEST_JSON_MALFORMED', send: (a) => json(a, '/generate/person', '{"records": 3,') },
  { name: 'JSON with a trailing comma', status: 400, esdhCode: 'ESDH_ERR_REQUEST_JSON_MALFORMED', send: (a) => json(a, '/generate/bundle', '{"records": 3,}') },
  { name: 'form-encoded body (wrong content type)', status: 415, esdhCode: 'ESDH_ERR_REQUEST_MEDIA_TYPE', send: (a) => a.post('/generate/person').type('form').send('records=3') },
  { name: 'text/plain body', status: 415, esdhCode: 'ESDH_ERR_REQUEST_MEDIA_TYPE', send: (a) => a.post('/generate/person').set('Content-Type', 'text/plain').send('{"records":3}') },
  { name: 'JSON in a non-UTF-8 charset', status: 415, esdhCode: 'ESDH_ERR_REQUEST_MEDIA_TYPE', send: (a) => a.post('/generate/person').set('Content-Type', 'application/json; charset=latin1').send('{"records":3}') },
  { name: 'a body that is an array', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '[1, 2]') },
  { name: 'a body that is a string', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '"records"') },
  { name: 'a body that is null', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', 'null') },
  { name: 'a body that is a number', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '42') },
  { name: 'records 0', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": 0}') },
  { name: 'records "0"', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": "0"}') },
  { name: 'records negative', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": -5}') },
  { name: 'records fractional', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": 2.5}') },
  { name: 'records non-numeric string', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": "ten"}') },
  { name: 'records a boolean', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": true}') },
  { name: 'records an object', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": {"n": 3}}') },
  { name: 'records beyond 2^53', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": 1e300}') },
  { name: 'records over the JSON cap', status: 400, esdhCode: 'ESDH_ERR_REQUEST_RECORDS_OVER_LIMIT', send: (a) => json(a, '/generate/bundle', '{"records": 10001}') },
  { name: 'records over the NDJSON cap', status: 400, esdhCode: 'ESDH_ERR_REQUEST_RECORDS_OVER_LIMIT', send: (a) => json(a, '/generate/bundle', '{"records": 1000001}').set('Accept', 'application/x-ndjson') },
  { name: 'seed a boolean', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"seed": true}') },
  { name: 'seed an array', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"seed": [1]}') },
  { name: 'seed fractional', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"seed": 1.5}') },
  { name: 'seed negative', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"seed": -1}') },
  { name: 'seed a word other than "random"', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"seed": "lucky"}') },
  { name: 'randomize not a boolean', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"randomize": "yes"}') },
  { name: 'as_of not a calendar date', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"as_of": "2025-02-30"}') },
  { name: 'as_of not a date at all', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"as_of": 20251101}') },
  { name: 'an unknown profile', status: 400, esdhCode: 'ESDH_ERR_PROFILE_UNKNOWN', send: (a) => json(a, '/generate/person', '{"profile": "nightly"}') },
  { name: 'an unknown field (a typo)', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"recods": 3}') },
  { name: 'an unknown entity', status: 404, esdhCode: 'ESDH_ERR_ENTITY_UNKNOWN', send: (a) => json(a, '/generate/unicorn', '{}') },
  { name: 'an unknown route', status: 404, esdhCode: 'ESDH_ERR_HTTP_ROUTE_UNKNOWN', send: (a) => a.get('/admin') },
  { name: 'GET on a generate route', status: 405, esdhCode: 'ESDH_ERR_HTTP_METHOD_NOT_ALLOWED', send: (a) => a.get('/generate/person') },
  { name: 'DELETE on /healthz', status: 405, esdhCode: 'ESDH_ERR_HTTP_METHOD_NOT_ALLOWED', send: (a) => a.delete('/healthz') },
  { name: 'PUT on the bundle', status: 405, esdhCode: 'ESDH_ERR_HTTP_METHOD_NOT_ALLOWED', send: (a) => a.put('/generate/bundle').send({}) },
  { name: 'an oversized body (Content-Length over the limit)', status: 413, esdhCode: 'ESDH_ERR_REQUEST_TOO_LARGE', send: (a) => json(a, '/generate/person', JSON.stringify({ records: 1, pad: 'x'.repeat(20_000) })) },
  { name: 'a body nested 5,000 deep (~10 KB)', status: 400, esdhCode: 'ESDH_ERR_REQUEST_JSON_TOO_DEEP', send: (a) => json(a, '/generate/person', `{"records":${'['.repeat(5000)}${']'.repeat(5000)}}`) },
  { name: 'a body that is an array nested 5,000 deep', status: 400, esdhCode: 'ESDH_ERR_REQUEST_JSON_TOO_DEEP', send: (a) => json(a, '/generate/bundle', '['.repeat(5000) + ']'.repeat(5000)) },
  { name: 'objects nested 40 deep in an unknown field', status: 400, esdhCode: 'ESDH_ERR_REQUEST_JSON_TOO_DEEP', send: (a) => json(a, '/generate/person', '{"x":'.repeat(40) + '1' + '}'.repeat(40)) },
  { name: 'records null', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": null}') },
  { name: 'seed null', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records": 2, "seed": null}') },
  ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].flatMap((profile): BadRequest[] => [
    { name: `profile "${profile}"`, status: 400, esdhCode: 'ESDH_ERR_PROFILE_UNKNOWN', send: (a) => json(a, '/generate/person', JSON.stringify({ profile })) },
    { name: `profile "${profile}" with records`, status: 400, esdhCode: 'ESDH_ERR_PROFILE_UNKNOWN', send: (a) => json(a, '/generate/bundle', JSON.stringify({ profile, records: 2 })) },
  ]),
  ...['1970-01-01', '1979-12-31', '2067-01-01', '2080-01-01', '0050-06-01', '0000-01-01'].flatMap((asOf): BadRequest[] => [
    { name: `as_of ${asOf} (outside the supported range) for a vehicle`, status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/vehicle', JSON.stringify({ records: 2, as_of: asOf })) },
    { name: `as_of ${asOf} for an NDJSON bundle`, status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/bundle', JSON.stringify({ records: 2, as_of: asOf })).set('Accept', 'application/x-ndjson') },
  ]),
  { name: 'a Content-Encoding the parser does not know', status: 400, esdhCode: 'ESDH_ERR_REQUEST_INVALID', send: (a) => json(a, '/generate/person', '{"records":1}').set('Content-Encoding', 'br2') },
];

describe('HTTP bad requests: 4xx JSON errors only', () => {
  for (const bad of BAD_REQUESTS) {
    it(`${bad.name} → ${bad.status} ${bad.esdhCode}`, async () => {
      const { agent } = await testAgent();
      const res = await bad.send(agent);
      expect(res.status, res.text).to.equal(bad.status);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      expect(Object.keys(res.body)).to.deep.equal(['error']);
      expect(res.body.error).to.include({ esdh_code: bad.esdhCode });
      expect(res.body.error.code).to.equal({ 400: 'invalid_request', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type' }[bad.status]);
      expect(res.body.error.message).to.be.a('string').with.length.greaterThan(10);
      expect(res.body.error.request_id).to.equal(res.headers['x-request-id']);
      expect(ERRORS).to.have.property(bad.esdhCode);
      expectNoInternals(res.text);
    });
  }

  it('@demo a bad request answers 400 invalid_request as in v0.1, naming the field', async () => {
    const { agent } = await testAgent();
    const res = await json(agent, '/generate/person', '{"records": -1}').expect(400);
    expect(res.body.error.code).to.equal('invalid_request');
    expect(res.body.error.message).to.contain('records').and.contain('-1');
  });

  it('an as_of outside the range names the range; a profile every object has is not a profile', async () => {
    const { agent } = await testAgent();
    const dated = await json(agent, '/generate/vehicle', '{"records":2,"as_of":"1979-06-01"}').expect(400);
    expect(dated.body.error.message).to.contain('1979-06-01').and.contain('from 1980-01-01 to 2066-12-31');
    for (const asOf of ['1980-01-01', '2066-12-31']) {
      for (const entity of ['person', 'vehicle', 'profile', 'policy', 'claim', 'bundle']) {
        await json(agent, `/generate/${entity}`, JSON.stringify({ records: 3, as_of: asOf })).expect(200);
      }
    }
    const profile = await json(agent, '/generate/person', '{"profile":"constructor","records":2}').expect(400);
    expect(profile.body.error.message).to.contain("Unknown profile 'constructor'").and.contain('baseline, heavy');
    const nulls = await json(agent, '/generate/person', '{"records": null}').expect(400);
    expect(nulls.body.error.message).to.contain('records null').and.contain('leave records out');
  });

  it('a blank body, a BOM and the +json types are read as before the parser was a library', async () => {
    const { agent } = await testAgent();
    const blank = await json(agent, '/generate/person', '  \n ').expect(200);
    expect(blank.body).to.include({ record_count: 5, seed: 20251101 });
    const bom = await json(agent, '/generate/person', '\uFEFF{"records": 2, "seed": 9}').expect(200);
    expect(bom.body).to.include({ record_count: 2, seed: 9 });
    const vendor = await agent.post('/generate/person').set('Content-Type', 'application/vnd.esdh+json; charset=utf-8').send('{"records": 1}').expect(200);
    expect(vendor.body.record_count).to.equal(1);
  });

  it('a gzip body is read; one that is not gzip is a 400', async () => {
    const { agent } = await testAgent();
    const post = (body: Buffer) => agent.post('/generate/person').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize((b: unknown) => b as string).send(body as never);
    const gzipped = await post(gzipSync('{"records": 2}')).expect(200);
    expect(gzipped.body.record_count).to.equal(2);
    const broken = await post(Buffer.from('{"records": 2}')).expect(400);
    expect(broken.body.error.esdh_code).to.equal('ESDH_ERR_REQUEST_INVALID');
    expect(broken.body.error.message).to.contain('Content-Encoding');
  });

  it('any as_of date of years 0000-9999 (generated) is 200 inside the range and 400 outside, never 5xx', async () => {
    const { agent } = await testAgent();
    const date = fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    await fc.assert(fc.asyncProperty(fc.oneof(date, fc.constantFrom('1979-12-31', '1980-01-01', '2066-12-31', '2067-01-01')), async (asOf) => {
      const res = await json(agent, '/generate/vehicle', JSON.stringify({ records: 1, as_of: asOf }));
      const inside = asOf >= '1980-01-01' && asOf <= '2066-12-31';
      expect(res.status, `${asOf}: ${res.text.slice(0, 200)}`).to.equal(inside ? 200 : 400);
    }), { numRuns: 60 });
  });

  it('405 answers carry the Allow header', async () => {
    const { agent } = await testAgent();
    const res = await agent.get('/generate/bundle').expect(405);
    expect(res.headers.allow).to.equal('POST');
    const health = await agent.post('/healthz').expect(405);
    expect(health.headers.allow).to.contain('GET');
    const patch = await agent.patch('/entities').expect(405);
    expect(patch.body.error.esdh_code).to.equal('ESDH_ERR_HTTP_METHOD_NOT_ALLOWED');
    expect(patch.body.error.message).to.contain('PATCH').and.contain('/entities');
    // A method the router does not implement at all is answered the same way.
    const unknown = await agent.propfind('/healthz').expect(405);
    expect(unknown.body.error.esdh_code).to.equal('ESDH_ERR_HTTP_METHOD_NOT_ALLOWED');
    expect(unknown.headers.allow).to.contain('GET');
  });

  it('OPTIONS answers the Allow header; an unknown path is 404 whatever the method', async () => {
    const { agent } = await testAgent();
    const options = await agent.options('/generate/person').expect(200);
    expect(options.headers.allow).to.contain('POST');
    for (const method of ['get', 'post', 'options', 'delete'] as const) {
      const res = await agent[method]('/nowhere').expect(404);
      expect(res.body.error.esdh_code).to.equal('ESDH_ERR_HTTP_ROUTE_UNKNOWN');
      expect(res.body.error.message).to.contain('/generate/:entity');
    }
  });

  it('the server is still healthy after every bad request, and logged no 5xx', async () => {
    const logger = memoryLogger();
    const { agent } = await testAgent({ logger });
    for (const bad of BAD_REQUESTS) await bad.send(agent);
    const health = await agent.get('/healthz').expect(200);
    expect(health.body.status).to.equal('ok');
    expect(logger.entries.filter((e) => e.level === 'error')).to.deep.equal([]);
    const statuses = logger.entries.filter((e) => e.msg === 'request').map((e) => e.status as number);
    expect(statuses.filter((s) => s >= 500)).to.deep.equal([]);
  });

  it('any JSON body at all (generated) is answered 200 or 4xx, never 5xx', async () => {
    const { agent } = await testAgent();
    const field = fc.oneof(fc.constantFrom('records', 'seed', 'randomize', 'profile', 'as_of'), fc.string({ maxLength: 8 }));
    const value = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null), fc.constant('random'), fc.constant('2025-01-31'), fc.array(fc.integer(), { maxLength: 2 }));
    const body = fc.oneof(fc.dictionary(field, value, { maxKeys: 4 }), fc.jsonValue({ maxDepth: 2 }));
    await fc.assert(fc.asyncProperty(body, fc.constantFrom('person', 'vehicle', 'profile', 'bundle'), async (payload, entity) => {
      const text = JSON.stringify(payload) ?? 'null';
      const res = await json(agent, `/generate/${entity}`, text);
      if (res.status >= 500 || (res.status >= 300 && res.status < 400)) throw new Error(`${entity} ${text} → ${res.status} ${res.text.slice(0, 200)}`);
      if (res.status >= 400) expect(res.body.error.code).to.be.a('string');
    }), { numRuns: 150 });
  });

  it('a plugin that throws is a 500 with a generic message and the request id, details only in the log', async () => {
    const engine = await testEngine();
    const logger = memoryLogger();
    const broken = Object.create(engine, { generate: { value: async () => { throw new Error('boom at /secret/path/plugin.ts:12'); } } });
    const { agent } = await testAgent({ logger }, broken);
    const res = await agent.post('/generate/person').expect(500);
    expect(res.body.error).to.include({ code: 'internal_error', esdh_code: 'ESDH_ERR_HTTP_INTERNAL' });
    expect(res.body.error.message).to.contain(res.headers['x-request-id']);
    expect(res.text).not.to.contain('boom').and.not.to.contain('/secret/path');
    const logged = logger.entries.find((e) => e.level === 'error');
    expect(JSON.stringify(logged)).to.contain('boom');
  });
});
