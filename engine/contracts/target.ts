import type { EntityRecord } from './entity-plugin.js';
import type { DatasetFacts, ExportEntity } from './exporter.js';

/**
 * What a load does with tables of the snapshot's entities that already exist
 * in the namespace: refuse (`fail`, the default), drop and recreate them
 * (`replace`), or add the rows to them (`append`).
 * @example
 * IF_EXISTS_MODES.includes('append'); // → true
 */
export const IF_EXISTS_MODES = ['fail', 'replace', 'append'] as const;
export type IfExists = (typeof IF_EXISTS_MODES)[number];

/** Where a target's tables are: its URL and, inside it, a namespace (a database schema, say). */
export interface TargetLocation {
  /**
   * The target's URL as given, credentials and all: never print it (print
   * `redactUrl(url)`), never write it to a file.
   */
  readonly url: string;
  /** The namespace holding the tables; absent: the target's default. */
  readonly namespace?: string;
}

/** How far a load is: rows sent so far of every table, out of every table's. */
export interface LoadProgress {
  /** The entity whose rows are being sent. */
  readonly entity: string;
  readonly rowsDone: number;
  readonly rowsTotal: number;
}

/** Options of one load. */
export interface TargetLoadOptions extends TargetLocation {
  /** Default `'fail'`. */
  readonly ifExists?: IfExists;
  /** Aborting it stops the load; nothing is committed. */
  readonly signal?: AbortSignal;
  /** Called as rows are sent (every few thousand). */
  readonly onProgress?: (progress: LoadProgress) => void;
}

/**
 * What a target loads: a checked snapshot's entities (with their plugins'
 * keys) and its records, read back through the exporters' `read` hooks.
 */
export interface LoadSource {
  /** The snapshot folder, for messages. */
  readonly dir: string;
  /** The snapshot's entities in generation order, with `idField`, `uniqueFields`, `references` and `dependencies`. */
  readonly entities: readonly ExportEntity[];
  /** The dataset's facts: `counts` by plural are the rows each table must get. */
  readonly facts: DatasetFacts;
  /** One entity's records (singular name) in unit order, streamed: any size, flat memory. */
  records(entity: string): AsyncIterable<EntityRecord>;
}

/** One table a load filled. */
export interface LoadedTable {
  readonly entity: string;
  /** Where its rows are, as the target names it (e.g. `"qa"."persons"`). */
  readonly table: string;
  /** Rows this load added (the snapshot's count of the entity). */
  readonly rows: number;
}

/** What a load did. */
export interface TargetLoadResult {
  /** The URL with its password hidden. */
  readonly target: string;
  readonly namespace: string;
  readonly tables: readonly LoadedTable[];
}

/** A loaded namespace opened for reading back (`verifyLoaded`). */
export interface TargetReadback {
  /** The namespace it reads (the target's default when none was given). */
  readonly namespace: string;
  /** Where the entity's rows are, as the target names it, for messages. */
  where(entity: ExportEntity): string;
  /** Whether the entity's table exists. */
  has(entity: ExportEntity): Promise<boolean>;
  /**
   * Every row of the entity's table as a record, in any order, typed back
   * through the entity's schema as a schema-typed exporter's `read` does (a
   * NULL is `null` where the schema admits null, else the field is absent).
   */
  records(entity: ExportEntity): AsyncIterable<EntityRecord>;
  close(): Promise<void>;
}

/**
 * A database (or any store) snapshots can be loaded into, registered like
 * exporters and found by its URL's scheme. The core checks and reads the
 * snapshot and hands its records over; the target owns everything about the
 * store: connecting, tables, the transaction, counting what it wrote.
 */
export interface Target {
  /** A short name for listings. */
  readonly name: string;
  readonly description: string;
  /** URL schemes it takes, without the colon (e.g. `db` for `db://host/x`). */
  readonly schemes: readonly string[];
  /**
   * Optional: refuse bad options (a namespace it cannot use) with a coded
   * error before the snapshot is read; called before `load` and `open`.
   */
  check?(location: TargetLocation): void;
  /**
   * Optional: connect and disconnect, nothing else, so an unreachable store
   * or wrong credentials are reported before a long run or verification.
   */
  probe?(location: TargetLocation): Promise<void>;
  /**
   * Create the tables and put every record in, all or nothing: when it
   * resolves, every table holds the snapshot's rows (counted in the store);
   * when it throws, nothing of this load remains in the store.
   */
  load(source: LoadSource, options: TargetLoadOptions): Promise<TargetLoadResult>;
  /** Open a namespace to read back what a load wrote. */
  open(location: TargetLocation): Promise<TargetReadback>;
}
