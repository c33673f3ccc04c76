import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { LATEST_LINK, listRuns } from '../demo-runs.js';
import { displayPath } from '../format.js';

/** Files a background demo server leaves behind. */
export const DEMO_STATE_FILES = ['.demo_api_pid', '.demo_api_port'];

/** `esdh clean`: remove demo runs and leftover server state. */
export const cleanCommand: Command = {
  name: 'clean',
  summary: 'Remove the demo runs in data/demo_runs/ (and latest_demo) and leftover .demo_api_pid/.demo_api_port files.',
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
    const link = join(runsDir, LATEST_LINK);
    await rm(link, { force: true }).then(() => removed.push(link), () => undefined);
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
