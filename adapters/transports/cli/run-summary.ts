import { dirname } from 'node:path';
import type { RunPlan, RunResult, TempFolder } from '../../../engine/index.js';
import type { CliIO } from './command.js';
import { displayPath, formatBytes, table } from './format.js';

/** What a finished run prints: where, what, which seed, the marker. */
export function runSummary(result: RunResult, plan: RunPlan, io: CliIO, pruned = 0, reclaimed: readonly TempFolder[] = []): string {
  const { manifest } = result;
  const rows = manifest.artifacts.map((a) => [a.file, a.records ? `${a.records} records` : '', formatBytes(a.bytes)]);
  const counts = Object.entries(manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `Wrote ${displayPath(result.dir, io.cwd)}/ (profile ${plan.profile}, ${manifest.run.duration_ms} ms)`,
    table(rows).trimEnd(),
    `records:          ${counts}`,
    `seed:             ${manifest.seed} (${plan.seedSource === 'random' ? 'random: pass --seed ' + manifest.seed + ' to repeat' : plan.seedSource})`,
    `as_of:            ${manifest.as_of}`,
    ...(manifest.where?.length ? [`where:            ${manifest.where.join(',')} (every unit meets these terms)`] : []),
    ...(manifest.shard ? [`shard:            ${manifest.shard.index} of ${manifest.shard.count} (units ${manifest.shard.unit_start} to ${manifest.shard.unit_end - 1} of ${manifest.shard.run_units}); join the shards with: npx esdh merge <shard folders...> --out <folder>`] : []),
    ...((manifest.run.workers ?? 1) > 1 ? [`workers:          ${manifest.run.workers}`] : []),
    `synthetic_source: ${manifest.synthetic_source}`,
    ...(pruned ? [`pruned:           ${pruned} older run(s), keeping the newest`] : []),
    ...(reclaimed.length ? [`reclaimed:        ${reclaimed.length} temporary folder(s) that stopped runs left in ${displayPath(dirname(reclaimed[0]!.path), io.cwd) || '.'} (${formatBytes(reclaimed.reduce((sum, t) => sum + t.bytes, 0))})`] : []),
    ...(result.signature ? [`signed:           ${displayPath(result.signature, io.cwd)} (Ed25519 over the manifest's bytes)`] : []),
    `verify with:      npx esdh verify ${result.signature ? '--public-key <your .pub> ' : ''}${displayPath(result.dir, io.cwd)}`,
    '',
  ].join('\n');
}
