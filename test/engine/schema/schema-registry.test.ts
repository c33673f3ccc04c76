/**
 * When the schema registry compiles: `add` compiles at once (a broken schema
 * fails at registration, as plugin authors rely on); the package's own
 * folder is registered with `compile: 'on-first-use'`, so a run compiles only
 * the schemas it validates, and every one of them still compiles.
 */
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '../../../engine/schema/schema-registry.js';
import { EsdhError } from '../../../engine/index.js';
import { packageRoot } from '../../helpers/package-root.js';

const BROKEN = { type: 'object', properties: { a: { type: 'strin' } } };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(EsdhError);
    return (error as EsdhError).code;
  }
  return undefined;
}

describe('SchemaRegistry compile timing', () => {
  it('refuses a broken schema at add by default', () => {
    const registry = new SchemaRegistry();
    expect(codeOf(() => registry.add('broken', BROKEN))).to.equal('ESDH_ERR_SCHEMA_INVALID');
    expect(registry.has('broken')).to.equal(false);
  });

  it('registers a schema for compiling on first use, and refuses it there with the same error', () => {
    const registry = new SchemaRegistry().add('broken', BROKEN, { compile: 'on-first-use' });
    expect(registry.has('broken')).to.equal(true);
    expect(registry.hash('broken')).to.match(/^[0-9a-f]{64}$/);
    expect(codeOf(() => registry.validator('broken'))).to.equal('ESDH_ERR_SCHEMA_INVALID');
    expect(codeOf(() => registry.check('broken', {}))).to.equal('ESDH_ERR_SCHEMA_INVALID');
  });

  it('compiles a lazily registered schema once and validates as an eager one does', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', minLength: 2 } }, required: ['a'], additionalProperties: false };
    const lazy = new SchemaRegistry().add('s', schema, { compile: 'on-first-use' });
    const eager = new SchemaRegistry().add('s', schema);
    expect(lazy.validator('s')).to.equal(lazy.validator('s'));
    for (const value of [{ a: 'ok' }, { a: 'x' }, {}, { a: 'ok', b: 1 }, 'text']) {
      expect(lazy.check('s', value), JSON.stringify(value)).to.deep.equal(eager.check('s', value));
    }
    expect(lazy.compiledCheck('s').source).to.equal(eager.compiledCheck('s').source);
  });

  it("compiles every schema of the package's own folder", () => {
    const dir = join(packageRoot(), 'schemas');
    const registry = new SchemaRegistry().addFolder(dir, { compile: 'on-first-use' });
    const files = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
    expect(registry.ids()).to.have.length(files.length);
    for (const id of registry.ids()) expect(() => registry.validator(id), id).not.to.throw();
  });
});
