/**
 * The plugin contract the book of business stands on: optional dependencies
 * (made first when the run has them, never pulled in), `ctx.siblings`,
 * `ctx.entities`, cross-record checks in verify, nullable references, and
 * `lob` limiting a run to one line of business.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { type CrossCheck, type EntityPlugin, type EntityRecord, type GenerateContext, parseLob, type SetupContext, uuidV4 } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, writeSchema } from '../helpers/test-plugins.js';

/** A gadget: one or more per unit, reading a widget when the run has widgets. */
const GADGET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Gadget',
  type: 'object',
  additionalProperties: false,
  required: ['gadget_id', 'widget_id', 'rank', 'synthetic_source'],
  properties: {
    gadget_id: { type: 'string', format: 'uuid' },
    widget_id: { type: ['string', 'null'], format: 'uuid' },
    rank: { type: 'integer', minimum: 1 },
    synthetic_source: { type: 'string', minLength: 1 },
  },
} as const;

function gadgetPlugin(seen: { entities?: readonly string[] } = {}, overrides: Partial<Record<keyof EntityPlugin, unknown>> = {}): EntityPlugin {
  return {
    name: 'gadget',
    plural: 'gadgets',
    version: '1.0.0',
    schemaId: 'gadget',
    dependencies: ['person'],
    optionalDependencies: ['widget'],
    idField: 'gadget_id',
    references: { widget_id: 'widget.widget_id' },
    setup: (ctx: SetupContext) => {
      seen.entities = ctx.entities;
      return undefined;
    },
    count: () => 3,
    // The rank is one more than the gadgets made before it in the unit: siblings are the unit's own earlier records.
    generate: (ctx: GenerateContext) => ({
      gadget_id: uuidV4(ctx.random),
      widget_id: (ctx.deps.widget?.[0]?.widget_id as string | undefined) ?? null,
      rank: ctx.siblings.length + 1,
      synthetic_source: ctx.marker,
    }),
    ...overrides,
  } as EntityPlugin;
}

describe('the book contract: optional dependencies, siblings, cross checks, lob', () => {
  const tempDir = useTempDirs('esdh-book-contract-');

  async function engineWith(plugins: EntityPlugin[], config: Record<string, unknown> = {}) {
    const dir = tempDir();
    writeSchema(dir);
    writeSchema(dir, 'gadget', GADGET_SCHEMA);
    return newEngine({ plugins, schemaDirs: [dir], config });
  }

  it('an optional dependency is not pulled into a run, and is made first when the run has it', async () => {
    const seen: { entities?: readonly string[] } = {};
    const engine = await engineWith([widgetPlugin(), gadgetPlugin(seen)], { profiles: { kit: { records: 2, entities: ['gadget', 'widget'] } } });
    expect(engine.registry.order(['gadget']).map((p) => p.name)).to.deep.equal(['person', 'gadget']);
    expect(engine.registry.order(['gadget', 'widget']).map((p) => p.name)).to.deep.equal(['person', 'widget', 'gadget']);

    const alone = await engine.generate('gadget', { records: 2, seed: 1 });
    expect(alone.map((g) => g.widget_id)).to.deep.equal([null, null, null, null, null, null]);
    expect(seen.entities).to.deep.equal(['person', 'gadget']);

    const { widgets, gadgets } = await engine.generate('bundle', { profile: 'kit', seed: 1 });
    expect(gadgets!.map((g) => g.widget_id)).to.deep.equal([widgets![0]!.widget_id, widgets![0]!.widget_id, widgets![0]!.widget_id, widgets![1]!.widget_id, widgets![1]!.widget_id, widgets![1]!.widget_id]);
    expect(seen.entities).to.deep.equal(['person', 'widget', 'gadget']);
  });

  it("asked for one entity, a profile's run makes it with the profile's optional dependencies", async () => {
    const engine = await engineWith([widgetPlugin(), gadgetPlugin()], { profiles: { kit: { records: 2, entities: ['widget', 'gadget'] } } });
    expect(engine.registry.withOptional(['gadget'], ['widget', 'gadget'])).to.deep.equal(['gadget', 'widget']);
    expect(engine.registry.withOptional(['gadget'], ['gadget'])).to.deep.equal(['gadget']);
    const inKit = await engine.generate('gadget', { profile: 'kit', seed: 3 });
    expect(inKit.every((g) => typeof g.widget_id === 'string')).to.equal(true);
    const plain = await engine.generate('gadget', { records: 2, seed: 3 });
    expect(plain.every((g) => g.widget_id === null)).to.equal(true);
  });

  it('ctx.siblings holds the unit\'s own records made so far, and is empty for the first', async () => {
    const engine = await engineWith([widgetPlugin(), gadgetPlugin()]);
    const gadgets = await engine.generate('gadget', { records: 2, seed: 5 });
    expect(gadgets.map((g) => g.rank)).to.deep.equal([1, 2, 3, 1, 2, 3]);
  });

  it('a loop through an optional dependency is refused when the plugins register, and a bad optionalDependencies is a plugin error', async () => {
    const loop = widgetPlugin({ dependencies: ['person', 'gadget'] });
    const cycle = await expectEsdhError(engineWith([loop, gadgetPlugin()]), 'ESDH_ERR_PLUGIN_DEPENDENCY_CYCLE');
    expect(cycle.message).to.match(/gadget → widget → gadget/);
    const invalid = await expectEsdhError(engineWith([widgetPlugin(), gadgetPlugin({}, { optionalDependencies: ['person'] })]), 'ESDH_ERR_PLUGIN_INVALID');
    expect(invalid.message).to.match(/optionalDependencies/);
  });

  it('verify runs cross checks over the records they read, and reports every rule with its pass rate', async () => {
    const checks = (): CrossCheck => {
      const ranks = new Map<string, number[]>();
      return {
        rules: { 'gadget.rank_below_3': 'gadgets rank 1 or 2', 'gadget.three_per_widget': 'every widget has three gadgets' },
        reads: ['widget', 'gadget'],
        visit(entity, record: EntityRecord, where, report) {
          if (entity === 'widget') return void ranks.set(record.widget_id as string, []);
          report('gadget.rank_below_3', (record.rank as number) < 3 ? null : `rank ${String(record.rank)}`, where);
          ranks.get(record.widget_id as string)?.push(record.rank as number);
        },
        finish(report) {
          for (const [id, list] of ranks) report('gadget.three_per_widget', list.length === 3 ? null : `${list.length} gadgets`, `widget ${id}`);
        },
      };
    };
    const engine = await engineWith([widgetPlugin(), gadgetPlugin({}, { crossChecks: checks })]);
    const out = join(tempDir(), 'snap');
    await engine.run({ records: 4, seed: 2, out, entities: ['widget', 'gadget'], formats: ['ndjson'] });
    const report = await engine.verify(out);
    const rank = report.rules.find((r) => r.rule === 'gadget.rank_below_3')!;
    expect(rank).to.include({ checked: 12, failed: 4 });
    expect(rank.examples[0]).to.match(/^gadgets_v0_1\.ndjson:\d+: rank 3$/);
    expect(report.rules.find((r) => r.rule === 'gadget.three_per_widget')).to.include({ checked: 4, failed: 0 });
    expect(report.rules.find((r) => r.rule === 'foreign_keys')!.failed).to.equal(0);
    expect(report.ok).to.equal(false);
  });

  it('a checker that throws or reports an unknown rule fails cross_checks instead of stopping verify', async () => {
    const broken = (): CrossCheck => ({
      rules: { 'gadget.fine': 'fine' },
      reads: ['gadget'],
      visit(_entity, _record, where, report) {
        report('gadget.unlisted', null, where);
      },
      finish() {
        throw new Error('boom');
      },
    });
    const engine = await engineWith([widgetPlugin(), gadgetPlugin({}, { crossChecks: broken })]);
    const out = join(tempDir(), 'snap');
    await engine.run({ records: 1, seed: 2, out, formats: ['ndjson'], entities: ['gadget'] });
    const report = await engine.verify(out);
    const cross = report.rules.find((r) => r.rule === 'cross_checks')!;
    expect(cross.failed).to.equal(4);
    expect(cross.examples.join('\n')).to.match(/'gadget\.unlisted', which is not in its rules/).and.match(/threw: boom/);
    expect(report.rules.find((r) => r.rule === 'gadget.fine')).to.include({ checked: 0, failed: 0 });
  });

  it('an empty reference points at nothing (no foreign-key failure); a dangling one still fails', async () => {
    const engine = await engineWith([widgetPlugin(), gadgetPlugin()]);
    const out = join(tempDir(), 'snap');
    await engine.run({ records: 2, seed: 2, out, formats: ['ndjson'], entities: ['gadget'] });
    const report = await engine.verify(out);
    expect(report.rules.find((r) => r.rule === 'foreign_keys')?.checked ?? 0).to.equal(0);
    expect(report.ok).to.equal(true);
    // The exporters' view drops keys to entities the run does not make.
    expect(engine.exportEntities(['gadget']).find((e) => e.name === 'gadget')!.references).to.deep.equal({});
    expect(engine.exportEntities(['gadget', 'widget']).find((e) => e.name === 'gadget')!.references).to.deep.equal({ widget_id: 'widget.widget_id' });
  });

  it('lob limits a run to one line: the mix becomes 1/0, and the regenerate command says so', async () => {
    const engine = await newEngine();
    expect(engine.plan({ lob: 'Commercial' }).distributions.lob_mix).to.deep.equal({ Personal: 0, Commercial: 1 });
    expect(parseLob('personal')).to.equal('Personal');
    const bad = await expectEsdhError(() => parseLob('auto', '--lob'), 'ESDH_ERR_OPTION_INVALID');
    expect(bad.message).to.match(/--lob.*"auto".*Personal or Commercial/);
    const persons = await engine.generate('person', { records: 40, seed: 9, lob: 'Commercial' });
    expect(new Set(persons.map((p) => p.lob_type))).to.deep.equal(new Set(['Commercial']));
    const out = join(tempDir(), 'snap');
    const { manifest } = await engine.run({ records: 3, seed: 1, out, lob: 'Personal' });
    expect(manifest.regenerate).to.match(/ --lob Personal /);
    expect(manifest.distributions?.lob_mix).to.deep.equal({ Personal: 1, Commercial: 0 });
  });
});
