/** Ctrl-C during a run: the process says so in one line, exits 130 and leaves nothing on disk. */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../helpers/package-root.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

describe('esdh run interrupted', () => {
  const tempDir = useTempDirs();

  for (const [signal, workers] of [['SIGINT', '1'], ['SIGTERM', '1'], ['SIGINT', '2']] as const) {
    it(`by ${signal} (--workers ${workers}) leaves no output folder and no temp folder`, async () => {
      const cwd = tempDir();
      const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'esdh.js'), 'run', '--records', '3000000', '--workers', workers, '--format', 'csv,ndjson', '--out', 'big', '--quiet'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        // Wait until the run is writing (its temp folder exists), then interrupt it.
        for (let i = 0; i < 600 && !readdirSync(cwd).some((n) => n.startsWith('.big.tmp-')); i++) await new Promise((r) => setTimeout(r, 50));
        expect(readdirSync(cwd).some((n) => n.startsWith('.big.tmp-')), 'the run never started writing').to.equal(true);
        child.kill(signal);
        const code = await exited;
        expect(code).to.equal(130);
        expect(stderr).to.equal(`ESDH_ERR_INTERRUPTED: Interrupted by ${signal}: stopped before finishing; any partial output was removed\n`);
        expect(readdirSync(cwd)).to.deep.equal([]);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }
});
