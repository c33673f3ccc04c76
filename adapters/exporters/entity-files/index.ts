import { csvEncoding } from './csv.js';
import { entityFilesExporter } from './entity-files-exporter.js';
import { ndjsonEncoding } from './ndjson.js';

/** `persons_v0_1.csv`, ...: the per-entity-file exporter with the CSV encoding. */
export const csvExporter = entityFilesExporter(csvEncoding);

/** `persons_v0_1.ndjson`, ...: the per-entity-file exporter with the NDJSON encoding. */
export const ndjsonExporter = entityFilesExporter(ndjsonEncoding);

export { entityFilesExporter } from './entity-files-exporter.js';
export type { EntityFileEncoding } from './encoding.js';
export { csvEncoding } from './csv.js';
export { csvCell } from './csv-cells.js';
export { ndjsonEncoding } from './ndjson.js';
