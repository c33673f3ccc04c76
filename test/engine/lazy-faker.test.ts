/**
 * `ctx.faker` is made on first read, once per plugin of a generator: a run
 * whose plugins never read it makes none, and a plugin that reads it gets a
 * faker bound to its record's stream, so its draws are the ones a faker made
 * up front gives (laziness changes no byte).
 */
import { expect } from 'chai';
import { type EntityRecord, type GenerateContext, uuidV4 } from '../../engine/index.js';
import { boundFakersMade, createBoundFaker, type StreamHolder } from '../../engine/generate/bound-faker.js';
import { hashString, RandomStream } from '../../engine/lib/random.js';
import { newEngine } from '../helpers/engine.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, widgetRecord, writeSchema } from '../helpers/test-plugins.js';

const FAKER_SCHEMA = {
  type: 'object', additionalProperties: false, required: ['widget_id', 'person_id', 'size', 'label', 'synthetic_source'],
  properties: { widget_id: { type: 'string' }, person_id: { type: 'string' }, size: { type: 'integer' }, label: { type: 'string' }, synthetic_source: { type: 'string' } },
};

describe('engine: ctx.faker is made on first read', () => {
  const tempDir = useTempDirs('esdh-lazy-faker-');

  it('a run whose plugins never read ctx.faker makes no faker (built-in bundle, a plugin of its own)', async () => {
    const engine = await newEngine({ plugins: [widgetPlugin()], schemaDirs: [writeSchema(tempDir())] });
    const before = boundFakersMade();
    await engine.generate('bundle', { records: 20, seed: 3 });
    await engine.generate('widget', { records: 20, seed: 3 });
    engine.build('profile', { seed: 4 });
    expect(boundFakersMade()).to.equal(before);
  });

  it('a plugin that reads it gets one faker for the run, drawing from each record\'s own stream: the values a faker made up front gives', async () => {
    const label = (ctx: GenerateContext) => `${ctx.faker.word.noun()}-${ctx.faker.string.alpha(6)}-${ctx.faker.date.recent({ days: 10 }).toISOString()}`;
    const reads = widgetPlugin({ generate: (ctx: GenerateContext) => ({ ...widgetRecord(ctx), label: label(ctx) }) });
    const engine = await newEngine({ plugins: [reads], schemaDirs: [writeSchema(tempDir(), 'widget', FAKER_SCHEMA)] });
    const before = boundFakersMade();
    const widgets = await engine.generate('widget', { records: 12, seed: 21, asOf: '2024-06-30' });
    expect(boundFakersMade() - before).to.equal(1);

    // The eager way: a faker made before any record, on a holder whose stream is (seed, entity, unit, child), drawn after the record's own draws.
    const holder: StreamHolder = { stream: new RandomStream() };
    const eager = createBoundFaker(holder, '2024-06-30');
    const expected = widgets.map((_, unit) => {
      holder.stream.reset(21, hashString('widget'), unit, 0);
      uuidV4(holder.stream); // widgetRecord's draws: the id, then the size
      holder.stream.int(1, 10);
      return `${eager.word.noun()}-${eager.string.alpha(6)}-${eager.date.recent({ days: 10 }).toISOString()}`;
    });
    expect(widgets.map((w) => (w as EntityRecord).label)).to.deep.equal(expected);
  });

  it('reading it first at unit 5 gives unit 5 on the same values as reading it from unit 0', async () => {
    const label = (ctx: GenerateContext) => ctx.faker.string.alphanumeric(12);
    const always = widgetPlugin({ generate: (ctx: GenerateContext) => ({ ...widgetRecord(ctx), label: label(ctx) }) });
    const late = widgetPlugin({ generate: (ctx: GenerateContext) => ({ ...widgetRecord(ctx), label: ctx.unitIndex < 5 ? 'none' : label(ctx) }) });
    const schemaDir = writeSchema(tempDir(), 'widget', FAKER_SCHEMA);
    const a = await (await newEngine({ plugins: [always], schemaDirs: [schemaDir] })).generate('widget', { records: 9, seed: 8 });
    const b = await (await newEngine({ plugins: [late], schemaDirs: [schemaDir] })).generate('widget', { records: 9, seed: 8 });
    expect(b.slice(5)).to.deep.equal(a.slice(5));
    expect(b.slice(0, 5).map((w) => w.label)).to.deep.equal(['none', 'none', 'none', 'none', 'none']);
  });
});
