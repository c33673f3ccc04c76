import type { EntityPlugin } from '../contracts/entity-plugin.js';
import type { ExportEntity } from '../contracts/exporter.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';

/** The exporters' view of these plugins (in the order given): names, schema fields and the plugins' keys. */
export function exportEntities(plugins: readonly EntityPlugin[], schemas: Pick<SchemaRegistry, 'fields' | 'schema'>): ExportEntity[] {
  const planned = new Set(plugins.map((p) => p.name));
  // Keys and orderings name only entities of this plan: a v0.1 person's account_id points at no table.
  const inPlan = (target: string) => planned.has(target.split('.')[0]!);
  return plugins.map((p) => ({
    name: p.name,
    plural: p.plural,
    fields: schemas.fields(p.schemaId),
    schema: schemas.schema(p.schemaId),
    dependencies: [...p.dependencies, ...(p.optionalDependencies ?? []).filter((d) => planned.has(d))],
    ...(p.idField === undefined ? {} : { idField: p.idField }),
    ...(p.uniqueFields === undefined ? {} : { uniqueFields: p.uniqueFields }),
    ...(p.references === undefined ? {} : { references: Object.fromEntries(Object.entries(p.references).filter(([, target]) => inPlan(target))) }),
  }));
}
