import type { Exporter } from '../../engine/kit.js';
import { csvExporter, ndjsonExporter } from './entity-files/index.js';
import { jsonExporter } from './json/index.js';
import { parquetExporter } from './parquet/index.js';
import { sqliteExporter } from './sqlite/index.js';

/** The exporters every engine starts with, in `--format` listing order. */
export const builtinExporters: readonly Exporter[] = [csvExporter, jsonExporter, ndjsonExporter, sqliteExporter, parquetExporter];
export { csvExporter, jsonExporter, ndjsonExporter, parquetExporter, sqliteExporter };
