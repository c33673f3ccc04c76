/**
 * A project whose config lists fixture plugins that declare `targeting` (so
 * engine tests of `--where` need no real plugin to have landed, and worker
 * threads load the same plugins from the config):
 * - `site`, a root entity: region (enum), score (integer 0..100), opened
 *   (date), open (boolean), label (string), each constructed from the terms;
 * - `gadget` (0..3 per site, `gadgets` countable, at most 3): kind (enum),
 *   weight (number), heavy (boolean, derived: weight >= 5); its first gadget
 *   meets every gadget term;
 * - `decoy` (one per site): declares `color` targetable but always makes Red
 *   (the post-check's culprit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from './package-root.js';

const KIT = pathToFileURL(join(packageRoot(), 'dist', 'engine', 'kit.js')).href;

const MODULE = `
import { allowedValues, countTerms, dateInterval, esdhError, fieldTerms, fromDayNumber, integerInterval, meetsAll, toDayNumber } from ${JSON.stringify(KIT)};

const REGIONS = ['North', 'South', 'East', 'West'];
const KINDS = ['Bolt', 'Nut', 'Gear'];
const heavy = (record) => record.weight >= 5;

const site = {
  name: 'site', plural: 'sites', version: '1.0.0', schemaId: 'site', dependencies: [], idField: 'site_id',
  targeting: {
    fields: {
      region: { type: 'enum', values: REGIONS, description: 'the region the site is in' },
      score: { type: 'integer', description: 'its audit score, 0 to 100' },
      opened: { type: 'date', description: 'the day it opened' },
      open: { type: 'boolean', description: 'whether it is open' },
      label: { type: 'string', description: 'its name' },
    },
  },
  setup(ctx) {
    const terms = (f) => fieldTerms(ctx.where, 'site', f);
    const regions = allowedValues(terms('region'), REGIONS);
    const scores = integerInterval(terms('score'), 0, 100);
    const scoreList = [];
    if (scores) for (let s = scores[0]; s <= scores[1]; s++) if (meetsAll(terms('score'), s)) scoreList.push(s);
    const days = dateInterval(terms('opened'), '2000-01-01', ctx.asOf);
    const open = allowedValues(terms('open'), [true, false]);
    const label = terms('label').find((t) => t.op === '=')?.value;
    if (scoreList.length === 0) throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', terms('score').map((t) => t.text).join(', '), 'a score is 0 to 100');
    if (!days) throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', terms('opened').map((t) => t.text).join(', '), 'sites opened from 2000-01-01 to as_of');
    return { regions, scoreList, first: toDayNumber(days[0]), last: toDayNumber(days[1]), open, label };
  },
  generate(ctx) {
    const s = ctx.state;
    return {
      site_id: 'site-' + ctx.unitIndex,
      region: ctx.random.pick(s.regions),
      score: ctx.random.pick(s.scoreList),
      opened: fromDayNumber(ctx.random.int(s.first, s.last)),
      open: ctx.random.pick(s.open),
      label: s.label ?? 'Site ' + ctx.random.int(1, 999),
      synthetic_source: ctx.marker,
    };
  },
};

const gadget = {
  name: 'gadget', plural: 'gadgets', version: '1.0.0', schemaId: 'gadget', dependencies: ['site'], idField: 'gadget_id', references: { site_id: 'site.site_id' },
  targeting: {
    fields: {
      kind: { type: 'enum', values: KINDS, description: 'what it is' },
      weight: { type: 'number', description: 'its weight in kg' },
      heavy: { type: 'boolean', description: 'weighs 5 kg or more', derive: heavy },
    },
    count: { description: 'the gadgets of a site', max: 3 },
  },
  setup(ctx) {
    const counts = integerInterval(countTerms(ctx.where, 'gadget'), 0, 3);
    const wanted = fieldTerms(ctx.where, 'gadget').length > 0;
    const min = Math.max(counts[0], wanted ? 1 : 0);
    const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((w) => meetsAll(fieldTerms(ctx.where, 'gadget', 'weight'), w) && meetsAll(fieldTerms(ctx.where, 'gadget', 'heavy'), w >= 5));
    if (weights.length === 0) throw esdhError('ESDH_ERR_WHERE_IMPOSSIBLE', fieldTerms(ctx.where, 'gadget').map((t) => t.text).join(', '), 'gadgets weigh 1 to 9 kg');
    return { min, max: counts[1], kinds: allowedValues(fieldTerms(ctx.where, 'gadget', 'kind'), KINDS), weights };
  },
  count: (ctx) => ctx.random.int(ctx.state.min, ctx.state.max),
  generate(ctx) {
    const s = ctx.state;
    const first = ctx.childIndex === 0;
    return {
      gadget_id: 'gadget-' + ctx.unitIndex + '-' + ctx.childIndex,
      site_id: ctx.dep('site').site_id,
      kind: ctx.random.pick(first ? s.kinds : KINDS),
      weight: ctx.random.pick(first ? s.weights : [1, 2, 3, 4, 5, 6, 7, 8, 9]),
      synthetic_source: ctx.marker,
    };
  },
};

const decoy = {
  name: 'decoy', plural: 'decoys', version: '1.0.0', schemaId: 'decoy', dependencies: ['site'], idField: 'decoy_id', references: { site_id: 'site.site_id' },
  targeting: { fields: { color: { type: 'enum', values: ['Red', 'Blue'], description: 'its colour (declared, never constructed)' } } },
  generate: (ctx) => ({ decoy_id: 'decoy-' + ctx.unitIndex, site_id: ctx.dep('site').site_id, color: 'Red', synthetic_source: ctx.marker }),
};

export const plugins = [site, gadget, decoy];
`;

function schema(required: Record<string, object>): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    additionalProperties: false,
    required: [...Object.keys(required), 'synthetic_source'],
    properties: { ...required, synthetic_source: { type: 'string', minLength: 1 } },
  };
}

const SCHEMAS = {
  site: schema({
    site_id: { type: 'string', minLength: 1 },
    region: { type: 'string', enum: ['North', 'South', 'East', 'West'] },
    score: { type: 'integer', minimum: 0, maximum: 100 },
    opened: { type: 'string', format: 'date' },
    open: { type: 'boolean' },
    label: { type: 'string', minLength: 1 },
  }),
  gadget: schema({
    gadget_id: { type: 'string', minLength: 1 },
    site_id: { type: 'string', minLength: 1 },
    kind: { type: 'string', enum: ['Bolt', 'Nut', 'Gear'] },
    weight: { type: 'number' },
  }),
  decoy: schema({
    decoy_id: { type: 'string', minLength: 1 },
    site_id: { type: 'string', minLength: 1 },
    color: { type: 'string' },
  }),
};

/** Profiles of the fixture project. */
export const FIXTURE_PROFILES = {
  sites: { records: 40, seed: 5, entities: ['site', 'gadget'], formats: ['csv', 'json'] },
  decoys: { records: 5, seed: 5, entities: ['site', 'decoy'], formats: ['csv', 'json'] },
  targeted: { records: 20, seed: 5, entities: ['site', 'gadget'], formats: ['csv', 'json'], where: ['region=North', 'gadgets>=1'] },
} as const;

/** Write the fixture project into `dir` (an empty folder); returns `dir`. */
export function writeWhereProject(dir: string): string {
  mkdirSync(join(dir, 'plugins'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'where-fixture', private: true, type: 'module' }));
  writeFileSync(join(dir, 'plugins', 'where-fixture.js'), MODULE);
  for (const [id, s] of Object.entries(SCHEMAS)) writeFileSync(join(dir, 'plugins', `${id}.schema.json`), JSON.stringify(s, null, 2));
  writeFileSync(join(dir, 'esdh.config.json'), JSON.stringify({ plugins: ['./plugins/where-fixture.js'], profiles: FIXTURE_PROFILES }, null, 2));
  return dir;
}
