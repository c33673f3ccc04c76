/**
 * Errors as data: a failure in plugin code (setup, count, generate, a rule)
 * is one EsdhError whose `details` say which plugin, hook and unit (and
 * module), with the original error as `cause`; asserted as objects, not as
 * message text.
 */
import { expect } from 'chai';
import { EsdhError, uuidV4, type EntityPlugin, type GenerateContext } from '../../engine/index.js';
import { newEngine } from '../helpers/engine.js';
import { expectEsdhError } from '../helpers/errors.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { widgetPlugin, widgetRecord, writeSchema } from '../helpers/test-plugins.js';

describe('engine: plugin failures carry their details', () => {
  const tempDir = useTempDirs('esdh-plugin-failure-');

  function engineWith(plugins: EntityPlugin[]) {
    return newEngine({ plugins, schemaDirs: [writeSchema(tempDir())] });
  }

  it('generate throws at unit 3 → ESDH_ERR_PLUGIN_FAILED { plugin, hook: generate, unit: 3 }, the original as cause', async () => {
    const original = new TypeError('widget catalogue is empty');
    const generate = (ctx: GenerateContext) => {
      if (ctx.unitIndex === 3) throw original;
      return widgetRecord(ctx);
    };
    const engine = await engineWith([widgetPlugin({ generate })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 5, seed: 1 }), 'ESDH_ERR_PLUGIN_FAILED');
    // A plugin passed as an object has no module.
    expect(error.details).to.deep.equal({ plugin: 'widget', hook: 'generate', unit: 3 });
    expect(error.cause).to.equal(original);
    expect(error.status).to.equal(500);
  });

  it('setup throws → { plugin, hook: setup } and no unit', async () => {
    const original = new RangeError('no table');
    const engine = await engineWith([widgetPlugin({ setup: () => { throw original; } })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 1 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.details).to.deep.equal({ plugin: 'widget', hook: 'setup' });
    expect(error.cause).to.equal(original);
  });

  it('count throws at unit 2, or returns a bad number at unit 0 → { hook: count, unit }', async () => {
    const original = new Error('cannot count');
    const throwing = await engineWith([widgetPlugin({ count: (ctx: GenerateContext) => { if (ctx.unitIndex === 2) throw original; return 1; } })]);
    const thrown = await expectEsdhError(throwing.generate('widget', { records: 4 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(thrown.details).to.deep.equal({ plugin: 'widget', hook: 'count', unit: 2 });
    expect(thrown.cause).to.equal(original);

    const negative = await engineWith([widgetPlugin({ count: () => -1 })]);
    const bad = await expectEsdhError(negative.generate('widget', { records: 4 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(bad.details).to.deep.equal({ plugin: 'widget', hook: 'count', unit: 0 });
    expect(bad.cause).to.equal(undefined);
  });

  it('ctx.dep of a record the unit does not hold (none at unit 1), or of an undeclared entity → the reading plugin fails, with its unit', async () => {
    const sometimes = widgetPlugin({ count: (ctx: GenerateContext) => (ctx.unitIndex === 1 ? 0 : 1) });
    const reader = widgetPlugin({
      name: 'gizmo', plural: 'gizmos', dependencies: ['widget'],
      generate: (ctx: GenerateContext) => ({ ...ctx.dep('widget'), widget_id: uuidV4(ctx.random) }),
    });
    const engine = await engineWith([sometimes, reader]);
    const error = await expectEsdhError(engine.generate('gizmo', { records: 3, seed: 4 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.details).to.deep.equal({ plugin: 'gizmo', hook: 'generate', unit: 1 });

    const undeclared = await engineWith([widgetPlugin({ generate: (ctx: GenerateContext) => ({ ...widgetRecord(ctx), person_id: ctx.dep('claim').claim_id }) })]);
    const missing = await expectEsdhError(undeclared.generate('widget', { records: 1 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(missing.details).to.deep.equal({ plugin: 'widget', hook: 'generate', unit: 0 });
  });

  it('a coded error thrown by plugin code keeps its code and gains the details', async () => {
    const engine = await engineWith([widgetPlugin({ setup: (ctx: { data: { get(path: string): unknown } }) => ctx.data.get('widget.no_such_list') })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 1 }), 'ESDH_ERR_DATA_MISSING');
    expect(error.details).to.deep.equal({ plugin: 'widget', hook: 'setup' });
    expect(error.cause).to.be.instanceOf(EsdhError);
  });

  it('is wrapped once: an error that already names a plugin passes through unchanged', async () => {
    const inner = new EsdhError('ESDH_ERR_PLUGIN_FAILED', "Plugin 'inner' failed", { details: { plugin: 'inner', hook: 'generate', unit: 9 } });
    const engine = await engineWith([widgetPlugin({ generate: () => { throw inner; } })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 1 }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error).to.equal(inner);
  });

  it('a rule that throws in build({ checks: true }) → { hook: check, check, unit }, not a broken-rule report', async () => {
    const original = new Error('rule bug');
    const checks = [{ name: 'widget.boom', description: 'throws', test: () => { throw original; } }];
    const engine = await engineWith([widgetPlugin({ checks })]);
    const error = await expectEsdhError(() => engine.build('widget', { seed: 2, unitIndex: 4, checks: true }), 'ESDH_ERR_PLUGIN_FAILED');
    expect(error.details).to.deep.equal({ plugin: 'widget', hook: 'check', unit: 4, check: 'widget.boom' });
    expect(error.cause).to.equal(original);
  });

  it('a schema-invalid record → ESDH_ERR_RECORD_INVALID { plugin, unit, path }', async () => {
    const generate = (ctx: GenerateContext) => (ctx.unitIndex === 2 ? { ...widgetRecord(ctx), size: 'large' } : widgetRecord(ctx));
    const engine = await engineWith([widgetPlugin({ generate })]);
    const error = await expectEsdhError(engine.generate('widget', { records: 5, seed: 3 }), 'ESDH_ERR_RECORD_INVALID');
    expect(error.details).to.deep.equal({ plugin: 'widget', unit: 2, path: '/size' });
  });

  it('errors that are not about plugin code have no details', async () => {
    const engine = await newEngine();
    const error = await expectEsdhError(engine.generate('person', { profile: 'nightly' }), 'ESDH_ERR_PROFILE_UNKNOWN');
    expect(error.details).to.equal(undefined);
  });
});
