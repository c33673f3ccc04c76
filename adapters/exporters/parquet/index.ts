export { parquetExporter, PARQUET } from './parquet-exporter.js';
export { parquetColumns, type ParquetColumn, type ParquetKind } from './parquet-columns.js';
export { ROW_GROUP_ROWS } from './parquet-layout.js';
