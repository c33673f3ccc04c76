export { datasetExporter, jsonExporter } from './json-exporter.js';
export { datasetMetadata } from './dataset-metadata.js';
