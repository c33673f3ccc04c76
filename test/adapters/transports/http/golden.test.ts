/**
 * HTTP golden files: test/golden/http/<name>.json hold the answers of
 * GET /healthz (without engine_version) and of POST /generate/person, vehicle,
 * profile and bundle for {"records": 3, "seed": 20251101}, on the built-in config.
 *
 * Same convention as test/golden/README.md: to update on purpose, run
 *   npm run build && UPDATE_GOLDEN=1 npx mocha --grep @http-golden
 * (this also rewrites data/demo_samples/phase1/) and review the diff. A file
 * whose records change while the plugins' versions stay the same is refused:
 * bump the plugin version first.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../../engine/index.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { testAgent, testEngine } from './helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const GOLDEN_DIR = join(packageRoot(), 'test', 'golden', 'http');
const REQUEST = { records: 3, seed: 20251101 };
/** Fields of /healthz that change with every release, not with the data. */
const VOLATILE_HEALTH_FIELDS = ['engine_version'];

interface HttpGolden {
  route: string;
  request?: typeof REQUEST;
  plugin_versions: Record<string, string>;
  response: Record<string, unknown>;
}

function pluginVersions(engine: Engine): Record<string, string> {
  return Object.fromEntries(engine.entities().filter((e) => e.enabledByDefault).map((e) => [e.name, e.version]));
}

/** The record lists of a generate response (what plugin versions guard). */
function recordsOf(response: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response).filter(([, v]) => Array.isArray(v)));
}

function check(name: string, actual: HttpGolden, guardRecords: boolean): void {
  const path = join(GOLDEN_DIR, `${name}.json`);
  if (UPDATE) {
    if (existsSync(path) && guardRecords) {
      const previous = JSON.parse(readFileSync(path, 'utf8')) as HttpGolden;
      const changed = JSON.stringify(recordsOf(previous.response)) !== JSON.stringify(recordsOf(actual.response));
      const sameVersions = JSON.stringify(previous.plugin_versions) === JSON.stringify(actual.plugin_versions);
      expect(changed && sameVersions, `${actual.route}: records changed but plugin versions are still ${JSON.stringify(actual.plugin_versions)}: bump the plugin version and log why in governance/DECISIONS_LOG.md before updating ${path}`).to.equal(false);
    }
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
    return;
  }
  expect(existsSync(path), `missing ${path}: run with UPDATE_GOLDEN=1 to create it`).to.equal(true);
  const golden = JSON.parse(readFileSync(path, 'utf8')) as HttpGolden;
  expect(golden.plugin_versions, `${path} was made with plugins ${JSON.stringify(golden.plugin_versions)}, they are now ${JSON.stringify(actual.plugin_versions)}: review the change, then npm run build && UPDATE_GOLDEN=1 npx mocha --grep @http-golden`).to.deep.equal(actual.plugin_versions);
  expect(actual.response, `${actual.route} differs from ${path} (see the header of golden.test.ts to update on purpose)`).to.deep.equal(golden.response);
}

describe(`@http-golden HTTP golden files (test/golden/http/)${UPDATE ? ' [UPDATE_GOLDEN=1: rewriting]' : ''}`, () => {
  it('GET /healthz (without engine_version)', async () => {
    const { agent, engine } = await testAgent();
    const res = await agent.get('/healthz').expect(200);
    const response = { ...res.body };
    for (const field of VOLATILE_HEALTH_FIELDS) delete response[field];
    check('healthz', { route: 'GET /healthz', plugin_versions: pluginVersions(engine), response }, false);
  });

  for (const entity of ['person', 'vehicle', 'profile', 'bundle']) {
    it(`POST /generate/${entity} ${JSON.stringify(REQUEST)}`, async () => {
      const engine = await testEngine();
      const { agent } = await testAgent({}, engine);
      const res = await agent.post(`/generate/${entity}`).set('Content-Type', 'application/json').send(REQUEST).expect(200);
      check(entity, { route: `POST /generate/${entity}`, request: REQUEST, plugin_versions: pluginVersions(engine), response: res.body }, true);
    });
  }
});
