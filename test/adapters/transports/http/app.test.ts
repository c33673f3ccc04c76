/**
 * The Koa app through supertest (no port): every route, the v0.1 payloads,
 * defaults, profiles, random seeds, the API key and the request id.
 */
import { expect } from 'chai';
import type { Bundle, EntityRecord } from '../../../../engine/index.js';
import { memoryLogger } from '../../../../adapters/transports/http/logger.js';
import { parseNdjson, testAgent, testEngine } from './helpers.js';

const JSON_BODY = { 'Content-Type': 'application/json' };

describe('HTTP app (supertest, no port)', () => {
  describe('GET /healthz', () => {
    it('@demo answers status ok with the v0.1 fields: dataset_version, default seed, target records, the plan', async () => {
      const { agent } = await testAgent();
      const res = await agent.get('/healthz').expect(200).expect('Content-Type', /application\/json/);
      expect(res.body).to.include({ status: 'ok', dataset_version: 'v0.1', default_seed: 20251101, default_records: 5, target_records: 30, default_profile: 'baseline' });
      expect(res.body.plan.entities.map((e: { name: string }) => e.name)).to.deep.equal(['person', 'vehicle', 'profile']);
      for (const entity of res.body.plan.entities) expect(entity.version).to.match(/^\d+\.\d+\.\d+/);
      expect(res.body.plan.steps).to.be.an('array').that.is.not.empty;
      expect(res.body.engine_version).to.match(/^\d+\.\d+\.\d+/);
      // v0.1 aliases
      expect(res.body).to.include({ version: 'v0.1', seed: 20251101 });
    });

    it('echoes a sane X-Request-Id and makes one otherwise', async () => {
      const { agent } = await testAgent();
      const given = await agent.get('/healthz').set('X-Request-Id', 'qa-run-42');
      expect(given.headers['x-request-id']).to.equal('qa-run-42');
      const made = await agent.get('/healthz').set('X-Request-Id', 'not ok <script>');
      expect(made.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    });

    it('writes one access-log line per request with id, status and duration', async () => {
      const logger = memoryLogger();
      const { agent } = await testAgent({ logger });
      const res = await agent.get('/healthz');
      const line = logger.entries.find((e) => e.msg === 'request');
      expect(line).to.include({ level: 'info', method: 'GET', path: '/healthz', status: 200, req_id: res.headers['x-request-id'] });
      expect(line!.ms).to.be.a('number');
    });
  });

  describe('GET /entities, /schemas/<entity>, /openapi.json', () => {
    it('lists every registered entity with plural, version, dependencies and schema URL', async () => {
      const { agent, engine } = await testAgent();
      const res = await agent.get('/entities').expect(200);
      expect(res.body.entities.map((e: { name: string }) => e.name)).to.deep.equal(engine.entities().map((e) => e.name));
      const vehicle = res.body.entities.find((e: { name: string }) => e.name === 'vehicle');
      expect(vehicle).to.include({ plural: 'vehicles', version: engine.entity('vehicle').version, schema_url: '/schemas/vehicle', enabled_by_default: true });
      expect(vehicle.dependencies).to.deep.equal(['person']);
      const policy = res.body.entities.find((e: { name: string }) => e.name === 'policy');
      expect(policy.enabled_by_default).to.equal(false);
    });

    it('serves each schema URL listed by /entities, and 404 for an unknown entity', async () => {
      const { agent, engine } = await testAgent();
      const { body } = await agent.get('/entities');
      for (const entity of body.entities as Array<{ name: string; schema_url: string }>) {
        const res = await agent.get(entity.schema_url).expect(200);
        expect(res.body).to.deep.equal(engine.schemas.schema(engine.entity(entity.name).schemaId));
      }
      const missing = await agent.get('/schemas/unicorn').expect(404);
      expect(missing.body.error).to.include({ code: 'not_found', esdh_code: 'ESDH_ERR_ENTITY_UNKNOWN' });
    });

    it('GET /openapi.json is an OpenAPI 3.1 document with a generate path per entity', async () => {
      const { agent, engine } = await testAgent();
      const res = await agent.get('/openapi.json').expect(200);
      expect(res.body.openapi).to.equal('3.1.0');
      for (const e of engine.entities()) expect(res.body.paths).to.have.property(`/generate/${e.name}`);
      expect(res.body.paths).to.include.keys('/generate/bundle', '/healthz', '/entities', '/schemas/{entity}');
    });
  });

  describe('POST /generate/<entity> and /generate/bundle (JSON)', () => {
    for (const [entity, plural] of [['person', 'persons'], ['vehicle', 'vehicles'], ['profile', 'profiles']] as const) {
      it(`@demo /generate/${entity} answers the v0.1 payload: metadata, ${plural}, record_count, records_requested, seed`, async () => {
        const { agent, engine } = await testAgent();
        const res = await agent.post(`/generate/${entity}`).set(JSON_BODY).send({ records: 4, seed: 99 }).expect(200);
        expect(Object.keys(res.body)).to.deep.equal(['metadata', plural, 'record_count', 'records_requested', 'seed']);
        expect(res.body).to.include({ record_count: 4, records_requested: 4, seed: 99 });
        expect(res.body[plural]).to.deep.equal(JSON.parse(JSON.stringify(await engine.generate(entity, { records: 4, seed: 99 }))));
        expect(res.body.metadata).to.include({ dataset_version: 'v0.1', generated_at: '2025-11-01T00:00:00Z', [`record_count_${plural}`]: 4 });
        expect(res.body.metadata.notes).to.contain('effective seed 99');
        for (const record of res.body[plural]) expect(record.synthetic_source).to.equal('enterprise-synthetic-data-hub v0.1');
      });
    }

    it('@demo /generate/bundle answers metadata, persons, vehicles, profiles, records_requested, seed', async () => {
      const { agent, engine } = await testAgent();
      const res = await agent.post('/generate/bundle').set(JSON_BODY).send({ records: 3, seed: 7 }).expect(200);
      expect(Object.keys(res.body)).to.deep.equal(['metadata', 'persons', 'vehicles', 'profiles', 'records_requested', 'seed']);
      const bundle = (await engine.generate('bundle', { records: 3, seed: 7 })) as Bundle;
      expect({ persons: res.body.persons, vehicles: res.body.vehicles, profiles: res.body.profiles }).to.deep.equal(JSON.parse(JSON.stringify(bundle)));
      expect(res.body.metadata).to.include({ record_count_persons: 3, record_count_vehicles: 3, record_count_profiles: 3 });
      const personIds = new Set(res.body.persons.map((p: EntityRecord) => p.person_id));
      for (const vehicle of res.body.vehicles) expect(personIds.has(vehicle.person_id)).to.equal(true);
    });

    it('entities off by default (policy, claim) have their own routes too', async () => {
      const { agent } = await testAgent();
      const res = await agent.post('/generate/policy').set(JSON_BODY).send({ records: 2, seed: 5 }).expect(200);
      expect(res.body).to.have.property('policies').that.is.an('array');
      expect(res.body.records_requested).to.equal(2);
    });

    it('without a body: 5 records with the v0.1 default seed 20251101 (an empty body and {} alike)', async () => {
      const { agent } = await testAgent();
      const none = await agent.post('/generate/person').expect(200);
      const empty = await agent.post('/generate/person').set(JSON_BODY).send('').expect(200);
      const object = await agent.post('/generate/person').set(JSON_BODY).send({}).expect(200);
      for (const res of [none, empty, object]) expect(res.body).to.include({ record_count: 5, records_requested: 5, seed: 20251101 });
      expect(empty.body.persons).to.deep.equal(none.body.persons);
      expect(object.body.persons).to.deep.equal(none.body.persons);
    });

    it('accepts the v0.1 seed forms: integer, numeric string, "random", and randomize: true', async () => {
      const { agent } = await testAgent();
      const integer = await agent.post('/generate/person').set(JSON_BODY).send({ records: 2, seed: 123 }).expect(200);
      const string = await agent.post('/generate/person').set(JSON_BODY).send({ records: '2', seed: '123' }).expect(200);
      expect(string.body.seed).to.equal(123);
      expect(string.body.persons).to.deep.equal(integer.body.persons);
      for (const body of [{ records: 2, seed: 'random' }, { records: 2, seed: 'RANDOM' }, { records: 2, randomize: true }, { records: 2, seed: 123, randomize: true }]) {
        const res = await agent.post('/generate/person').set(JSON_BODY).send(body).expect(200);
        expect(res.body.seed, JSON.stringify(body)).to.be.a('number');
        // The effective seed repeats the request exactly.
        const again = await agent.post('/generate/person').set(JSON_BODY).send({ records: 2, seed: res.body.seed }).expect(200);
        expect(again.body.persons).to.deep.equal(res.body.persons);
      }
    });

    it('a named profile gives its records and seed; as_of moves the reference date', async () => {
      const { agent, engine } = await testAgent();
      const baseline = await agent.post('/generate/person').set(JSON_BODY).send({ profile: 'baseline' }).expect(200);
      expect(baseline.body).to.include({ record_count: 30, seed: 42 });
      expect(baseline.body.persons).to.deep.equal(JSON.parse(JSON.stringify(await engine.generate('person', { profile: 'baseline' }))));
      const dated = await agent.post('/generate/person').set(JSON_BODY).send({ records: 1, seed: 1, as_of: '2030-06-30' }).expect(200);
      expect(dated.body.metadata.generated_at).to.equal('2030-06-30T00:00:00Z');
      expect(dated.headers['x-esdh-as-of']).to.equal('2030-06-30');
    });

    it('reports the effective seed and request in X-ESDH-* headers', async () => {
      const { agent } = await testAgent();
      const res = await agent.post('/generate/bundle').set(JSON_BODY).send({ records: 2, seed: 77 }).expect(200);
      expect(res.headers).to.include({ 'x-esdh-seed': '77', 'x-esdh-records-requested': '2', 'x-esdh-dataset-version': 'v0.1' });
    });

    it('a plural name works as the entity too (/generate/persons)', async () => {
      const { agent } = await testAgent();
      const res = await agent.post('/generate/persons').set(JSON_BODY).send({ records: 1 }).expect(200);
      expect(res.body.persons).to.have.length(1);
    });
  });

  describe('Accept: application/x-ndjson', () => {
    it('an entity streams one record per line, the same records as the JSON response', async () => {
      const { agent } = await testAgent();
      const json = await agent.post('/generate/vehicle').set(JSON_BODY).send({ records: 25, seed: 3 }).expect(200);
      const res = await agent.post('/generate/vehicle').set(JSON_BODY).set('Accept', 'application/x-ndjson').send({ records: 25, seed: 3 }).buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk));
        r.on('end', () => done(null, text));
      }).expect(200);
      expect(res.headers['content-type']).to.match(/^application\/x-ndjson/);
      expect(res.headers['x-esdh-seed']).to.equal('3');
      expect(parseNdjson(res.body as string)).to.deep.equal(json.body.vehicles);
    });

    it('the bundle streams {"entity","record"} lines in unit order, dependencies first', async () => {
      const { agent } = await testAgent();
      const json = await agent.post('/generate/bundle').set(JSON_BODY).send({ records: 4, seed: 3 }).expect(200);
      const res = await agent.post('/generate/bundle').set(JSON_BODY).set('Accept', 'application/x-ndjson').send({ records: 4, seed: 3 }).buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk));
        r.on('end', () => done(null, text));
      }).expect(200);
      const lines = parseNdjson(res.body as string) as Array<{ entity: string; record: EntityRecord }>;
      expect(lines.slice(0, 3).map((l) => l.entity)).to.deep.equal(['person', 'vehicle', 'profile']);
      const regrouped: Record<string, EntityRecord[]> = {};
      for (const { entity, record } of lines) (regrouped[`${entity}s`] ??= []).push(record);
      expect(regrouped).to.deep.equal({ persons: json.body.persons, vehicles: json.body.vehicles, profiles: json.body.profiles });
    });

    it('Accept: application/json or */* (or none) keeps the JSON response', async () => {
      const { agent } = await testAgent();
      for (const accept of ['application/json', '*/*', 'application/json, application/x-ndjson;q=0.5']) {
        const res = await agent.post('/generate/person').set(JSON_BODY).set('Accept', accept).send({ records: 1 }).expect(200);
        expect(res.headers['content-type'], accept).to.match(/^application\/json/);
      }
    });
  });

  describe('API key', () => {
    it('without a configured key, no header is needed (loopback demo)', async () => {
      const { agent } = await testAgent({ apiKey: null });
      await agent.get('/healthz').expect(200);
    });

    it('with a key: 401 JSON without it or with a wrong one; X-API-Key or Bearer pass', async () => {
      const { agent } = await testAgent({ apiKey: 's3cret-key' });
      for (const req of [agent.get('/healthz'), agent.post('/generate/person'), agent.get('/healthz').set('X-API-Key', 'wrong'), agent.get('/healthz').set('Authorization', 'Bearer s3cret-kez')]) {
        const res = await req.expect(401);
        expect(res.body.error).to.include({ code: 'unauthorized', esdh_code: 'ESDH_ERR_REQUEST_UNAUTHORIZED' });
        expect(res.headers['www-authenticate']).to.match(/^Bearer/);
      }
      await agent.get('/healthz').set('X-API-Key', 's3cret-key').expect(200);
      await agent.post('/generate/person').set('Authorization', 'Bearer s3cret-key').expect(200);
    });

    it('takes the key from the config (api.api_key / ESDH_API_KEY) by default', async () => {
      const engine = await testEngine({ env: { ESDH_API_KEY: 'from-env' } });
      const { agent } = await testAgent({}, engine);
      await agent.get('/healthz').expect(401);
      await agent.get('/healthz').set('X-API-Key', 'from-env').expect(200);
    });
  });
});
