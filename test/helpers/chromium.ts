/**
 * The browser of the studio tests: Debian's Chromium driven by playwright-core
 * (no browser download). `ESDH_TEST_CHROMIUM` names it (.ci/run installs the
 * `chromium` package when missing and sets it); else /usr/bin/chromium is
 * used when there. Without one the browser tests skip with a note saying how
 * to install it, except under CI (`CI` set), where they fail: CI must never
 * skip them.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_VAR = 'ESDH_TEST_CHROMIUM';
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_SKIP_NOTE = `no Chromium found (${CHROMIUM_VAR} unset and no ${DEBIAN_CHROMIUM}): the studio browser tests are skipped. Install it with \`apt-get install -y chromium\` (or set ${CHROMIUM_VAR} to a Chromium binary) and run npm test again`;

/**
 * Flags for a closed network and a clean, quiet browser: no sandbox (CI
 * containers run as root), no GPU, no QUIC, no first-run, background
 * networking, component updates or sync.
 */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium binary, or undefined; throws when CI is set and there is none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env[CHROMIUM_VAR];
  if (named && existsSync(named)) return named;
  if (!named && existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (env.CI) throw new Error(`${named ? `${CHROMIUM_VAR}=${named} does not exist` : `${CHROMIUM_VAR} is not set and there is no ${DEBIAN_CHROMIUM}`}, and CI is: CI must run the studio browser tests, never skip them (.ci/run installs chromium and sets ${CHROMIUM_VAR})`);
  return undefined;
}

/** A running headless Chromium: one context on a fresh temporary profile; `close` removes it. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launch headless Chromium on a fresh temporary --user-data-dir. */
export async function launchChromium(executablePath: string, options: { viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'esdh-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      acceptDownloads: true,
      viewport: options.viewport ?? { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
