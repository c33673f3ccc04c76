/**
 * One shard job of a run with --to (a database): the shard is generated into
 * a temporary folder on this worker (as `esdh run --to` without --out does),
 * then loaded, as `esdh run --to` loads a snapshot (engine.load: its files
 * checked, every row sent with COPY, keys built, counts checked against its
 * manifest, ONE transaction), into the shard's own staging schema
 * `esdh_stage_<run>_<k>` with --if-exists replace, and the folder is removed.
 *
 * A killed attempt never committed, so the server rolled its rows back:
 * nothing of it is in the database. A retried attempt replaces what an
 * earlier one committed (it died after COMMIT, before the queue heard),
 * inside its own transaction, and two live attempts of the same shard wait
 * for each other on the schema's advisory lock. What a dead attempt leaves on
 * its machine (its temporary folder) is removed by the next job there.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, type Engine } from '../../../engine/index.js';
import { stageSchema, type ShardJobData } from './cluster-run.js';
import { checkPlan } from './shard-job.js';

/** What a staged shard job returns (kept in Redis; the last step sums `tables`). */
export interface StagedShardResult {
  /** The staging schema it loaded. */
  readonly stage: string;
  readonly units: number;
  /** Rows of each table (bare name), as its manifest counts them. */
  readonly tables: Readonly<Record<string, number>>;
  readonly reused: false;
  readonly ms: number;
}

const SCRATCH = 'esdh-cluster-';

/** Remove the scratch folders of worker processes of this machine that are gone (killed mid-shard). */
async function removeDeadScratch(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    const match = new RegExp(`^${SCRATCH}(\\d+)-`).exec(name);
    if (match && Number(match[1]) !== process.pid && !isAlive(Number(match[1]))) await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** `"schema"."table"` → `table`. */
function bareTable(qualifiedName: string): string {
  const match = /^"(?:[^"]|"")+"\."((?:[^"]|"")+)"$/.exec(qualifiedName);
  return match ? match[1]!.replace(/""/g, '"') : qualifiedName;
}

export async function runStagedShardJob(engine: Engine, data: ShardJobData, options: { signal: AbortSignal; threads: number }): Promise<StagedShardResult> {
  const started = Date.now();
  const to = data.to!;
  checkPlan(engine, data, `${data.shard.index}/${data.shard.count}`);
  await removeDeadScratch();
  const scratch = await mkdtemp(join(tmpdir(), `${SCRATCH}${process.pid}-`));
  try {
    const result = await engine.run({ ...data.request, randomize: false, shard: data.shard, out: join(scratch, 'shard'), signal: options.signal, workers: options.threads });
    const stage = stageSchema(data.runId, data.shard.index, data.shard.count);
    const loaded = await engine.load(result.dir, {
      to: to.url,
      namespace: stage,
      ifExists: 'replace',
      // As esdh run --to: records validated as they were made need only their files checked.
      verify: result.manifest.validation === 'schema' ? 'checksums' : 'full',
      signal: options.signal,
    });
    const tables = Object.fromEntries(loaded.tables.map((t) => [bareTable(t.table), t.rows]));
    return { stage, units: result.manifest.units, tables, reused: false, ms: Date.now() - started };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
