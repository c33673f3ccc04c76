import { resolve } from 'node:path';
import { esdhError } from '../../../../engine/index.js';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { verifyReportText } from '../verify-report.js';

/** `esdh verify <dir>`: trust a snapshot, or learn exactly what is wrong with it. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check a snapshot: checksums, every record against its schema, the marker, ids, references and domain rules.',
  usage: 'esdh verify <snapshot-dir> [--json]',
  positionals: true,
  options: {
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  details: ['Exits 0 when every rule passes, 1 when any fails (the report names file and line of the first failures).'],
  async run(args, io) {
    if (args.positionals.length !== 1) throw esdhError('ESDH_ERR_USAGE', 'verify takes exactly one snapshot folder', 'verify');
    const engine = await engineFor(args, io);
    const report = await engine.verify(resolve(io.cwd, args.positionals[0]!));
    io.stdout.write(args.values.json ? JSON.stringify(report, null, 2) + '\n' : verifyReportText(report, io));
    return report.ok ? 0 : 1;
  },
};
