import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Packages whose code shapes generated values (faker's word lists); their exact versions go into every manifest. */
const DATA_PACKAGES = ['@faker-js/faker'] as const;

let cached: Readonly<Record<string, string>> | undefined;

/**
 * The installed version of every package that shapes data, read from its own
 * package.json (not the range in ours): faker says its values may change
 * between versions, so a snapshot records which one made it.
 * @example
 * dataPackages(); // → { '@faker-js/faker': '10.6.0' }
 */
export function dataPackages(): Readonly<Record<string, string>> {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = {};
  for (const name of DATA_PACKAGES) {
    let dir = dirname(require.resolve(name));
    // Walk up from the entry file to the package's own package.json.
    for (;;) {
      try {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (json.name === name && json.version) {
          versions[name] = json.version;
          break;
        }
      } catch {
        // no package.json at this level: keep walking up
      }
      const up = dirname(dir);
      if (up === dir) {
        versions[name] = 'unknown';
        break;
      }
      dir = up;
    }
  }
  return (cached = Object.freeze(versions));
}
