import type { Exporter } from '../../engine/kit.js';
import { csvExporter } from './csv-exporter.js';
import { jsonExporter } from './json-exporter.js';
import { ndjsonExporter } from './ndjson-exporter.js';

/** The exporters every engine starts with, in `--format` listing order. */
export const builtinExporters: readonly Exporter[] = [csvExporter, jsonExporter, ndjsonExporter];
export { csvExporter, jsonExporter, ndjsonExporter };
