/**
 * The per-unit post-check (engine/generate/where-check.ts): nothing without
 * terms, each kind of term on the unit's records (derived fields through
 * `derive`), and hand-made terms checked only where a plugin declares them.
 */
import { expect } from 'chai';
import type { EntityPlugin, WhereTerm } from '../../engine/index.js';
import { whereCheck } from '../../engine/generate/where-check.js';
import { expectEsdhError } from '../helpers/errors.js';

const site = { name: 'site', plural: 'sites', targeting: { fields: { region: { type: 'enum', values: ['North', 'South'], description: 'region' } } } } as unknown as EntityPlugin;
const gadget = {
  name: 'gadget', plural: 'gadgets',
  targeting: { fields: { heavy: { type: 'boolean', description: 'heavy', derive: (r: Record<string, unknown>) => (r.weight as number) >= 5 } }, count: { description: 'gadgets', max: 3 } },
} as unknown as EntityPlugin;
const term = (t: Partial<WhereTerm> & Pick<WhereTerm, 'text' | 'kind' | 'entity' | 'op' | 'value'>): WhereTerm => t;

describe('--where post-check', () => {
  it('costs nothing without terms: no check at all', () => {
    expect(whereCheck([], [site, gadget], '2025-11-01')).to.equal(null);
    expect(whereCheck(undefined, [site, gadget], '2025-11-01')).to.equal(null);
  });

  it('field terms on any record of the entity (derived through derive), counts on the number of records', async () => {
    const check = whereCheck([
      term({ text: 'region=North', kind: 'field', entity: 'site', field: 'region', op: '=', value: 'North' }),
      term({ text: 'gadget.heavy=true', kind: 'field', entity: 'gadget', field: 'heavy', op: '=', value: true }),
      term({ text: 'gadgets>=2', kind: 'count', entity: 'gadget', op: '>=', value: 2 }),
    ], [site, gadget], '2025-11-01')!;
    check({ site: [{ region: 'North' }], gadget: [{ weight: 1 }, { weight: 7 }] }, 0);
    const heavy = await expectEsdhError(() => check({ site: [{ region: 'North' }], gadget: [{ weight: 1 }, { weight: 2 }] }, 4), 'ESDH_ERR_WHERE_UNMET');
    expect(heavy.message).to.include('Unit 4').and.include("'gadget.heavy=true'").and.include('the gadget plugin');
    const count = await expectEsdhError(() => check({ site: [{ region: 'North' }], gadget: [{ weight: 9 }] }, 5), 'ESDH_ERR_WHERE_UNMET');
    expect(count.message).to.include("'gadgets>=2'");
    const region = await expectEsdhError(() => check({ site: [{ region: 'South' }], gadget: [{ weight: 9 }, { weight: 9 }] }, 6), 'ESDH_ERR_WHERE_UNMET');
    expect(region.message).to.include("'region=North'").and.include('the site plugin');
  });

  it('hand-made terms no plugin here declares (another entity, an undeclared field) are left to the run that has them', () => {
    const check = whereCheck([
      term({ text: 'claims>=1', kind: 'count', entity: 'claim', op: '>=', value: 1 }),
      term({ text: 'site.label=x', kind: 'field', entity: 'site', field: 'label', op: '=', value: 'x' }),
      term({ text: 'sites>=1', kind: 'count', entity: 'site', op: '>=', value: 1 }),
    ], [site, gadget], '2025-11-01');
    expect(check).to.equal(null);
  });
});
