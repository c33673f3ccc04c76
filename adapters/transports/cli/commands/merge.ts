import { resolve } from 'node:path';
import { esdhError, type Engine } from '../../../../engine/index.js';
import { stringOption, type Command } from '../command.js';
import { engineFor } from '../engine-for.js';
import { displayPath, formatBytes, table } from '../format.js';
import { PUBLIC_KEY_OPTION, publicKeyOption, SIGN_KEY_OPTION, signKeyOption } from '../key-options.js';
import { createProgress } from '../progress.js';

/** `esdh merge <shard dirs...> --out <dir>`: the shards of one run → the snapshot a single run writes. */
export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Join the shards of one run (esdh run --shard k/N) into the snapshot a single run would write.',
  usage: 'esdh merge <shard-dir> <shard-dir>... --out <dir> [--quiet] [--sign-key FILE] [--public-key FILE]',
  positionals: true,
  options: {
    out: { type: 'string', short: 'o', value: 'dir', help: 'snapshot folder to create; must not exist' },
    quiet: { type: 'boolean', short: 'q', help: 'print only the snapshot folder (no progress)' },
    'sign-key': SIGN_KEY_OPTION,
    'public-key': { ...PUBLIC_KEY_OPTION, help: "every shard's manifest must be signed with this Ed25519 public key (<name>.pub of esdh keys new), else nothing is merged" },
  },
  details: [
    'The data files are byte for byte those of the unsharded run; the manifest lists the shards under merged_from.',
    'Shards may be given in any order. Refused: folders that are not shards (ESDH_ERR_SHARD_INVALID), shards of',
    'different runs (ESDH_ERR_SHARD_MISMATCH: seed, as_of, versions, formats...), and missing or repeated shards',
    '(ESDH_ERR_SHARD_COVERAGE). Every shard file is checked against its manifest while it is read.',
    '',
    'Example:',
    '  for k in 1 2 3 4; do esdh run --records 1000000 --seed 7 --shard $k/4 --out /tmp/s$k; done',
    '  esdh merge /tmp/s1 /tmp/s2 /tmp/s3 /tmp/s4 --out /tmp/all',
  ],
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (!out) throw esdhError('ESDH_ERR_USAGE', 'merge needs --out <dir>, the snapshot folder to create', 'merge');
    if (args.positionals.length === 0) throw esdhError('ESDH_ERR_USAGE', 'merge needs the shard folders to join', 'merge');
    const progress = createProgress({ stream: io.stderr, quiet: args.values.quiet === true, noun: 'MB' });
    let result: Awaited<ReturnType<Engine['merge']>>;
    try {
      result = await (await engineFor(args, io)).merge(args.positionals.map((d) => resolve(io.cwd, d)), {
        out: resolve(io.cwd, out),
        signal: io.signal,
        onProgress: (p) => progress.update({ unitsDone: Math.round(p.bytesDone / 1e6), unitsTotal: Math.round(p.bytesTotal / 1e6) }),
        ...signKeyOption(args, io.cwd),
        ...publicKeyOption(args, io.cwd),
      });
    } finally {
      progress.finish();
    }
    const { manifest } = result;
    if (args.values.quiet) {
      io.stdout.write(result.dir + '\n');
      return 0;
    }
    const rows = manifest.artifacts.map((a) => [a.file, a.records ? `${a.records} records` : '', formatBytes(a.bytes)]);
    io.stdout.write([
      `Merged ${manifest.merged_from.length} shards into ${displayPath(result.dir, io.cwd)}/ (${manifest.units} units, ${manifest.run.duration_ms} ms)`,
      table(rows).trimEnd(),
      `records:          ${Object.entries(manifest.record_counts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `seed:             ${manifest.seed}`,
      `as_of:            ${manifest.as_of}`,
      ...(result.signature ? [`signed:           ${displayPath(result.signature, io.cwd)} (Ed25519 over the manifest's bytes)`] : []),
      `verify with:      npx esdh verify ${result.signature ? '--public-key <your .pub> ' : ''}${displayPath(result.dir, io.cwd)}`,
      '',
    ].join('\n'));
    return 0;
  },
};
