/**
 * GET /openapi.json: an OpenAPI 3.1 document built from the registered
 * schemas, so generated clients match what the server answers: every $ref
 * resolves, and real responses validate against the documented schemas.
 */
import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import { parseNdjson, testAgent } from './helpers.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const DOC_ID = 'https://esdh.test/openapi.json';

type Json = Record<string, unknown>;

function pointer(...parts: string[]): string {
  return '#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

async function loadDocument() {
  const { agent, engine } = await testAgent();
  const doc = (await agent.get('/openapi.json').expect(200)).body as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });
  const validatorAt = (...parts: string[]) => ajv.compile({ $ref: DOC_ID + pointer(...parts) });
  return { agent, engine, doc, validatorAt };
}

describe('HTTP OpenAPI document', () => {
  it('is OpenAPI 3.1 and every $ref points at a component that exists', async () => {
    const { doc } = await loadDocument();
    expect(doc.openapi).to.equal('3.1.0');
    const components = (doc.components as { schemas: Json }).schemas;
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) k === '$ref' ? refs.push(v as string) : walk(v);
    };
    walk(doc);
    expect(refs).to.not.be.empty;
    for (const ref of refs) expect(components, ref).to.have.property(ref.replace('#/components/schemas/', ''));
  });

  it('passes a real OpenAPI 3.1 validator (@seriousme/openapi-schema-validator)', async () => {
    const { doc } = await loadDocument();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
  });

  it('documents the request body with schemas/generate-request.schema.json, without the null the API refuses', async () => {
    const { doc, engine } = await loadDocument();
    const { $schema: _s, $id: _i, ...schema } = engine.schemas.schema('generate-request');
    const documented = (doc.components as { schemas: Json }).schemas.GenerateRequest as { properties: Record<string, { type?: unknown }> };
    const properties = schema.properties as Record<string, { type?: unknown }>;
    for (const field of ['records', 'seed']) {
      expect(documented.properties[field]!.type, field).to.deep.equal((properties[field]!.type as string[]).filter((t) => t !== 'null'));
    }
    const rest = (value: { properties: Record<string, unknown> }) => ({ ...value, properties: { ...value.properties, records: undefined, seed: undefined } });
    expect(rest(documented)).to.deep.equal(rest(schema as never));
  });

  it('documents the 503 of a busy server with its Retry-After header', async () => {
    const { doc } = await loadDocument();
    const busy = ((doc.paths as Json)['/generate/bundle'] as { post: { responses: Record<string, { headers?: Json }> } }).post.responses['503'];
    expect(busy?.headers).to.have.property('Retry-After');
  });

  it('real JSON responses of every generate route validate against the documented 200 schema', async () => {
    const { agent, engine, validatorAt } = await loadDocument();
    for (const route of [...engine.entities().map((e) => e.name), 'bundle']) {
      const validate = validatorAt('paths', `/generate/${route}`, 'post', 'responses', '200', 'content', 'application/json', 'schema');
      const res = await agent.post(`/generate/${route}`).set('Content-Type', 'application/json').send({ records: 3, seed: 8 }).expect(200);
      expect(validate(res.body), `${route}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    }
  });

  it('NDJSON lines validate against the documented line schema', async () => {
    const { agent, validatorAt } = await loadDocument();
    for (const route of ['vehicle', 'bundle']) {
      const validate = validatorAt('paths', `/generate/${route}`, 'post', 'responses', '200', 'content', 'application/x-ndjson', 'schema');
      const res = await agent.post(`/generate/${route}`).set('Content-Type', 'application/json').set('Accept', 'application/x-ndjson').send({ records: 3, seed: 8 })
        .buffer(true).parse((r, done) => {
          let text = '';
          r.on('data', (chunk: Buffer) => (text += chunk));
          r.on('end', () => done(null, text));
        });
      for (const line of parseNdjson(res.body as string)) expect(validate(line), `${route}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    }
  });

  it('/healthz, /entities and error bodies match their schemas', async () => {
    const { agent, validatorAt } = await loadDocument();
    const health = validatorAt('components', 'schemas', 'Health');
    expect(health((await agent.get('/healthz')).body), JSON.stringify(health.errors)).to.equal(true);
    const entities = validatorAt('paths', '/entities', 'get', 'responses', '200', 'content', 'application/json', 'schema');
    expect(entities((await agent.get('/entities')).body), JSON.stringify(entities.errors)).to.equal(true);
    const error = validatorAt('components', 'schemas', 'Error');
    for (const res of [await agent.post('/generate/person').set('Content-Type', 'application/json').send('{"records":0}'), await agent.get('/nowhere'), await agent.get('/generate/person')]) {
      expect(error(res.body), JSON.stringify(error.errors)).to.equal(true);
    }
  });
});
