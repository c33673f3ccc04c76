import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../../engine/index.js';

/** The studio's own files (HTML, CSS, ES modules), shipped in the package as they are: no build step. */
export function studioDir(): string {
  return join(packageRoot(), 'adapters', 'transports', 'http', 'studio');
}

/** Chart.js's UMD build from node_modules (the package exports no subpath to it: found beside its main file). */
export function chartJsPath(): string {
  const require = createRequire(join(packageRoot(), 'package.json'));
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

/** One static file: its bytes and content type. */
export interface StudioFile {
  readonly body: Buffer;
  readonly type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Every file the studio serves, by URL path: `/studio/<name>` for each file
 * of the studio folder, `/studio/vendor/chart.umd.js`, and `/` for
 * index.html. Read once; nothing else on disk can be asked for.
 */
export function studioFiles(): ReadonlyMap<string, StudioFile> {
  const files = new Map<string, StudioFile>();
  const dir = studioDir();
  for (const name of readdirSync(dir)) {
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (type) files.set(`/studio/${name}`, { body: readFileSync(join(dir, name)), type });
  }
  files.set('/studio/vendor/chart.umd.js', { body: readFileSync(chartJsPath()), type: TYPES['.js']! });
  const index = files.get('/studio/index.html');
  if (index) {
    files.set('/', index);
    files.set('/studio', index);
    files.set('/studio/', index);
  }
  return files;
}
