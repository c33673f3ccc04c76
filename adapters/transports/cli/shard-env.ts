/**
 * `esdh run --shard-from-env`: which shard this process is, read from the
 * variable a job-array engine sets in each of its tasks. Every index variable
 * is 0-based (the engines' own convention; `ESDH_SHARD_INDEX` follows it);
 * the shard count comes from `--shard-count` or `ESDH_SHARD_COUNT`, which
 * the manifest sets to the job's completions / array size.
 */
import { esdhError } from '../../../engine/index.js';

/** The index variables, in the order they are named in messages. */
export const SHARD_INDEX_VARS = [
  ['JOB_COMPLETION_INDEX', 'Kubernetes Indexed Job'],
  ['AWS_BATCH_JOB_ARRAY_INDEX', 'AWS Batch array job'],
  ['ESDH_SHARD_INDEX', 'set by you, e.g. from a GitHub Actions matrix'],
  ['SLURM_ARRAY_TASK_ID', 'Slurm job array, --array=0-(N-1)'],
] as const;

/** The count variable. */
export const SHARD_COUNT_VAR = 'ESDH_SHARD_COUNT';

const HOW = `Set the array size with --shard-count N (or ${SHARD_COUNT_VAR}), and run where the engine sets its 0-based index (${SHARD_INDEX_VARS.map(([v]) => v).join(', ')}); see docs/scale-out.md`;

function wholeNumber(value: string, name: string): number {
  if (!/^\s*\d+\s*$/.test(value)) throw esdhError('ESDH_ERR_SHARD_ENV', `${name} is ${JSON.stringify(value)}, not a whole number`, HOW);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw esdhError('ESDH_ERR_SHARD_ENV', `${name} is ${JSON.stringify(value)}, too large`, HOW);
  return n;
}

/**
 * The shard (1-based, as `--shard k/N`) from the environment.
 * @example
 * shardFromEnv({ JOB_COMPLETION_INDEX: '2' }, '4'); // → { index: 3, count: 4, source: 'JOB_COMPLETION_INDEX' }
 */
export function shardFromEnv(env: NodeJS.ProcessEnv, countFlag: string | undefined): { index: number; count: number; source: string } {
  const found = SHARD_INDEX_VARS.flatMap(([name]) => (env[name] === undefined || env[name] === '' ? [] : [{ name, value: wholeNumber(env[name]!, name) }]));
  if (found.length === 0) throw esdhError('ESDH_ERR_SHARD_ENV', 'none of its index variables is set', HOW);
  const first = found[0]!;
  const other = found.find((f) => f.value !== first.value);
  if (other) throw esdhError('ESDH_ERR_SHARD_ENV', `${first.name} is ${first.value} but ${other.name} is ${other.value}`, 'Unset the one that is not the engine\'s own, or give them the same value');
  const fromFlag = countFlag === undefined ? undefined : wholeNumber(countFlag, '--shard-count');
  const fromEnv = env[SHARD_COUNT_VAR] === undefined || env[SHARD_COUNT_VAR] === '' ? undefined : wholeNumber(env[SHARD_COUNT_VAR]!, SHARD_COUNT_VAR);
  if (fromFlag !== undefined && fromEnv !== undefined && fromFlag !== fromEnv) {
    throw esdhError('ESDH_ERR_SHARD_ENV', `--shard-count is ${fromFlag} but ${SHARD_COUNT_VAR} is ${fromEnv}`, 'Give the count once, or the same in both');
  }
  const count = fromFlag ?? fromEnv;
  if (count === undefined) throw esdhError('ESDH_ERR_SHARD_ENV', `the shard count is not given (${first.name} is ${first.value})`, HOW);
  if (count < 1) throw esdhError('ESDH_ERR_SHARD_ENV', `the shard count is ${count}`, 'It must be at least 1: the number of tasks in the array');
  if (first.value >= count) {
    throw esdhError('ESDH_ERR_SHARD_ENV', `${first.name} is ${first.value}, outside 0..${count - 1} for ${count} shards`, 'The index is 0-based: give --shard-count the array size (completions), the same number the engine starts');
  }
  return { index: first.value + 1, count, source: first.name };
}
