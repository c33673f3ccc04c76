import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { esdhError, generateTypes, packageRoot, writeGeneratedFiles } from '../../../../engine/index.js';
import { displayPath } from '../format.js';
import { stringOption, type Command } from '../command.js';

/** `esdh codegen`: TypeScript types from JSON Schemas (json-schema-to-typescript). */
export const codegenCommand: Command = {
  name: 'codegen',
  summary: 'Generate TypeScript types from JSON Schema files (one .ts per *.schema.json, plus index.ts).',
  usage: 'esdh codegen [--schemas DIR] [--out DIR] [--check]',
  options: {
    schemas: { type: 'string', value: 'dir', help: 'folder of *.schema.json (default: ESDH\'s own schemas/)' },
    out: { type: 'string', value: 'dir', help: 'folder for the .ts files (default: ESDH\'s engine/generated/)' },
    check: { type: 'boolean', help: 'write nothing; exit 1 if the files on disk differ from what would be generated' },
  },
  details: ['Plugin authors: esdh codegen --schemas plugins/trip --out plugins/trip/generated (one <Title>.ts per <id>.schema.json, plus index.ts)'],
  async run(args, io) {
    const root = packageRoot();
    if (stringOption(args, 'schemas') && !stringOption(args, 'out')) {
      throw esdhError('ESDH_ERR_USAGE', '--schemas needs --out, the folder for the .ts files (e.g. --out plugins/trip/generated)', 'codegen');
    }
    if (!stringOption(args, 'schemas') && !existsSync(join(root, 'engine'))) {
      throw esdhError('ESDH_ERR_USAGE', "ESDH's own types ship compiled (import type { Person } from 'esdh'); for your plugin's schemas use --schemas <dir> --out <dir>", 'codegen');
    }
    const schemaDir = resolve(io.cwd, stringOption(args, 'schemas') ?? join(root, 'schemas'));
    const outDir = resolve(io.cwd, stringOption(args, 'out') ?? join(root, 'engine', 'generated'));
    if (!existsSync(schemaDir)) throw esdhError('ESDH_ERR_OPTION_INVALID', '--schemas', schemaDir, 'no such folder');
    const bannerRoot = stringOption(args, 'schemas') ? io.cwd : root;
    const files = await generateTypes(schemaDir, outDir, bannerRoot);
    if (args.values.check) {
      const stale = files.filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.content);
      io.stdout.write(stale.length ? `Out of date (run esdh codegen):\n${stale.map((f) => `  ${displayPath(f.path, io.cwd)}`).join('\n')}\n` : `Generated types are up to date (${files.length} files).\n`);
      return stale.length ? 1 : 0;
    }
    writeGeneratedFiles(files);
    io.stdout.write(`Wrote ${files.length} files to ${displayPath(outDir, io.cwd)}/\n`);
    return 0;
  },
};
