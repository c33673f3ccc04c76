/**
 * `distributions` (config and profile) reach every plugin's setup and
 * generate contexts, in the main thread and in workers, and are recorded in
 * the manifest; a bad value is a config error naming the field.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Distributions, type EntityPlugin, type GenerateContext, type SetupContext } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, writeSchema } from '../helpers/test-plugins.js';

describe('distributions (config and profile)', () => {
  const tempDir = useTempDirs('esdh-distributions-');

  /** A widget plugin whose size is the number of states the run's distributions list. */
  function sizedByStates(seen: Distributions[]): EntityPlugin {
    return widgetPlugin({
      setup: (ctx: SetupContext) => {
        seen.push(ctx.distributions);
        return Array.isArray(ctx.distributions.states) ? ctx.distributions.states.length : 51;
      },
      generate: (ctx: GenerateContext<number, 'person'>) => ({ widget_id: '00000000-0000-4000-8000-000000000000', person_id: ctx.dep('person').person_id, size: ctx.state, synthetic_source: ctx.marker }),
    });
  }

  it('the built-in shape is the v0.1 one: five western states, 70/30 lob, Sedan/SUV/Truck', async () => {
    const engine = await newEngine();
    expect(engine.plan({}).distributions).to.deep.equal({
      states: ['CA', 'AZ', 'NV', 'OR', 'WA'],
      lob_mix: { Personal: 0.7, Commercial: 0.3 },
      body_styles: ['Sedan', 'SUV', 'Truck'],
    });
  });

  it("a profile's own distributions replace the top level's field by field, and plugins see the result", async () => {
    const seen: Distributions[] = [];
    const engine = await newEngine({
      plugins: [sizedByStates(seen)],
      schemaDirs: [writeSchema(tempDir())],
      config: {
        distributions: { states: ['CA', 'NV'] },
        profiles: { west: { records: 2, distributions: { states: 'all', makes: { Tesla: 3 } } } },
      },
    });
    expect(engine.plan({}).distributions.states).to.deep.equal(['CA', 'NV']);
    const west = engine.plan({ profile: 'west' }).distributions;
    expect(west).to.deep.include({ states: 'all', makes: { Tesla: 3 }, body_styles: ['Sedan', 'SUV', 'Truck'] });
    const widgets = await engine.generate('widget', { records: 2, seed: 1, profile: 'west', entities: ['widget'] } as never);
    expect(widgets.map((w) => w.size)).to.deep.equal([51, 51]);
    expect(seen.at(-1)).to.deep.include({ states: 'all' });
  });

  it('a run with workers records them in the manifest, and the regenerate command names the profile', async () => {
    const config = { distributions: { states: ['OR'] }, entities: ['person', 'vehicle', 'profile'] };
    const engine = await newEngine({ config });
    const out = join(tempDir(), 'snap');
    const { manifest } = await engine.run({ records: 40, seed: 3, out, workers: 2 });
    expect(manifest.distributions).to.deep.include({ states: ['OR'] });
    const written = JSON.parse(readFileSync(join(out, 'snapshot_manifest_v0_1.json'), 'utf8')) as { distributions: Distributions; regenerate: string };
    expect(written.distributions.states).to.deep.equal(['OR']);
    expect(written.regenerate).to.include('--profile baseline');
  });

  it('a value outside the schema is ESDH_ERR_CONFIG_INVALID naming the field', async () => {
    const error = await expectEsdhError(newEngine({ config: { distributions: { states: 'most' } } as never }), 'ESDH_ERR_CONFIG_INVALID');
    expect(error.message).to.include('distributions.states');
    const bad = await expectEsdhError(newEngine({ config: { profiles: { p: { records: 1, distributions: { lob_mix: { Personal: -1 } } } } } }), 'ESDH_ERR_CONFIG_INVALID');
    expect(bad.message).to.include('lob_mix');
  });
});
