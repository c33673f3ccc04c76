import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { isLink, LATEST_LINK, listRuns } from '../demo-runs.js';
import { DEMO_LOG_FILE, DEMO_STATE_FILES } from '../demo/state-files.js';
import { displayPath } from '../format.js';

/** `esdh clean`: remove demo runs and leftover server state. */
export const cleanCommand: Command = {
  name: 'clean',
  summary: 'Remove the demo runs in data/demo_runs/ (with latest_demo and demo_api.log) and leftover .demo_api_pid/.demo_api_port files.',
  usage: 'esdh clean',
  options: {},
  details: ['The governed snapshot in data/snapshots/ is never touched.'],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
    const removed: string[] = [];
    for (const name of listRuns(runsDir)) {
      await rm(join(runsDir, name), { recursive: true, force: true });
      removed.push(join(runsDir, name));
    }
    for (const leftover of [LATEST_LINK, DEMO_LOG_FILE]) {
      const path = join(runsDir, leftover);
      if (existsSync(path) || isLink(path)) {
        await rm(path, { force: true });
        removed.push(path);
      }
    }
    for (const file of DEMO_STATE_FILES) {
      const path = join(engine.config.baseDir, file);
      if (existsSync(path)) {
        await rm(path, { force: true });
        removed.push(path);
      }
    }
    io.stdout.write(removed.length ? `Removed:\n${removed.map((p) => `  ${displayPath(p, io.cwd)}`).join('\n')}\n` : 'Nothing to clean.\n');
    return 0;
  },
};
