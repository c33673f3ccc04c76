import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { PUBLIC_KEY_OPTION, publicKeyOption } from '../key-options.js';
import { createProgress } from '../progress.js';
import { verifyReportText } from '../verify-report.js';

/** `esdh verify <dir>`: trust a snapshot, or learn exactly what is wrong with it. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check a snapshot: checksums, every record against its schema, the marker, ids, references and domain rules.',
  usage: 'esdh verify <snapshot-dir> [--public-key FILE] [--json] [--quiet]',
  positionals: true,
  options: {
    json: { type: 'boolean', help: 'print the report as JSON' },
    'public-key': PUBLIC_KEY_OPTION,
    quiet: { type: 'boolean', short: 'q', help: 'no progress on stderr' },
  },
  details: [
    'Exits 0 when every rule passes, 1 when any fails (the report names file and line of the first failures).',
    'Without --public-key it proves the snapshot is consistent (checksums, counts, schemas, rules, copies agree,',
    'marker), not who made it: a consistent forgery passes. Only a signature checked with a key you trust proves origin.',
    'Longer checks show progress on stderr (bytes read of the total). Every rule: docs/verify.md.',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'verify takes exactly one snapshot folder', 'verify');
    const engine = await engineFor(args, io);
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
