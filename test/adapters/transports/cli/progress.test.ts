/**
 * Progress of long runs (adapters/transports/cli/progress.ts): a bar with
 * rate and ETA on a TTY, a plain line every few seconds otherwise, nothing
 * in the first second or with --quiet; stderr only. Driven by a fake clock
 * and a fake stream: no timers, no timing assertions.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../../adapters/transports/cli/main.js';
import { barLine, createProgress, duration, plainLine } from '../../../../adapters/transports/cli/progress.js';
import { useTempDirs } from '../../../helpers/temp-dir.js';

function fakeStream(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => writes.push(text) } };
}

function fakeClock(start = 5_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('cli progress', () => {
  const tempDir = useTempDirs('esdh-progress-');

  it('shows nothing during the first second (short runs stay quiet)', () => {
    const { writes, stream } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const progress = createProgress({ stream, clock });
    for (let i = 1; i <= 9; i++) {
      advance(100);
      progress.update({ unitsDone: i * 100, unitsTotal: 1000 });
    }
    progress.finish();
    expect(writes).to.deep.equal([]);
  });

  it('on a TTY: a bar redrawn in place (\\r, clear line) with percent, counts, rate and ETA, at most every 100 ms; cleared at the end', () => {
    const { writes, stream } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const progress = createProgress({ stream, clock });
    advance(2000);
    progress.update({ unitsDone: 200_000, unitsTotal: 1_000_000 });
    advance(50);
    progress.update({ unitsDone: 205_000, unitsTotal: 1_000_000 });
    advance(100);
    progress.update({ unitsDone: 215_000, unitsTotal: 1_000_000 });
    expect(writes).to.have.length(2, 'the update 50 ms after the last draw is skipped');
    expect(writes[0]).to.equal('\r\u001b[K' + barLine(200_000, 1_000_000, 100_000, 8000, 'units', 100));
    expect(writes[0]).to.match(/^\r\u001b\[K\[#{8}-{32}\]  20%  200,000\/1,000,000 units  100,000\/s  ETA 0:08$/);
    expect(writes.every((w) => !w.includes('\n')), 'a TTY bar never scrolls').to.equal(true);
    progress.finish();
    expect(writes.at(-1)).to.equal('\r\u001b[K');
    progress.update({ unitsDone: 1_000_000, unitsTotal: 1_000_000 });
    expect(writes).to.have.length(3, 'nothing after finish');
  });

  it('the bar fits the terminal width; an unknown width (0, as under `script`) counts as 80', () => {
    for (const columns of [40, 60, 80, 200]) {
      const line = barLine(123_456, 1_000_000, 98_765.4, 9_000, 'units', columns);
      expect(line.length, `${columns} columns`).to.be.lessThan(columns);
    }
    const { writes, stream } = fakeStream(true, 0);
    const { clock, advance } = fakeClock();
    const progress = createProgress({ stream, clock });
    advance(1500);
    progress.update({ unitsDone: 10, unitsTotal: 20 });
    expect(writes[0]).to.equal('\r\u001b[K' + barLine(10, 20, 10 * 1000 / 1500, 1500, 'units', 80));
  });

  it('not a TTY (CI logs, pipes): one plain line every 5 s, each ending in a newline, no escape codes', () => {
    const { writes, stream } = fakeStream(false);
    const { clock, advance } = fakeClock();
    const progress = createProgress({ stream, clock });
    for (let second = 1; second <= 12; second++) {
      advance(1000);
      progress.update({ unitsDone: second * 50_000, unitsTotal: 1_000_000 });
    }
    progress.finish();
    expect(writes).to.deep.equal([
      'progress: 50,000/1,000,000 units (5%), 50,000 units/s, ETA 0:19\n',
      'progress: 300,000/1,000,000 units (30%), 50,000 units/s, ETA 0:14\n',
      'progress: 550,000/1,000,000 units (55%), 50,000 units/s, ETA 0:09\n',
    ]);
  });

  it('--quiet: nothing at all', () => {
    const { writes, stream } = fakeStream(true);
    const { clock, advance } = fakeClock();
    const progress = createProgress({ stream, clock, quiet: true });
    advance(10_000);
    progress.update({ unitsDone: 1, unitsTotal: 2 });
    progress.finish();
    expect(writes).to.deep.equal([]);
  });

  it('formats: durations, unknown ETA, 100%', () => {
    expect(duration(0)).to.equal('0:00');
    expect(duration(61_000)).to.equal('1:01');
    expect(duration(3_725_000)).to.equal('1:02:05');
    expect(duration(Infinity)).to.equal('?');
    expect(plainLine(0, 10, 0, Infinity, 'units')).to.equal('progress: 0/10 units (0%), 0 units/s, ETA ?');
    expect(barLine(10, 10, 5, 0, 'units', 80)).to.match(/^\[#+\] 100%/);
  });

  it('esdh run writes progress to stderr only: stdout and the data files hold none; --quiet writes nothing to stderr', async () => {
    const parent = tempDir();
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io = { stdout: { write: (t: string) => stdout.push(t) }, stderr: { isTTY: true, write: (t: string) => stderr.push(t) }, cwd: parent, env: {} };
    expect(await runCli(['run', '--records', '2000', '--seed', '3', '--format', 'csv,json,ndjson', '--out', 'snap', '--quiet'], io)).to.equal(0);
    expect(stderr).to.deep.equal([]);
    expect(stdout.join('')).to.equal(join(parent, 'snap') + '\n');
    for (const file of readdirSync(join(parent, 'snap'))) {
      const text = readFileSync(join(parent, 'snap', file), 'utf8');
      expect(text, file).to.not.match(/progress:|\u001b\[|ETA/);
    }
  });
});
