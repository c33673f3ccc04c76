/**
 * The canned payloads in data/demo_samples/phase1/ are exactly what the
 * server answers today. When a plugin changes, this fails; regenerate with
 *   npm run build && UPDATE_GOLDEN=1 npx mocha --grep @http-golden
 * (or only the samples: node bin/esdh.js demo samples).
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_SAMPLE_REQUEST, DEMO_SAMPLES, DEMO_SAMPLES_DIR, demoSampleFiles, writeDemoSamples } from '../../../../adapters/transports/http/demo-samples.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { testAgent, testEngine } from './helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const DIR = join(packageRoot(), DEMO_SAMPLES_DIR);

describe(`@http-golden canned demo payloads (${DEMO_SAMPLES_DIR}/)${UPDATE ? ' [UPDATE_GOLDEN=1: rewriting]' : ''}`, () => {
  before(async () => {
    if (UPDATE) await writeDemoSamples(await testEngine(), DIR);
  });

  it('@demo each file is byte for byte what the tool makes today (no drift from the engine)', async () => {
    const expected = await demoSampleFiles(await testEngine());
    expect(existsSync(DIR), `${DIR} is missing: node bin/esdh.js demo samples`).to.equal(true);
    expect(readdirSync(DIR).sort()).to.deep.equal(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected)) {
      expect(readFileSync(join(DIR, name), 'utf8'), `${DEMO_SAMPLES_DIR}/${name} drifted from the engine: npm run build && UPDATE_GOLDEN=1 npx mocha --grep @http-golden`).to.equal(content);
    }
  });

  for (const sample of DEMO_SAMPLES) {
    it(`${sample.file} is the body of POST ${sample.route} ${JSON.stringify(DEMO_SAMPLE_REQUEST)}`, async () => {
      const { agent } = await testAgent();
      const res = await agent.post(sample.route).set('Content-Type', 'application/json').send(DEMO_SAMPLE_REQUEST).expect(200);
      expect(JSON.parse(readFileSync(join(DIR, sample.file), 'utf8'))).to.deep.equal(res.body);
    });
  }
});
