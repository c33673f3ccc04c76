/**
 * `esdh run --shard-from-env`: the shard from a job-array engine's 0-based
 * index variable and the count from --shard-count or ESDH_SHARD_COUNT, with
 * a clear ESDH_ERR_SHARD_ENV for every way they can be missing or wrong.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { shardFromEnv } from '../../../../adapters/transports/cli/shard-env.js';
import { expectEsdhError } from '../../../helpers/errors.js';
import { esdh } from '../../../helpers/cli.js';
import { readManifest } from '../../../helpers/snapshot-files.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

describe('esdh run --shard-from-env', () => {
  const tempDir = useTempDirs('esdh-shard-env-');

  it('reads each engine\'s 0-based index: index i is shard i+1 of N', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0' }, '4')).to.deep.equal({ index: 1, count: 4, source: 'JOB_COMPLETION_INDEX' });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '3' }, '4')).to.deep.include({ index: 4, count: 4 });
    expect(shardFromEnv({ ESDH_SHARD_INDEX: '1', ESDH_SHARD_COUNT: '2' }, undefined)).to.deep.include({ index: 2, count: 2 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '2', ESDH_SHARD_COUNT: '3' }, '3')).to.deep.include({ index: 3, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '1', ESDH_SHARD_INDEX: '1' }, '2')).to.deep.include({ index: 2 }, 'two variables that agree are fine');
  });

  it('refuses a missing index or count, a value that is not a whole number, an index out of range, and two sources that disagree', async () => {
    const cases: [NodeJS.ProcessEnv, string | undefined, string][] = [
      [{}, '4', 'none of its index variables is set'],
      [{ JOB_COMPLETION_INDEX: '1' }, undefined, 'the shard count is not given'],
      [{ JOB_COMPLETION_INDEX: 'one' }, '4', 'JOB_COMPLETION_INDEX is "one", not a whole number'],
      [{ JOB_COMPLETION_INDEX: '-1' }, '4', 'not a whole number'],
      [{ JOB_COMPLETION_INDEX: '1' }, '2.5', '--shard-count is "2.5", not a whole number'],
      [{ JOB_COMPLETION_INDEX: '4' }, '4', 'JOB_COMPLETION_INDEX is 4, outside 0..3 for 4 shards'],
      [{ JOB_COMPLETION_INDEX: '0' }, '0', 'the shard count is 0'],
      [{ JOB_COMPLETION_INDEX: '1', AWS_BATCH_JOB_ARRAY_INDEX: '2' }, '4', 'JOB_COMPLETION_INDEX is 1 but AWS_BATCH_JOB_ARRAY_INDEX is 2'],
      [{ ESDH_SHARD_INDEX: '1', ESDH_SHARD_COUNT: '3' }, '4', '--shard-count is 4 but ESDH_SHARD_COUNT is 3'],
    ];
    for (const [env, count, text] of cases) {
      const error = await expectEsdhError(() => shardFromEnv(env, count), 'ESDH_ERR_SHARD_ENV');
      expect(error.message).to.include(text);
    }
  });

  it('through the CLI: the shard the variable names, one line of error otherwise, and no mixing with --shard', async () => {
    const dir = tempDir();
    const ok = await esdh(['run', '--records', '10', '--seed', '3', '--format', 'ndjson', '--shard-from-env', '--shard-count', '3', '--out', join(dir, 's'), '--quiet'], dir, { JOB_COMPLETION_INDEX: '2' });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(readManifest(join(dir, 's')).shard).to.deep.include({ index: 3, count: 3, unit_start: 6, unit_end: 10 });
    const missing = await esdh(['run', '--records', '10', '--shard-from-env', '--shard-count', '3', '--out', join(dir, 'm')], dir);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^ESDH_ERR_SHARD_ENV: --shard-from-env cannot tell which shard this is: none of its index variables is set\. .*docs\/scale-out\.md\n$/);
    const both = await esdh(['run', '--shard', '1/2', '--shard-from-env', '--out', join(dir, 'b')], dir, { ESDH_SHARD_INDEX: '0', ESDH_SHARD_COUNT: '2' });
    expect(both.stderr).to.include('ESDH_ERR_USAGE: --shard and --shard-from-env choose the shard twice');
    const countAlone = await esdh(['run', '--shard-count', '2', '--out', join(dir, 'c')], dir);
    expect(countAlone.stderr).to.include('ESDH_ERR_USAGE: --shard-count goes with --shard-from-env');
  });
});
