import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { PUBLIC_KEY_OPTION, publicKeyOption } from '../key-options.js';
import { loadProgress, loadSummary, TARGET_DETAILS, TARGET_OPTIONS, targetLoadOptions } from '../target-options.js';

/** `esdh load <dir> --to <url>`: a verified snapshot into a database, all or nothing. */
export const loadCommand: Command = {
  name: 'load',
  summary: 'Load a snapshot into a database (PostgreSQL): verified first, then one transaction, committed only when every row is in.',
  usage: 'esdh load <snapshot-dir> --to postgres://user@host:port/db [--schema NAME] [--if-exists fail|replace|append] [--public-key FILE] [--quiet]',
  positionals: true,
  options: {
    to: { type: 'string', value: 'url', help: 'the database: postgres://user[:password]@host:port/db (required; password also from PGPASSWORD, never printed)' },
    ...TARGET_OPTIONS,
    'public-key': PUBLIC_KEY_OPTION,
    quiet: { type: 'boolean', short: 'q', help: 'no progress on stderr' },
  },
  details: [
    'The snapshot is verified in full first (as esdh verify does): one that fails is refused before the database is contacted.',
    ...TARGET_DETAILS,
    '',
    'Examples:',
    '  esdh load data/snapshots/v0.1 --to postgres://qa@127.0.0.1:5432/test --schema governed_v0_1',
    '  PGPASSWORD=... esdh load /tmp/snap --to postgres://qa@db.internal/test --schema nightly --if-exists replace',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'load takes exactly one snapshot folder', 'load');
    const to = stringOption(args, 'to');
    if (to === undefined) throw esdhError('ESDH_ERR_USAGE', 'load needs --to <url> (e.g. --to postgres://user@127.0.0.1:5432/db)', 'load');
    const options = { to, ...targetLoadOptions(args) };
    const engine = await engineFor(args, io);
    const progress = loadProgress(io, args.values.quiet === true);
    let result: Awaited<ReturnType<typeof engine.load>>;
    try {
      result = await engine.load(resolve(io.cwd, args.positionals[0]!), {
        ...options,
        ...publicKeyOption(args, io.cwd),
        ...(io.signal ? { signal: io.signal } : {}),
        onVerifyProgress: (p) => progress.verify.update({ unitsDone: Math.round(p.bytesDone / 1e6), unitsTotal: Math.round(p.bytesTotal / 1e6) }),
        onProgress: (p) => progress.rows.update({ unitsDone: p.rowsDone, unitsTotal: p.rowsTotal }),
      });
    } finally {
      progress.finish();
    }
    io.stdout.write(loadSummary(result, io));
    return 0;
  },
};
