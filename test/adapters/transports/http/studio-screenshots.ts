/**
 * `npm run screenshots`: the README's pictures of the studio
 * (docs/images/studio-generate.png, studio-explore.png, studio-compare.png),
 * taken by the same headless Chromium and fixture as the browser tests, so
 * they show what the tests check. Not a test (mocha runs *.test.js only).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../../adapters/transports/http/server.js';
import { chromiumPath, CHROMIUM_SKIP_NOTE, launchChromium } from '../../../helpers/chromium.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { studioFixture } from './studio-fixture.js';

async function main(): Promise<void> {
  const executable = chromiumPath();
  if (!executable) throw new Error(CHROMIUM_SKIP_NOTE);
  const out = join(packageRoot(), 'docs', 'images');
  mkdirSync(out, { recursive: true });
  const fixture = await studioFixture();
  const server = await startServer(fixture.engine, { host: '127.0.0.1', port: 0 });
  const browser = await launchChromium(executable, { viewport: { width: 1360, height: 1000 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/#generate`);
    await page.waitForFunction(() => (globalThis as unknown as { esdhStudio?: { ready: boolean } }).esdhStudio?.ready === true);
    await page.selectOption('#g-profile', 'book');
    await page.fill('#g-records', '5');
    await page.fill('#g-seed', '42');
    await page.click('#g-submit');
    await page.waitForSelector('#preview table[data-entity=accounts]');
    await page.screenshot({ path: join(out, 'studio-generate.png') });

    await page.setViewportSize({ width: 1360, height: 1500 });
    await page.click('#tab-explore');
    await page.selectOption('#e-snapshot', fixture.runs[1]);
    await page.click('#explore-form button[type=submit]');
    await page.waitForFunction((id) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('status')?.textContent?.startsWith(`Opened ${id}:`), fixture.runs[1]);
    await page.screenshot({ path: join(out, 'studio-explore.png') });

    await page.click('#tab-compare');
    await page.selectOption('#c-left', fixture.runs[0]);
    await page.selectOption('#c-right', fixture.runs[1]);
    await page.click('#compare-form button[type=submit]');
    await page.waitForFunction((ids) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('status')?.textContent === `Compared ${ids[0]} with ${ids[1]}.`, fixture.runs);
    await page.screenshot({ path: join(out, 'studio-compare.png') });
    console.log(`wrote ${['studio-generate.png', 'studio-explore.png', 'studio-compare.png'].map((f) => join('docs/images', f)).join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
    await fixture.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
