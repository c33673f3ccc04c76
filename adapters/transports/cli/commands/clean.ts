import { existsSync, lstatSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findTempFolders, reclaimTempFolders } from '../../../../engine/index.js';
import type { Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { isLink, LATEST_LINK, listRuns } from '../demo-runs.js';
import { DEMO_LOG_FILE, DEMO_STATE_FILES } from '../demo/state-files.js';
import { displayPath, formatBytes } from '../format.js';

/** `esdh clean`: remove demo runs and leftover server state. */
export const cleanCommand: Command = {
  name: 'clean',
  summary: 'Remove the demo runs in data/demo_runs/ (with latest_demo and demo_api.log), temporary folders killed runs left, and leftover .demo_api_pid/.demo_api_port files.',
  usage: 'esdh clean',
  options: {},
  details: [
    'The governed snapshot in data/snapshots/ is never touched (only temporary folders a killed esdh snapshot left beside it).',
    'A temporary folder whose run still works, or stopped less than a minute ago, is kept and named. A real folder',
    'named latest_demo (not the link esdh makes) is kept and named too: remove it yourself.',
  ],
  async run(args, io) {
    const engine = await engineFor(args, io);
    const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
    // Each entry: a path and, for some, why it was removed or kept.
    const removed: [string, string?][] = [];
    const kept: [string, string][] = [];
    for (const parent of [runsDir, resolve(engine.config.baseDir, engine.config.output.snapshot_dir)]) {
      for (const temp of await reclaimTempFolders(parent)) removed.push([temp.path, `temporary folder of a stopped run, ${formatBytes(temp.bytes)}`]);
      for (const temp of findTempFolders(parent)) {
        kept.push([temp.path, temp.state === 'live' ? `in use by the run in process ${temp.pid}` : 'its run stopped less than a minute ago: run esdh clean again in a minute']);
      }
    }
    for (const name of listRuns(runsDir)) {
      await rm(join(runsDir, name), { recursive: true, force: true });
      removed.push([join(runsDir, name)]);
    }
    const latest = join(runsDir, LATEST_LINK);
    if (isLink(latest)) {
      await rm(latest, { force: true });
      removed.push([latest]);
    } else if (existsSync(latest)) {
      kept.push([latest, `a real ${lstatSync(latest).isDirectory() ? 'folder' : 'file'}, not the link esdh makes: remove it yourself`]);
    }
    for (const path of [join(runsDir, DEMO_LOG_FILE), ...DEMO_STATE_FILES.map((file) => join(engine.config.baseDir, file))]) {
      if (existsSync(path) && lstatSync(path).isFile()) {
        await rm(path, { force: true });
        removed.push([path]);
      }
    }
    const list = (title: string, entries: [string, string?][]) =>
      entries.length ? `${title}:\n${entries.map(([path, note]) => `  ${displayPath(path, io.cwd)}${note ? ` (${note})` : ''}`).join('\n')}\n` : '';
    io.stdout.write((list('Removed', removed) || 'Nothing to clean.\n') + list('Kept', kept));
    return 0;
  },
};
