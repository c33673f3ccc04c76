/** A throw-away entity ("widget") for tests of extra plugins: its schema and plugin builders. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityPlugin, EntityRecord, GenerateContext } from '../../engine/index.js';
import { uuidV4 } from '../../engine/index.js';

/** The widget schema: an id, a person reference, a size of at least 1, the marker. */
export const WIDGET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Widget',
  type: 'object',
  additionalProperties: false,
  required: ['widget_id', 'person_id', 'size', 'synthetic_source'],
  properties: {
    widget_id: { type: 'string', format: 'uuid' },
    person_id: { type: 'string', format: 'uuid' },
    size: { type: 'integer', minimum: 1 },
    synthetic_source: { type: 'string', minLength: 1 },
  },
} as const;

/** Write `<id>.schema.json` (the widget schema by default) into `dir`; returns `dir`. */
export function writeSchema(dir: string, id = 'widget', schema: object = WIDGET_SCHEMA): string {
  writeFileSync(join(dir, `${id}.schema.json`), JSON.stringify(schema, null, 2));
  return dir;
}

/** A valid widget record for the unit's person. */
export function widgetRecord(ctx: GenerateContext): EntityRecord {
  const person = ctx.deps.person![0]!;
  return { widget_id: uuidV4(ctx.random), person_id: person.person_id, size: ctx.random.int(1, 10), synthetic_source: ctx.marker };
}

/**
 * A widget plugin (depends on person); override any field. Built as a plain
 * object, not with defineEntityPlugin, so tests can hand the engine broken shapes.
 */
export function widgetPlugin(overrides: Partial<Record<keyof EntityPlugin, unknown>> = {}): EntityPlugin {
  return {
    name: 'widget',
    plural: 'widgets',
    version: '1.0.0',
    schemaId: 'widget',
    dependencies: ['person'],
    references: { person_id: 'person.person_id' },
    generate: widgetRecord,
    ...overrides,
  } as EntityPlugin;
}
