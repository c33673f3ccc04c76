/**
 * One request, three ways, the same records: POST /generate/bundle,
 * engine.generate('bundle') and the files of `esdh run --seed S --records N`.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Bundle } from '../../../../engine/index.js';
import { runCli } from '../../../../adapters/transports/cli/main.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';
import { captureIO, parseNdjson, testAgent } from './helpers.js';

const SEED = 31337;
const RECORDS = 25;

describe('HTTP, engine.generate and esdh run agree', () => {
  const tempDir = useTempDirs('esdh-http-agree-');

  it('@demo the same seed gives the same records through POST /generate/bundle, engine.generate and esdh run (NDJSON and CSV)', async () => {
    const cwd = tempDir(); // no config file here: the built-in defaults for all three
    const engine = await createEngine({ cwd, env: {} });
    const { agent } = await testAgent({}, engine);

    const http = (await agent.post('/generate/bundle').set('Content-Type', 'application/json').send({ records: RECORDS, seed: SEED }).expect(200)).body;
    const generated = JSON.parse(JSON.stringify(await engine.generate('bundle', { records: RECORDS, seed: SEED }))) as Bundle;

    const io = captureIO(cwd);
    const out = join(cwd, 'snapshot');
    const code = await runCli(['run', '--seed', String(SEED), '--records', String(RECORDS), '--format', 'ndjson,csv', '--out', out], io);
    expect(code, io.err()).to.equal(0);
    const fromRun: Bundle = {};
    for (const plural of ['persons', 'vehicles', 'profiles']) fromRun[plural] = parseNdjson(readFileSync(join(out, `${plural}_v0_1.ndjson`), 'utf8')) as Bundle[string];

    const fromHttp = { persons: http.persons, vehicles: http.vehicles, profiles: http.profiles };
    expect(fromHttp.persons).to.have.length(RECORDS);
    expect(fromHttp).to.deep.equal(generated);
    expect(fromHttp).to.deep.equal(fromRun);

    const csvIds = readFileSync(join(out, 'persons_v0_1.csv'), 'utf8').trimEnd().split('\n').slice(1).map((row) => row.split(',')[0]!.replace(/"/g, ''));
    expect(csvIds).to.deep.equal(fromHttp.persons.map((p: { person_id: string }) => p.person_id));
    expect(http.seed).to.equal(SEED);
  });

  it('each entity route gives the same records as that entity in the bundle', async () => {
    const { agent } = await testAgent({}, await createEngine({ noConfigFile: true, env: {} }));
    const bundle = (await agent.post('/generate/bundle').set('Content-Type', 'application/json').send({ records: 6, seed: SEED })).body;
    for (const [entity, plural] of [['person', 'persons'], ['vehicle', 'vehicles'], ['profile', 'profiles']]) {
      const res = await agent.post(`/generate/${entity}`).set('Content-Type', 'application/json').send({ records: 6, seed: SEED }).expect(200);
      expect(res.body[plural!], entity).to.deep.equal(bundle[plural!]);
    }
  });
});
