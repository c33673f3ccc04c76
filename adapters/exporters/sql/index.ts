export { allowsNull, columnKind, createIndexes, createTable, ddl, ddlStatements, dependencyOrder, foreignKeys, quoteIdent, SQL_DIALECTS, tableName, type ColumnKind, type SqlDialect } from './ddl.js';
