/**
 * The `where` field of a generate body: a string or an array of strings,
 * met by every unit; a bad term is a 400 with the term's sentence, never a
 * 5xx. Fixture plugins with targeting (test/helpers/where-fixture.ts).
 */
import { expect } from 'chai';
import { createEngine, type EntityRecord } from '../../../../engine/index.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { writeWhereProject } from '../../../helpers/where-fixture.js';
import { parseNdjson, testAgent } from './helpers.js';

describe('HTTP: the generate body\'s where', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs('esdh-http-where-');
  const agent = async () => (await testAgent({}, await createEngine({ cwd: writeWhereProject(tempDir()), env: {} }))).agent;

  it('a string or an array of strings: every unit meets the terms, JSON and NDJSON alike', async () => {
    const http = await agent();
    const one = await http.post('/generate/bundle').send({ profile: 'sites', records: 6, where: 'region=East,gadgets=3' }).expect(200);
    expect(one.body.sites.map((s: EntityRecord) => s.region)).to.deep.equal(Array(6).fill('East'));
    expect(one.body.gadgets).to.have.length(18);
    const two = await http.post('/generate/bundle').send({ profile: 'sites', records: 6, where: ['region=East', 'gadgets=3'] }).expect(200);
    expect(two.body).to.deep.equal(one.body);
    const sites = await http.post('/generate/site').send({ profile: 'sites', records: 6, where: ['region=East', 'gadgets=3'] }).expect(200);
    expect(sites.body.sites).to.deep.equal(one.body.sites);
    const streamed = await http.post('/generate/site').set('Accept', 'application/x-ndjson').send({ profile: 'sites', records: 6, where: 'region=East,gadgets=3' }).buffer(true).parse((res, cb) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => cb(null, text));
    }).expect(200);
    expect(parseNdjson(streamed.body as string)).to.deep.equal(one.body.sites);
  });

  it('a bad term is a 400 whose message names it and says what is accepted; so is an impossible one and a wrong type', async () => {
    const http = await agent();
    const invalid = await http.post('/generate/bundle').send({ profile: 'sites', where: 'colour=Red' }).expect(400);
    expect(invalid.body.error.esdh_code).to.equal('ESDH_ERR_WHERE_INVALID');
    expect(invalid.body.error.message).to.include("'colour=Red'").and.include('site.region (enum: the region the site is in)');
    const impossible = await http.post('/generate/bundle').send({ profile: 'sites', where: ['region=North', 'region=South'] }).expect(400);
    expect(impossible.body.error.esdh_code).to.equal('ESDH_ERR_WHERE_IMPOSSIBLE');
    const typed = await http.post('/generate/bundle').send({ profile: 'sites', where: 7 }).expect(400);
    expect(typed.body.error.message).to.include('Invalid where 7').and.include('comma-separated terms');
    const nested = await http.post('/generate/bundle').send({ profile: 'sites', where: [['region=North']] }).expect(400);
    expect(nested.body.error.esdh_code).to.equal('ESDH_ERR_REQUEST_INVALID');
    // A plugin that does not construct a term it declared is a bug of the server's, not of the request: a 500 that shows no internals.
    const unmet = await http.post('/generate/bundle').send({ profile: 'decoys', where: 'decoy.color=Blue' });
    expect(unmet.status).to.equal(500);
  });

  it('the OpenAPI document describes where (string or array of strings)', async () => {
    const http = await agent();
    const doc = await http.get('/openapi.json').expect(200);
    const where = doc.body.components.schemas.GenerateRequest.properties.where;
    expect(where.oneOf.map((s: { type: string }) => s.type)).to.deep.equal(['string', 'array']);
  });
});
