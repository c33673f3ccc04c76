import { format } from 'node:util';

/**
 * Every error ESDH raises on purpose: a code, an HTTP status and a message
 * template (`%s` placeholders). governance/ERRORS.md lists the same codes and
 * a test keeps the two in sync.
 * @example
 * ERRORS.ESDH_ERR_PROFILE_UNKNOWN.status; // → 400
 */
export const ERRORS = {
  ESDH_ERR_PLUGIN_DUPLICATE_NAME: { status: 500, message: "Entity plugin '%s' is already registered: give the new plugin another name" },
  ESDH_ERR_PLUGIN_DEPENDENCY_MISSING: { status: 500, message: "Plugin '%s' depends on '%s', which is not registered: add '%s' to the plugins of the engine" },
  ESDH_ERR_PLUGIN_DEPENDENCY_CYCLE: { status: 500, message: 'Plugin dependencies form a cycle: %s' },
  ESDH_ERR_PLUGIN_SCHEMA_UNKNOWN: { status: 500, message: "Plugin '%s' names schema '%s', which is not registered; known schemas: %s" },
  ESDH_ERR_PLUGIN_INVALID: { status: 500, message: "Plugin '%s' is not a valid entity plugin: %s" },
  ESDH_ERR_PLUGIN_FAILED: { status: 500, message: "Plugin '%s' failed in %s: %s" },
  ESDH_ERR_PLUGIN_LOAD_FAILED: { status: 500, message: "Plugin module '%s' could not be loaded: %s" },
  ESDH_ERR_SCHEMA_INVALID: { status: 500, message: "Schema '%s' is not a valid JSON Schema: %s" },
  ESDH_ERR_SCHEMA_DUPLICATE: { status: 500, message: "Schema '%s' is already registered" },
  ESDH_ERR_RECORD_INVALID: { status: 500, message: "Generated %s record (unit %s) fails its schema at %s: %s" },
  ESDH_ERR_DATA_MISSING: { status: 500, message: "Reference data '%s' is missing: add it under data/reference/" },
  ESDH_ERR_ENTITY_UNKNOWN: { status: 404, message: "Unknown entity '%s'; known entities: %s" },
  ESDH_ERR_EXPORTER_UNKNOWN: { status: 400, message: "Unknown format '%s'; known formats: %s" },
  ESDH_ERR_EXPORTER_DUPLICATE: { status: 500, message: "Exporter '%s' is already registered" },
  ESDH_ERR_EXPORTER_INVALID: { status: 500, message: "Exporter '%s' breaks the exporter contract: %s" },
  ESDH_ERR_RECORD_REJECTED: { status: 422, message: "The %s format refused a %s record: %s" },
  ESDH_ERR_PROFILE_UNKNOWN: { status: 400, message: "Unknown profile '%s'; known profiles: %s" },
  ESDH_ERR_CONFIG_INVALID: { status: 400, message: 'Invalid config in %s at %s: %s' },
  ESDH_ERR_CONFIG_UNREADABLE: { status: 400, message: 'Config file %s could not be read: %s' },
  ESDH_ERR_CONFIG_TOO_LARGE: { status: 400, message: 'Config %s is too large: %s. The limits are %s: a config holds settings, not data (write a repeated value once, or move bulk data into a plugin)' },
  ESDH_ERR_OPTION_INVALID: { status: 400, message: 'Invalid %s %s: %s' },
  ESDH_ERR_WHERE_INVALID: { status: 400, message: 'Invalid --where term %s: %s' },
  ESDH_ERR_WHERE_IMPOSSIBLE: { status: 400, message: 'No data can meet --where %s: %s' },
  ESDH_ERR_WHERE_UNMET: { status: 500, message: 'Unit %s does not meet --where %s: the %s plugin did not construct it (a bug in that plugin: report it with the seed and the terms)' },
  ESDH_ERR_RECORDS_OVER_CAPACITY: { status: 400, message: 'A run of %s units is more than %s can make: %s. Ask for at most %s records in one run (shards of one run count together)' },
  ESDH_ERR_OUTPUT_EXISTS: { status: 409, message: "Output folder '%s' already exists: choose a new --out path or remove it" },
  ESDH_ERR_OUTPUT_UNWRITABLE: { status: 500, message: "Output folder '%s' cannot be written: %s" },
  ESDH_ERR_OUTPUT_IS_LINK: { status: 409, message: "Output path '%s' is a symbolic link: esdh creates a new folder only where nothing exists, and never through a link; pass a path that does not exist yet, or remove the link" },
  ESDH_ERR_OUTPUT_LINK_BLOCKED: { status: 409, message: "'%s' is %s, not the link esdh keeps to the newest run, and esdh will not delete it: move it away (or remove it yourself) and run again, or pass --out <dir>" },
  ESDH_ERR_SNAPSHOT_UNREADABLE: { status: 400, message: "'%s' is not a readable snapshot: %s" },
  ESDH_ERR_SNAPSHOT_NOT_FOUND: { status: 404, message: "No snapshot '%s': the snapshot routes open only 'governed' (the governed snapshot) or a run folder listed by GET /snapshots in %s (snapshots: %s)" },
  ESDH_ERR_SNAPSHOT_FILE_UNSAFE: { status: 400, message: "Snapshot '%s' lists the file '%s', which %s: every file a manifest lists must be a regular file inside the snapshot folder; regenerate the snapshot (or fix its manifest)" },
  ESDH_ERR_VERIFY_FAILED: { status: 422, message: 'Snapshot %s failed verification: %s' },
  ESDH_ERR_MANIFEST_INVALID: { status: 400, message: "Snapshot manifest %s is not valid: %s. Manifests are written by esdh run and esdh merge: do not use this snapshot; regenerate it with the command in its README" },
  ESDH_ERR_KEY_INVALID: { status: 400, message: 'Key file %s cannot be used: %s' },
  ESDH_ERR_SIGNATURE_INVALID: { status: 422, message: 'Snapshot %s is not signed by that key: %s' },
  ESDH_ERR_KEY_EXISTS: { status: 409, message: 'Key file %s already exists: choose another --out name, or remove the old pair first (esdh keys new never overwrites a key)' },
  ESDH_ERR_COMMAND_UNKNOWN: { status: 400, message: "Unknown command '%s'; commands: %s" },
  ESDH_ERR_USAGE: { status: 400, message: "%s; see 'esdh %s --help'" },
  ESDH_ERR_INTERRUPTED: { status: 499, message: 'Interrupted by %s: stopped before finishing; any partial output was removed' },
  ESDH_ERR_REQUEST_JSON_MALFORMED: { status: 400, message: 'The request body is not valid JSON (%s): send a JSON object such as {"records": 10, "seed": 42}' },
  ESDH_ERR_REQUEST_MEDIA_TYPE: { status: 415, message: "Content-Type '%s' is not supported: send the body as application/json (curl: -H 'Content-Type: application/json')" },
  ESDH_ERR_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit of %s bytes (api.body_limit_bytes): a generate request needs only a few fields' },
  ESDH_ERR_REQUEST_RECORDS_OVER_LIMIT: { status: 400, message: 'records %s is over the limit of %s for %s: %s' },
  ESDH_ERR_REQUEST_UNAUTHORIZED: { status: 401, message: "This server needs an API key: send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'" },
  ESDH_ERR_HTTP_ROUTE_UNKNOWN: { status: 404, message: 'No route %s %s; routes: %s' },
  ESDH_ERR_HTTP_METHOD_NOT_ALLOWED: { status: 405, message: '%s is not allowed on %s; allowed: %s' },
  ESDH_ERR_HTTP_INTERNAL: { status: 500, message: 'Internal error while answering request %s: the server log has the details' },
  ESDH_ERR_SERVER_API_KEY_REQUIRED: { status: 400, message: "Refusing to listen on %s without an API key: set api.api_key in the config or ESDH_API_KEY, or listen on 127.0.0.1" },
  ESDH_ERR_SERVER_PORT_IN_USE: { status: 409, message: 'Port %s on %s is already in use: stop the other server (esdh demo stop) or choose another port with --port or DEMO_API_PORT' },
  ESDH_ERR_SERVER_LISTEN_FAILED: { status: 500, message: 'Cannot listen on %s:%s: %s' },
  ESDH_ERR_REQUEST_JSON_TOO_DEEP: { status: 400, message: 'The request body nests arrays or objects more than %s levels deep: a generate request is one flat object such as {"records": 10, "seed": 42}' },
  ESDH_ERR_HTTP_MALFORMED: { status: 400, message: 'The request is not well-formed HTTP/1.1 (%s): check the request line, the headers, Content-Length and Transfer-Encoding' },
  ESDH_ERR_HTTP_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are larger than this server accepts (%s bytes in all): send fewer or shorter headers' },
  ESDH_ERR_HTTP_TIMEOUT: { status: 408, message: 'The request did not arrive in time: the headers must arrive within %s ms (api.headers_timeout_ms) and the whole request within %s ms (api.request_timeout_ms)' },
  ESDH_ERR_HTTP_EXPECTATION_FAILED: { status: 417, message: "Expect: %s is not supported: send no Expect header, or 'Expect: 100-continue'" },
  ESDH_ERR_SERVER_BUSY: { status: 503, message: 'The server is already answering %s records as plain JSON (api.max_json_records_in_flight is %s): retry after %s s, or ask for application/x-ndjson (Accept header), which streams in constant memory' },
  ESDH_ERR_SERVER_SHUTTING_DOWN: { status: 503, message: 'The server is shutting down: this stream ended after %s of %s units; ask again once a server is up (the same body gives the same records)' },
  ESDH_ERR_API_UNREACHABLE: { status: 503, message: "No ESDH API answered at %s (%s): start one with 'esdh serve' or 'esdh demo --keep-server', or pass --api-url" },
  ESDH_ERR_API_FAILED: { status: 502, message: 'The API at %s answered %s: %s' },
  ESDH_ERR_DEMO_STEP_FAILED: { status: 500, message: "Demo step '%s' failed: %s" },
  ESDH_ERR_PLUGIN_ENGINE_MISMATCH: { status: 500, message: "Plugin '%s' needs esdh %s, but this is esdh %s: install an esdh version in that range, or a release of the plugin made for this one" },
  ESDH_ERR_BUILD_OVERRIDE_INVALID: { status: 400, message: 'Cannot pin %s when building %s: %s' },
  ESDH_ERR_BUILD_CHECK_FAILED: { status: 422, message: 'The built %s unit breaks domain rules: %s. Pin the related fields too (e.g. state with city and postal_code), or build with checks: false' },
  ESDH_ERR_SCAFFOLD_NAME_INVALID: { status: 400, message: "Cannot scaffold plugin '%s': %s" },
  ESDH_ERR_SCAFFOLD_EXISTS: { status: 409, message: "'%s' already exists: choose another plugin name or --dir, or remove it" },
  ESDH_ERR_SCAFFOLD_CONFIG_UNEDITABLE: { status: 400, message: 'Cannot add the plugin to %s: %s. Add it by hand: %s' },
  ESDH_ERR_WORKER_FAILED: { status: 500, message: 'Worker thread %s failed: %s' },
  ESDH_ERR_SHARD_INVALID: { status: 400, message: "'%s' cannot be merged: %s" },
  ESDH_ERR_SHARD_MISMATCH: { status: 409, message: 'The shards are not from the same run: %s is %s in %s but %s in %s' },
  ESDH_ERR_SHARD_COVERAGE: { status: 422, message: 'The shards do not cover the run exactly once: %s' },
  ESDH_ERR_SHARD_ENV: { status: 400, message: '--shard-from-env cannot tell which shard this is: %s. %s' },
  ESDH_ERR_CLUSTER_REDIS_URL: { status: 400, message: 'Redis URL %s cannot be used: %s. Accepted: redis://[user:password@]host[:port][/db] or rediss:// for TLS (e.g. redis://127.0.0.1:6379)' },
  ESDH_ERR_CLUSTER_UNREACHABLE: { status: 503, message: 'No Redis answered at %s within %s ms (%s): check the host and port, that redis-server runs and accepts connections there, and try again; nothing was queued or taken' },
  ESDH_ERR_CLUSTER_CONNECTION_LOST: { status: 503, message: 'The connection to Redis at %s was lost and did not come back within %s ms (%s): %s. Start Redis again and rerun the same command: finished shards are kept and nothing half-written is' },
  ESDH_ERR_CLUSTER_RUN_UNKNOWN: { status: 404, message: "No run %s in queue '%s' at %s: check the run id (esdh cluster submit prints it) and that --queue and --prefix match the submit's" },
  ESDH_ERR_CLUSTER_PLAN_MISMATCH: { status: 409, message: "This worker would not make the data run %s asked for: its %s is %s here but %s in the run (shard %s). Run every worker with the submit's config and esdh version (%s), then the shard is retried" },
  ESDH_ERR_CLUSTER_RUN_FAILED: { status: 500, message: 'Run %s failed: %s. Fix the cause, then run the same esdh cluster submit again: shards already finished are kept' },
  ESDH_ERR_CLUSTER_OUT_CONFLICT: { status: 409, message: "'%s' holds %s: give an --out folder that is empty or missing, or the one of this same run (%s) to resume it" },
  ESDH_ERR_CLUSTER_STAGE_INVALID: { status: 500, message: 'The staged shards of run %s cannot go into %s: %s. The transaction was rolled back: nothing in the target schema was changed. Submit the same run again (every shard is staged anew)' },
  ESDH_ERR_FILE_SYSTEM: { status: 500, message: "The file system refused %s on '%s' (%s): check that the path exists, is the kind of file expected there and may be written; ESDH_DEBUG=1 shows the stack trace" },
  ESDH_ERR_REQUEST_INVALID: { status: 400, message: '%s' },
  ESDH_ERR_PACKAGE_INCOMPLETE: { status: 500, message: "ESDH's own package.json and schemas/ were not found in any folder above %s: reinstall esdh (npm install esdh), or rebuild it (npm run build) in a checkout" },
  ESDH_ERR_DB_TARGET_DUPLICATE: { status: 500, message: "Load target '%s' takes the URL scheme %s://, which target '%s' takes already: register one target per scheme" },
  ESDH_ERR_DB_URL_INVALID: { status: 400, message: 'Database URL %s cannot be used: %s. Accepted: %s (e.g. scheme://user@127.0.0.1:5432/database)' },
  ESDH_ERR_DB_SCHEMA_NAME_INVALID: { status: 400, message: 'Unsafe schema name %s: %s. Accepted: %s' },
  ESDH_ERR_DB_UNREACHABLE: { status: 503, message: 'No database answered at %s (%s): check the host and port, that the server runs and accepts TCP connections there, and try again; nothing was loaded' },
  ESDH_ERR_DB_AUTH_FAILED: { status: 403, message: "The database at %s refused the credentials of user '%s' (%s): %s; nothing was loaded" },
  ESDH_ERR_DB_TABLE_EXISTS: { status: 409, message: 'Table %s already exists: --if-exists fail (the default) never touches existing tables; pass --if-exists replace to drop and recreate the tables of the snapshot, --if-exists append to add its rows to them, or choose another --schema. Nothing was loaded' },
  ESDH_ERR_DB_SNAPSHOT_INVALID: { status: 422, message: 'Snapshot %s fails verification, so nothing was loaded into the database: %s; run esdh verify %s for the full report' },
  ESDH_ERR_DB_COUNT_MISMATCH: { status: 500, message: 'Table %s would hold %s rows from this load, but the snapshot has %s: the transaction was rolled back and nothing was committed; look for triggers, rules or concurrent writers on the table, then load again' },
  ESDH_ERR_DB_READ_FAILED: { status: 502, message: 'The database at %s refused %s: %s. Nothing was changed (it was read in a read-only transaction)' },
  ESDH_ERR_DB_LOAD_FAILED: { status: 502, message: 'The database at %s refused %s: %s. The transaction was rolled back: nothing of this load was committed' },
} as const satisfies Record<string, { status: number; message: string }>;

/** One of the codes in `ERRORS`. */
export type ErrorCode = keyof typeof ERRORS;

/** The hooks through which an entity plugin's own code runs. */
export type PluginHook = 'setup' | 'count' | 'generate' | 'check' | 'maxUnits';

/**
 * What an error is about, as fields rather than message text, for code that
 * handles errors (a test runner, a server log, a retry). Set on every error
 * raised in or about plugin code: ESDH_ERR_PLUGIN_FAILED, ESDH_ERR_RECORD_INVALID,
 * and any coded error a plugin's code throws; kept across worker threads.
 * Errors about a config-listed plugin module at load or registration carry
 * `module` alone.
 */
export interface ErrorDetails {
  /** The entity plugin whose code failed, or whose record was rejected. */
  readonly plugin?: string;
  /** Which of its hooks was running. */
  readonly hook?: PluginHook;
  /** The unit index (absent for `setup`): rebuild it with `engine.build(entity, { seed, unitIndex })`. */
  readonly unit?: number;
  /** The config `plugins` entry the plugin was loaded from, as written; absent for built-ins and plugins passed as objects. */
  readonly module?: string;
  /** The rule's name, when the hook is `check`. */
  readonly check?: string;
  /** Where in the record the schema failed, a JSON pointer such as `/size` (ESDH_ERR_RECORD_INVALID). */
  readonly path?: string;
}

/**
 * The one error class ESDH throws on purpose; `code` says what, `status` how
 * HTTP maps it, `details` what it is about (see `ErrorDetails`).
 * @example
 * try { await engine.run({ out: 'taken' }); }
 * catch (error) { if (error instanceof EsdhError) console.error(error.toLine()); } // ESDH_ERR_OUTPUT_EXISTS: Output folder …
 * // a plugin failure: error.details → { plugin: 'trip', hook: 'generate', unit: 3, module: './plugins/trip.js' }
 */
export class EsdhError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Facts about the error as fields (plugin, hook, unit, module, ...), when there are any. */
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: ErrorDetails } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EsdhError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = options.details;
  }

  /** `ESDH_ERR_X: message`, the one line the CLI prints. */
  toLine(): string {
    return `${this.code}: ${this.message}`;
  }
}

/**
 * Build an `EsdhError` from the table.
 * @example throw esdhError('ESDH_ERR_PROFILE_UNKNOWN', 'nightly', 'baseline, heavy')
 */
export function esdhError(code: ErrorCode, ...args: unknown[]): EsdhError {
  return new EsdhError(code, format(ERRORS[code].message, ...args.map(String)));
}

/**
 * True for errors ESDH raised on purpose (as opposed to bugs).
 * @example
 * isEsdhError(esdhError('ESDH_ERR_PROFILE_UNKNOWN', 'x', 'baseline')); // → true
 * isEsdhError(new Error('bug')); // → false
 */
export function isEsdhError(error: unknown): error is EsdhError {
  return error instanceof EsdhError;
}
