import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ENGINE_VERSION, esdhError, parseRecords, parseSeed } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { SIGN_KEY_OPTION, signKeyOption } from '../key-options.js';
import { runSummary } from '../run-summary.js';

/** `esdh snapshot`: the governed, committed snapshot under data/snapshots/<version>/. */
export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Write the governed snapshot (seed 20251101, 200 records, csv + json) to data/snapshots/<dataset_version>/.',
  usage: 'esdh snapshot [--records N] [--seed N] [--out DIR] [--force] [--sign-key FILE]',
  options: {
    records: { type: 'string', short: 'n', value: 'count', help: 'units (default: output.snapshot_records, 200)' },
    seed: { type: 'string', short: 's', value: 'int', help: 'seed (default: output.snapshot_seed, 20251101)' },
    out: { type: 'string', short: 'o', value: 'dir', help: 'folder (default: data/snapshots/<dataset_version>/)' },
    force: { type: 'boolean', help: 'replace an existing snapshot folder (the old one is kept until the new one is complete)' },
    'sign-key': SIGN_KEY_OPTION,
  },
  details: ['The governed snapshot is committed; regenerate it only with a reviewed change (see governance/STEWARDSHIP.md).'],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const { config } = engine;
    const out = resolve(io.cwd, stringOption(args, 'out') ?? join(config.baseDir, config.output.snapshot_dir, config.dataset_version));
    const records = stringOption(args, 'records');
    const seed = stringOption(args, 'seed');
    const request = {
      records: records === undefined ? config.output.snapshot_records : parseRecords(records, '--records'),
      seed: seed === undefined ? config.output.snapshot_seed : parseSeed(seed, '--seed'),
      formats: ['csv', 'json'],
    };
    const plan = engine.plan(request);
    const exists = existsSync(out);
    if (exists && !args.values.force) throw esdhError('ESDH_ERR_OUTPUT_EXISTS', out);
    // Build beside the old snapshot, then swap, so a failure keeps the old one intact.
    const fresh = exists ? `${out}.new-${randomBytes(3).toString('hex')}` : out;
    const result = await engine.run({ ...request, out: fresh, signal: io.signal, ...signKeyOption(args, io.cwd), regenerate: `npx esdh@${ENGINE_VERSION} snapshot --records ${plan.records} --seed ${plan.seed} --out <new folder>` });
    if (exists) {
      const old = `${out}.old-${randomBytes(3).toString('hex')}`;
      await rename(out, old);
      await rename(fresh, out);
      await rm(old, { recursive: true, force: true });
    }
    io.stdout.write(runSummary({ ...result, dir: out }, plan, io));
    return 0;
  },
};
