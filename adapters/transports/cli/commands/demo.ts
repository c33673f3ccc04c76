import { esdhError } from '../../../../engine/index.js';
import { DEMO_SAMPLES_DIR } from '../../http/demo-samples.js';
import type { Command } from '../command.js';
import { stopDemoServer } from '../demo/background-server.js';
import { DEMO_LOG_FILE, DEMO_PID_FILE, DEMO_PORT_FILE } from '../demo/state-files.js';
import { runDemo } from '../demo/walk-through.js';
import { writeSamples } from '../demo/write-samples.js';
import { engineFor } from '../engine-for.js';

/** `esdh demo`: the walk-through users know, on Node alone. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'The demo walk-through: snapshot for the profile, API in the background, calls, preview and smoke checks, each step timed.',
  usage: 'esdh demo [--profile NAME] [--interactive] [--skip-smoke] [--keep-server]\n       esdh demo stop\n       esdh demo samples [--out DIR]',
  positionals: true,
  options: {
    profile: { type: 'string', short: 'p', value: 'name', help: 'profile from the config (default: baseline, or $DEMO_PROFILE)' },
    interactive: { type: 'boolean', short: 'i', help: 'pause for Enter after each step (not when stdin is not a terminal)' },
    'skip-smoke': { type: 'boolean', help: 'skip the smoke checks (a faster dry run)' },
    'keep-server': { type: 'boolean', help: 'leave the API running at the end (stop it later with esdh demo stop)' },
    out: { type: 'string', short: 'o', value: 'dir', help: `demo samples: folder to write (default: ${DEMO_SAMPLES_DIR})` },
  },
  details: [
    'Steps: 1 snapshot → 2 start the API (the configured port, or a free one if busy) → 3 wait for /healthz',
    '→ 4 POST /generate/person and /generate/bundle → 5 preview → 6 smoke checks. Exits 1 with a diagnostics block on failure.',
    `The server's pid and port go to ${DEMO_PID_FILE} and ${DEMO_PORT_FILE} in the config's folder (esdh clean removes them);`,
    `its log goes to <output.runs_dir>/${DEMO_LOG_FILE}.`,
    '',
    '  esdh demo stop        stop a server left running by --keep-server',
    `  esdh demo samples     rewrite the canned payloads in ${DEMO_SAMPLES_DIR}/ (seed 20251101, 3 records)`,
    '',
    'Examples:',
    '  esdh demo',
    '  DEMO_PROFILE=heavy esdh demo --skip-smoke',
    '  DEMO_API_PORT=5051 esdh demo --keep-server && esdh preview --use-api',
  ],
  async run(args, io) {
    const [sub, ...rest] = args.positionals;
    if (rest.length || (sub !== undefined && sub !== 'stop' && sub !== 'samples')) {
      throw esdhError('ESDH_ERR_USAGE', `unknown demo subcommand '${args.positionals.join(' ')}' (expected stop or samples)`, 'demo');
    }
    if (sub === 'samples') return writeSamples(args, io);
    const engine = await engineFor(args, io);
    if (sub === 'stop') return stopDemoServer(engine, io);
    return runDemo(engine, args, io);
  },
};
