/**
 * The last job of a run with --to, in the merge job's place (BullMQ starts it
 * once every shard job completed): the rows each table must hold are the sum
 * of what the shard jobs reported from their manifests; then, in ONE
 * transaction, the staged shards are joined in shard order in the run's
 * staging schema esdh_stage_<run>, counted against those sums, --if-exists is applied to the target schema and the tables are
 * moved into it, and the staging schemas dropped (promoteStaged). A failure
 * rolls back: the target is untouched and the staged shards stay for a retry.
 */
import { esdhError, type Engine } from '../../../engine/index.js';
import { promoteStaged } from '../../exporters/postgres/index.js';
import { runStageSchema, shardJobId, stageSchema, type MergeJobData } from './cluster-run.js';
import { checkPlan } from './shard-job.js';
import type { StagedShardResult } from './stage-shard-job.js';

export interface SwapResult {
  /** The database, password hidden. */
  readonly target: string;
  readonly schema: string;
  /** Rows of each table now in the schema. */
  readonly tables: Readonly<Record<string, number>>;
  readonly reused: false;
  readonly ms: number;
}

/** `values`: the shard jobs' results, keyed by BullMQ's `<prefix>:<queue>:<job id>` (Job.getChildrenValues). */
export async function runSwapJob(engine: Engine, data: MergeJobData, values: Readonly<Record<string, unknown>>): Promise<SwapResult> {
  const started = Date.now();
  const to = data.to!;
  checkPlan(engine, data, 'swap');
  const byId = new Map(Object.entries(values).map(([key, value]) => [key.slice(key.lastIndexOf(':') + 1), value as StagedShardResult | undefined]));
  const expected: Record<string, number> = {};
  const stages: string[] = [];
  for (let k = 1; k <= data.shards; k++) {
    const result = byId.get(shardJobId(data.runId, k, data.shards));
    const stage = stageSchema(data.runId, k, data.shards);
    if (!result?.tables || result.stage !== stage) throw esdhError('ESDH_ERR_CLUSTER_STAGE_INVALID', data.runId, `schema ${to.schema}`, `the queue holds no result of shard ${k}/${data.shards}`);
    for (const [table, rows] of Object.entries(result.tables)) expected[table] = (expected[table] ?? 0) + rows;
    stages.push(stage);
  }
  const promoted = await promoteStaged({ url: to.url, schema: to.schema, stages, into: runStageSchema(data.runId), expected, ifExists: to.ifExists, runId: data.runId });
  return { target: promoted.target, schema: promoted.namespace, tables: Object.fromEntries(promoted.tables.map((t) => [t.table, t.rows])), reused: false, ms: Date.now() - started };
}
