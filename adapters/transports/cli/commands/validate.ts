import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_REQUEST_OPTIONS, runRequestFrom } from '../run-request.js';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { colours } from '../format.js';
import { verifyReportText } from '../verify-report.js';

/** `esdh validate`: the check users ran before a demo: a fresh sample for the profile, verified. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Generate a fresh sample for a profile into a temporary folder and verify it: schemas, the synthetic marker, ids, foreign keys, domain rules.',
  usage: 'esdh validate [--profile baseline] [--records N] [--seed N | --randomize] [--keep]',
  options: {
    ...RUN_REQUEST_OPTIONS,
    keep: { type: 'boolean', help: 'keep the sample folder and print its path (default: removed)' },
  },
  details: ['Exits 0 when every rule passes, 1 when any fails. Nothing is written to data/demo_runs/.'],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const request = runRequestFrom(args);
    const plan = engine.plan(request);
    const parent = mkdtempSync(join(tmpdir(), 'esdh-validate-'));
    try {
      const out = join(parent, 'sample');
      await engine.run({ ...request, profile: plan.profile, seed: plan.seed, randomize: false, formats: ['csv', 'json', 'ndjson'], out, signal: io.signal });
      const report = await engine.verify(out);
      const c = colours(io.stdout, io.env);
      io.stdout.write(`Validating a fresh sample: profile ${plan.profile}, ${plan.records} records, seed ${plan.seed}, as_of ${plan.asOf}\n`);
      io.stdout.write(verifyReportText(report, io));
      io.stdout.write(report.ok ? c.green(`Every record carries synthetic_source = "${engine.config.synthetic_source}".\n`) : '');
      if (args.values.keep) io.stdout.write(`Sample kept in ${out}\n`);
      return report.ok ? 0 : 1;
    } finally {
      if (!args.values.keep) rmSync(parent, { recursive: true, force: true });
    }
  },
};
