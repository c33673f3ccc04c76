/**
 * What a queued run is: the resolved plan (every choice made at submit, so
 * each worker makes the same data), its id (a hash of that plan, the shard
 * count and the destination: the same submit gives the same id, so BullMQ
 * never takes a job twice), the job ids, the folders under --out and, with
 * --to, the staging schemas in the database.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ENGINE_VERSION, redactUrl, type Engine, type LobType, type RunPlan } from '../../../engine/index.js';
import type { VerifyMode } from './check-snapshot.js';

/** What a worker passes to engine.run: every choice already made. */
export interface ResolvedRequest {
  readonly profile: string;
  readonly records: number;
  readonly seed: number;
  readonly asOf: string;
  readonly entities: readonly string[];
  readonly formats: readonly string[];
  /** The one line of business the run keeps (`--lob`), when it does. */
  readonly lob?: LobType;
  /** The run's `--where` terms (profile's and submit's) in their normal spelling, when it has any. */
  readonly where?: readonly string[];
}

/**
 * Where a run's rows go with `--to`: a PostgreSQL database and schema. The
 * URL travels as given in the job data (the workers connect with it): give
 * the password by PGPASSWORD or ~/.pgpass on each worker rather than in it.
 */
export interface DbDestination {
  readonly url: string;
  readonly schema: string;
  /** What the last step does with tables of the run that exist in the schema. */
  readonly ifExists: 'fail' | 'replace';
}

/** The data of a shard job. */
export interface ShardJobData {
  readonly kind: 'shard';
  readonly runId: string;
  readonly planHash: string;
  readonly request: ResolvedRequest;
  readonly shard: { readonly index: number; readonly count: number };
  /** The run's folder (absolute, on storage every worker shares); absent with `to`. */
  readonly out?: string;
  /** With --to: the shard is loaded into its staging schema (stageSchema) of this database. */
  readonly to?: DbDestination;
  readonly esdhVersion: string;
}

/** The data of the run's last job (queue `<queue>-merge`): the merge, started with the shards; with --to the swap, the parent of the shard jobs. */
export interface MergeJobData {
  readonly kind: 'merge';
  readonly runId: string;
  readonly planHash: string;
  readonly request: ResolvedRequest;
  readonly shards: number;
  /** The run's folder; absent with `to`. */
  readonly out?: string;
  /** With --to: the staged shards are joined and swapped into this schema. */
  readonly to?: DbDestination;
  readonly esdhVersion: string;
  /** How the merged snapshot is checked before it is renamed into place (folder runs). */
  readonly verify: VerifyMode;
}

export type ClusterJobData = ShardJobData | MergeJobData;

/** What cluster-run.json in --out holds. */
export interface RunRecord {
  readonly run_id: string;
  readonly plan_hash: string;
  readonly shards: number;
  readonly request: ResolvedRequest;
  readonly esdh_version: string;
  readonly submitted_at: string;
}

/** The file in --out that says which run the folder is for. */
export const RUN_RECORD_FILE = 'cluster-run.json';

export function requestOf(plan: RunPlan): ResolvedRequest {
  return { profile: plan.profile, records: plan.records, seed: plan.seed, asOf: plan.asOf, entities: [...plan.entities], formats: [...plan.formats], ...(plan.lob ? { lob: plan.lob } : {}), ...(plan.whereText.length > 0 ? { where: [...plan.whereText] } : {}) };
}

/** The plan's data-deciding fields as a worker checks them. */
export function planFacts(engine: Engine, plan: RunPlan): Record<string, unknown> {
  return {
    'esdh version': ENGINE_VERSION,
    dataset_version: engine.config.dataset_version,
    synthetic_source: engine.config.synthetic_source,
    validate: engine.config.validate,
    ...requestOf(plan),
    distributions: plan.distributions,
    plugins: engine.registry.order(plan.entities).map((p) => `${p.name}@${p.version}`),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** sha256 of the plan's facts: equal on two machines exactly when they would make the same data. */
export function planHash(engine: Engine, plan: RunPlan): string {
  return sha256(JSON.stringify(planFacts(engine, plan)));
}

/** The destination as the run id takes it: the folder, or the database (password hidden) and schema. */
export function destinationKey(destination: { readonly out?: string; readonly to?: DbDestination }): string {
  return destination.to ? JSON.stringify({ to: redactUrl(destination.to.url), schema: destination.to.schema }) : destination.out!;
}

/** The destination as lines show it: the folder, or `postgres://user:***@host/db, schema S`. */
export function destinationText(destination: { readonly out?: string; readonly to?: DbDestination }): string {
  return destination.to ? `${redactUrl(destination.to.url)}, schema ${destination.to.schema}` : destination.out!;
}

/** The run's id: 16 hex digits of sha256(plan hash, shard count, destination). */
export function runIdOf(hash: string, shards: number, out: string): string {
  return sha256(JSON.stringify([hash, shards, out])).slice(0, 16);
}

export const mergeJobId = (runId: string) => `${runId}-merge`;
/**
 * The queue of the runs' last jobs (merge, or swap with --to), beside the
 * shards' queue: a worker takes them on their own slot, so a merge can wait
 * for its shards (and append each as it comes) while the same worker makes them.
 */
export const mergeQueueName = (queue: string) => `${queue}-merge`;
export const shardJobId = (runId: string, index: number, count: number) => `${runId}-shard-${index}-of-${count}`;

/** `shard-002-of-004`: names sort in unit order. */
export function shardFolderName(index: number, count: number): string {
  const width = String(count).length;
  return `shard-${String(index).padStart(width, '0')}-of-${count}`;
}

/** The staging schema of a run loaded with --to, where the joined tables are built: `esdh_stage_<run id>`. */
export const runStageSchema = (runId: string) => `esdh_stage_${runId}`;

/** The staging schema of shard k of a run loaded with --to: `esdh_stage_<run id>_<k>`, at most 44 characters. */
export function stageSchema(runId: string, index: number, count: number): string {
  return `esdh_stage_${runId}_${String(index).padStart(String(count).length, '0')}`;
}

/** Folders under --out: the finished shards, and the merged, verified snapshot. */
export const shardsDir = (out: string) => join(out, 'shards');
export const snapshotDir = (out: string) => join(out, 'snapshot');
