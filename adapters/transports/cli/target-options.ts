/** The database options `esdh load` and `esdh run --to` share, and what a finished load prints. */
import { esdhError, IF_EXISTS_MODES, type IfExists, type LoadResult } from '../../../engine/index.js';
import { stringOption, type OptionSpec, type ParsedArgs, type CliIO } from './command.js';
import { displayPath, table } from './format.js';
import { createProgress, type Progress } from './progress.js';

/** `--schema` and `--if-exists`. */
export const TARGET_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  schema: { type: 'string', value: 'name', help: 'database schema for the tables, created when missing (default public): lower-case letters, digits and _, not pg_*' },
  'if-exists': { type: 'string', value: 'fail|replace|append', help: 'when a table of the snapshot exists: fail and change nothing (default), replace it (drop and recreate, in the same transaction) or append the rows' },
};

/** `--to` of esdh run. */
export const TO_OPTION: OptionSpec = { type: 'string', value: 'url', help: 'also load the snapshot into this database: postgres://user[:password]@host:port/db (password also from PGPASSWORD; never printed)' };

/** Lines of --help about credentials and the transaction, for both commands. */
export const TARGET_DETAILS: readonly string[] = [
  'The load is one transaction: tables in dependency order (types, NOT NULL, enum CHECKs, primary, unique and foreign keys,',
  'foreign-key indexes: the DDL of esdh ddl --dialect postgres), every row sent with COPY, each table\'s row count checked',
  'against the manifest, then COMMIT. Any failure rolls back, and a killed esdh leaves nothing either: no schema, table or row.',
  'Credentials come from the URL or the standard PG* variables (PGUSER, PGPASSWORD, PGHOST, ~/.pgpass); a password is',
  'never printed (URLs are shown as postgres://user:***@host). Check a load with esdh verify --db <url> --schema <name> <dir>.',
];

/** The shared options as the engine's load options. */
export function targetLoadOptions(args: ParsedArgs): { namespace?: string; ifExists?: IfExists } {
  const namespace = stringOption(args, 'schema');
  const ifExists = stringOption(args, 'if-exists');
  if (ifExists !== undefined && !(IF_EXISTS_MODES as readonly string[]).includes(ifExists)) {
    throw esdhError('ESDH_ERR_OPTION_INVALID', '--if-exists', JSON.stringify(ifExists), `expected one of ${IF_EXISTS_MODES.join(', ')} (default fail)`);
  }
  return { ...(namespace === undefined ? {} : { namespace }), ...(ifExists === undefined ? {} : { ifExists: ifExists as IfExists }) };
}

/**
 * Progress displays for the two phases of a load: verifying (MB read), then
 * sending rows; each starts its clock at its first update, so the rate of
 * the rows does not count the verification.
 */
export function loadProgress(io: CliIO, quiet: boolean): { verify: Pick<Progress, 'update'>; rows: Pick<Progress, 'update'>; finish(): void } {
  const make = (noun: string) => createProgress({ stream: io.stderr, quiet, noun, clock: io.clock });
  let verify: Progress | undefined;
  let rows: Progress | undefined;
  return {
    verify: { update: (p) => (rows ? undefined : (verify ??= make('MB')).update(p)) },
    rows: {
      update(p) {
        if (!rows) {
          verify?.finish();
          rows = make('rows');
        }
        rows.update(p);
      },
    },
    finish() {
      verify?.finish();
      rows?.finish();
    },
  };
}

/** What a finished load prints: where (password hidden), each table and its rows, how to check it. */
export function loadSummary(result: LoadResult, io: CliIO, snapshotShown = true): string {
  const rows = result.tables.map((t) => [t.table, `${t.rows} rows`]);
  const dir = displayPath(result.dir, io.cwd);
  return [
    `Loaded ${snapshotShown ? dir : 'the snapshot'} into ${result.target}, schema ${result.namespace} (one transaction, committed)`,
    table(rows).trimEnd(),
    ...(snapshotShown ? [`check with:  npx esdh verify --db '${result.target}' --schema ${result.namespace} ${dir}${result.target.includes(':***@') ? '   (with the password for ***, or set PGPASSWORD)' : ''}`] : []),
    '',
  ].join('\n');
}
