export { sqliteExporter, SQLITE_ROLE, type SqliteExporter } from './sqlite-exporter.js';
