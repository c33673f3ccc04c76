import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import satisfies from 'semver/functions/satisfies.js';
import { type Engine, EsdhError, findTempFolders, isAlive, packageRoot } from '../../../../engine/index.js';
import { isPortFree } from '../../http/ports.js';
import type { Command, CliIO } from '../command.js';
import { engineFor } from '../engine-for.js';
import { checkLatestLink } from '../demo-runs.js';
import { colours, displayPath, formatBytes, table } from '../format.js';
import { answersAsEsdh } from '../demo/background-server.js';
import { readDemoState } from '../demo/state-files.js';

/** One finding of `esdh doctor`. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** What to do when it is not ok. */
  readonly fix?: string;
}

/** `esdh doctor`: is this machine ready for the demo? Each problem comes with its fix. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check what the demo needs: Node version, config file, API port, output folder; each problem with its fix.',
  usage: 'esdh doctor [--json]',
  options: { json: { type: 'boolean', help: 'print the checks as JSON' } },
  details: ['Exits 0 when nothing failed (warnings allowed), 1 otherwise.'],
  async run(args, io) {
    const checks: DoctorCheck[] = [nodeCheck()];
    let engine: Engine | undefined;
    try {
      engine = await engineFor(args, io);
      checks.push({ name: 'config', status: 'ok', detail: engine.config.source === 'built-in defaults' ? `no config file in ${displayPath(io.cwd, io.cwd) || '.'}: built-in defaults` : `${displayPath(engine.config.source, io.cwd)} is valid` });
    } catch (error) {
      if (!(error instanceof EsdhError)) throw error;
      checks.push({ name: 'config', status: 'fail', detail: error.toLine(), fix: 'fix the file and field named above (esdh profiles shows the resolved config), or pass --config <file>' });
    }
    if (engine) {
      checks.push(await portCheck(engine));
      checks.push(outputCheck(engine, io));
      checks.push(tempCheck(engine, io));
      const link = latestLinkCheck(engine, io);
      if (link) checks.push(link);
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    if (args.values.json) {
      io.stdout.write(JSON.stringify({ ok: failed === 0, checks }, null, 2) + '\n');
      return failed ? 1 : 0;
    }
    const c = colours(io.stdout, io.env);
    const mark = { ok: c.green('✓'), warn: c.yellow('!'), fail: c.red('✗') };
    const rows = checks.flatMap((check) => [[mark[check.status], check.name, check.detail], ...(check.fix && check.status !== 'ok' ? [['', '', c.dim(`fix: ${check.fix}`)]] : [])]);
    io.stdout.write(`esdh doctor\n${table(rows)}`);
    io.stdout.write(failed ? c.red(`${failed} check(s) failed: apply the fixes above and run esdh doctor again.\n`) : c.green('Ready for the demo: npx esdh demo\n'));
    return failed ? 1 : 0;
  },
};

/**
 * Node against package.json `engines.node` (`>=20.19`), by node-semver as npm
 * reads `engines`; prereleases count (a nightly 23.0.0-pre is newer than 20.19).
 */
export function nodeCheck(version: string = process.versions.node, range: string = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).engines?.node ?? '>=20.19'): DoctorCheck {
  const ok = satisfies(version, range, { includePrerelease: true });
  return ok
    ? { name: 'node', status: 'ok', detail: `v${version} (needs ${range})` }
    : { name: 'node', status: 'fail', detail: `v${version}, but ESDH needs ${range}`, fix: 'install a current Node.js LTS from https://nodejs.org (or nvm install --lts)' };
}

async function portCheck(engine: Engine): Promise<DoctorCheck> {
  const { host, port } = engine.config.api;
  const where = `${host}:${port}`;
  if (port === 0) return { name: 'api port', status: 'ok', detail: 'port 0: a free port is picked at start' };
  if (await isPortFree(host, port)) return { name: 'api port', status: 'ok', detail: `${where} is free` };
  const demo = readDemoState(engine.config.baseDir);
  if (demo && demo.port === port && isAlive(demo.pid) && (await answersAsEsdh(`http://${host}:${port}`, engine.config.api.api_key))) {
    return { name: 'api port', status: 'warn', detail: `${where} is used by a demo server left running (pid ${demo.pid})`, fix: 'esdh demo stop' };
  }
  return { name: 'api port', status: 'warn', detail: `${where} is in use by another program (esdh demo then picks a free port)`, fix: `stop that program, or choose another port: DEMO_API_PORT=5051 (or api.port in the config)` };
}

/** Temporary folders that killed runs left in the runs and snapshot folders: how many, how large. */
export function tempCheck(engine: Engine, io: CliIO): DoctorCheck {
  const parents = [resolve(engine.config.baseDir, engine.config.output.runs_dir), resolve(engine.config.baseDir, engine.config.output.snapshot_dir)];
  const temps = parents.flatMap((parent) => findTempFolders(parent));
  const left = temps.filter((t) => t.state !== 'live');
  const live = temps.filter((t) => t.state === 'live');
  const where = [...new Set(left.map((t) => displayPath(dirname(t.path), io.cwd) || '.'))].join(', ');
  const running = live.length ? `; ${live.length} in use by running esdh (pid ${[...new Set(live.map((t) => t.pid))].join(', ')})` : '';
  if (left.length === 0) return { name: 'temp folders', status: 'ok', detail: `none left by stopped runs${running}` };
  const settling = left.filter((t) => t.state === 'settling').length;
  return {
    name: 'temp folders',
    status: 'warn',
    detail: `${left.length} left by stopped runs in ${where} (${formatBytes(left.reduce((sum, t) => sum + t.bytes, 0))})${settling ? `, ${settling} of them stopped less than a minute ago` : ''}${running}`,
    fix: `esdh clean removes them (so does the next esdh run into that folder)${settling ? '; those of runs stopped less than a minute ago only once that minute has passed' : ''}`,
  };
}

/** A real folder or file where the latest_demo link belongs (esdh run refuses to replace it); undefined when fine. */
function latestLinkCheck(engine: Engine, io: CliIO): DoctorCheck | undefined {
  const runsDir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
  try {
    checkLatestLink(runsDir);
    return undefined;
  } catch (error) {
    if (!(error instanceof EsdhError)) throw error;
    return { name: 'latest_demo', status: 'fail', detail: `${displayPath(runsDir, io.cwd)}/latest_demo is not the link esdh makes, so esdh run refuses to start`, fix: 'move it away (or remove it), or pass --out to esdh run' };
  }
}

/** The runs folder, or the nearest folder above it that exists (doctor creates nothing), takes a file. */
function outputCheck(engine: Engine, io: CliIO): DoctorCheck {
  const dir = resolve(engine.config.baseDir, engine.config.output.runs_dir);
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const probe = join(existing, `.esdh-doctor-${process.pid}`);
  const where = existing === dir ? `${displayPath(dir, io.cwd)} is writable` : `${displayPath(dir, io.cwd)} can be created (${displayPath(existing, io.cwd) || '.'} is writable)`;
  try {
    if (!statSync(existing).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
    return { name: 'output folder', status: 'ok', detail: where };
  } catch (error) {
    return { name: 'output folder', status: 'fail', detail: `${displayPath(dir, io.cwd)} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, fix: 'fix its permissions, or set output.runs_dir in the config to a folder you can write' };
  }
}
