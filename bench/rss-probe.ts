/**
 * Preloaded (`node --import`) into a benchmarked child when GNU time is not
 * available: at exit, writes the process's peak RSS in kB (all threads) to
 * the file named by ESDH_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.ESDH_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    // resourceUsage().maxRSS is in kilobytes.
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
