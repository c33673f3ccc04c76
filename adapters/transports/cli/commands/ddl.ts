import { esdhError } from '../../../../engine/index.js';
import { ddl, SQL_DIALECTS, type SqlDialect } from '../../../exporters/sql/index.js';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';

/** `esdh ddl`: the SQL tables of the registered entities, as `--format sqlite` writes them or for PostgreSQL. */
export const ddlCommand: Command = {
  name: 'ddl',
  summary: 'Print the SQL DDL of the entities (CREATE TABLE and foreign-key indexes) from their JSON Schemas and plugin keys.',
  usage: 'esdh ddl --dialect sqlite|postgres [--entities a,b]',
  options: {
    dialect: { type: 'string', value: 'name', help: `SQL dialect: ${SQL_DIALECTS.join(' or ')} (default sqlite)` },
    entities: { type: 'string', value: 'a,b', help: 'only these entities (and what they depend on); default every registered entity' },
  },
  details: [
    'Columns come from each entity\'s JSON Schema: string → TEXT (DATE for format date in postgres), integer → INTEGER/BIGINT,',
    'number → REAL/DOUBLE PRECISION, boolean → INTEGER 0/1 (sqlite) or BOOLEAN, anything else → JSON text (JSONB in postgres).',
    'NOT NULL from required fields that admit no null, enums as CHECK, PRIMARY KEY from the plugin\'s idField, UNIQUE from',
    'uniqueFields, FOREIGN KEY from references; tables come in dependency order. The sqlite DDL is what esdh run --format sqlite writes.',
    '',
    'Example: esdh ddl --dialect postgres --entities policy > schema.sql',
  ],
  async run(args, io) {
    const dialect = (args.values.dialect as string | undefined) ?? 'sqlite';
    if (!(SQL_DIALECTS as readonly string[]).includes(dialect)) throw esdhError('ESDH_ERR_USAGE', `unknown --dialect '${dialect}' (accepted: ${SQL_DIALECTS.join(', ')})`, 'ddl');
    const engine = await engineFor(args, io);
    const names = typeof args.values.entities === 'string' ? args.values.entities.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : undefined;
    io.stdout.write(ddl(engine.exportEntities(names), dialect as SqlDialect));
    return 0;
  },
};
