import type { EntityPlugin } from '../contracts/entity-plugin.js';
import type { ExportEntity } from '../contracts/exporter.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';

/** The exporters' view of these plugins (in the order given): names, schema fields and the plugins' keys. */
export function exportEntities(plugins: readonly EntityPlugin[], schemas: Pick<SchemaRegistry, 'fields' | 'schema'>): ExportEntity[] {
  return plugins.map((p) => ({
    name: p.name,
    plural: p.plural,
    fields: schemas.fields(p.schemaId),
    schema: schemas.schema(p.schemaId),
    dependencies: p.dependencies,
    ...(p.idField === undefined ? {} : { idField: p.idField }),
    ...(p.uniqueFields === undefined ? {} : { uniqueFields: p.uniqueFields }),
    ...(p.references === undefined ? {} : { references: p.references }),
  }));
}
