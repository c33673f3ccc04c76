import type { DatasetFacts, ExportEntity } from '../contracts/exporter.js';
import type { SnapshotManifest } from '../contracts/manifest.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';

/** The facts of the dataset a manifest describes (its own counts unless others are given). */
export function factsOf(manifest: Pick<SnapshotManifest, 'dataset_version' | 'seed' | 'as_of' | 'synthetic_source' | 'record_counts'>, counts: Readonly<Record<string, number>> = manifest.record_counts): DatasetFacts {
  return { datasetVersion: manifest.dataset_version, seed: manifest.seed, asOf: manifest.as_of, marker: manifest.synthetic_source, counts };
}

/**
 * The snapshot's entities as the hooks see them: names and plurals from the
 * manifest; fields and schema from `schemaOf` (this engine's), or none.
 */
export function snapshotEntities(manifest: Pick<SnapshotManifest, 'entities' | 'plugins'>, schemaOf: (name: string, schemaId: string | undefined) => Pick<ExportEntity, 'fields' | 'schema'> | undefined): ExportEntity[] {
  return manifest.entities.map((name) => {
    const info = manifest.plugins?.[name];
    const known = schemaOf(name, info?.schema);
    return { name, plural: info?.plural ?? name, fields: known?.fields ?? [], schema: known?.schema ?? {} };
  });
}

/** Fields and schema by schema id from a registry, when it has the schema. */
export function schemaFrom(schemas: Pick<SchemaRegistry, 'has' | 'schema' | 'fields'> | undefined): (name: string, schemaId: string | undefined) => Pick<ExportEntity, 'fields' | 'schema'> | undefined {
  return (_name, schemaId) => (schemas && schemaId && schemas.has(schemaId) ? { fields: schemas.fields(schemaId), schema: schemas.schema(schemaId) } : undefined);
}
