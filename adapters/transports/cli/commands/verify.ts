import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { PUBLIC_KEY_OPTION, publicKeyOption } from '../key-options.js';
import { createProgress } from '../progress.js';
import { loadedReportText } from '../loaded-report.js';
import { verifyReportText } from '../verify-report.js';

/** `esdh verify <dir>`: trust a snapshot, or learn exactly what is wrong with it. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check a snapshot: checksums, every record against its schema, the marker, ids, references and domain rules.',
  usage: 'esdh verify <snapshot-dir> [--public-key FILE] [--json] [--quiet]   |   esdh verify --db postgres://... [--schema NAME] <snapshot-dir>',
  positionals: true,
  options: {
    json: { type: 'boolean', help: 'print the report as JSON' },
    'public-key': PUBLIC_KEY_OPTION,
    quiet: { type: 'boolean', short: 'q', help: 'no progress on stderr' },
    db: { type: 'string', value: 'url', help: 'instead: check that this database holds exactly the snapshot\'s records (postgres://user@host:port/db; password also from PGPASSWORD, never printed)' },
    schema: { type: 'string', value: 'name', help: 'with --db: the schema the snapshot was loaded into (default public)' },
  },
  details: [
    'Exits 0 when every rule passes, 1 when any fails (the report names file and line of the first failures).',
    'Without --public-key it proves the snapshot is consistent (checksums, counts, schemas, rules, copies agree,',
    'marker), not who made it: a consistent forgery passes. Only a signature checked with a key you trust proves origin.',
    'Longer checks show progress on stderr (bytes read of the total). Every rule: docs/verify.md.',
    '',
    'With --db, verify compares a database with the snapshot instead (after checking the snapshot\'s files against its',
    'manifest): per table the row count and a checksum of the rows (the sum of the SHA-256 of each record\'s canonical',
    'text, modulo 2^256, so row order does not matter; docs/databases.md). A table that differs is named, with its first',
    'differing row by primary key. Exits 0 when every table matches, 1 otherwise. It reads in a read-only transaction.',
    '',
    'Examples:',
    '  esdh verify data/demo_runs/latest_demo',
    '  esdh verify --db postgres://qa@127.0.0.1:5432/test --schema heavy_4 /tmp/heavy-4',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'verify takes exactly one snapshot folder', 'verify');
    const db = stringOption(args, 'db');
    const schema = stringOption(args, 'schema');
    if (db === undefined && schema !== undefined) throw esdhError('ESDH_ERR_USAGE', '--schema goes with --db <url>', 'verify');
    const engine = await engineFor(args, io);
    if (db !== undefined) {
      const loaded = await engine.verifyLoaded(resolve(io.cwd, args.positionals[0]!), { url: db, ...(schema === undefined ? {} : { namespace: schema }) });
      io.stdout.write(args.values.json ? JSON.stringify(loaded, null, 2) + '\n' : loadedReportText(loaded, io));
      return loaded.ok ? 0 : 1;
    }
    const progress = createProgress({ stream: io.stderr, quiet: args.values.quiet === true, noun: 'MB', clock: io.clock });
    let report: Awaited<ReturnType<typeof engine.verify>>;
    try {
      report = await engine.verify(resolve(io.cwd, args.positionals[0]!), {
        ...publicKeyOption(args, io.cwd),
        onProgress: (p) => progress.update({ unitsDone: Math.round(p.bytesDone / 1e6), unitsTotal: Math.round(p.bytesTotal / 1e6) }),
      });
    } finally {
      progress.finish();
    }
    io.stdout.write(args.values.json ? JSON.stringify(report, null, 2) + '\n' : verifyReportText(report, io));
    return report.ok ? 0 : 1;
  },
};
