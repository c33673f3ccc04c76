/**
 * The studio in a real browser: Debian's Chromium, headless, driven by
 * playwright-core, on a server of our own at 127.0.0.1 with every other
 * request blocked. One browser for the file, one page reused across the
 * views; small runs. Without Chromium the suite skips with a note (fails under CI).
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { reportHtml } from '../../../../adapters/transports/http/report-html.js';
import { startServer, type RunningServer } from '../../../../adapters/transports/http/server.js';
import { snapshotView, type SnapshotView } from '../../../../adapters/transports/http/snapshot-view.js';
import { chromiumPath, CHROMIUM_SKIP_NOTE, launchChromium, type TestBrowser } from '../../../helpers/chromium.js';
import { packageRoot } from '../../../helpers/package-root.js';
import { studioFixture, type StudioFixture } from './studio-fixture.js';

/** The few DOM shapes the page-side functions use (the tests compile without the DOM lib; casts are erased). */
interface CanvasLike { dataset: Record<string, string | undefined>; width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null }
interface Page$ {
  document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): { textContent: string | null } | null; getElementById(id: string): { textContent: string | null } | null; activeElement: { id: string } | null; cookie: string };
  sessionStorage: { getItem(key: string): string | null };
  localStorage: { length: number };
  Chart: { getChart(canvas: CanvasLike): { data: { labels: string[]; datasets: { data: number[] }[] } } | undefined };
}
interface FieldLike { id: string; name: string; labels: { length: number } | null; getAttribute(name: string): string | null }

/** What a chart on the page holds and shows: its Chart.js data and how much of its canvas is painted. */
interface DrawnChart {
  readonly id: string;
  readonly labels: string[];
  readonly values: number[];
  /** Share of the canvas's pixels that are not transparent. */
  readonly painted: number;
}

/** Every chart under `selector`: read from Chart.js itself and from the canvas pixels. */
function drawnCharts(page: Page, selector: string): Promise<DrawnChart[]> {
  return page.$$eval(`${selector} canvas[data-chart]`, (canvases) => canvases.map((canvas) => {
    const c = canvas as unknown as CanvasLike;
    const chart = (globalThis as unknown as Page$).Chart.getChart(c);
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
    return { id: c.dataset.chart!, labels: chart?.data.labels ?? [], values: chart?.data.datasets[0]?.data ?? [], painted: painted / (pixels.length / 4) };
  }));
}

function expectDrawn(charts: DrawnChart[], expected: readonly SnapshotView['charts'][number][]): void {
  expect(charts.map((c) => c.id)).to.deep.equal(expected.map((c) => c.id));
  for (const [i, chart] of charts.entries()) {
    expect(chart.values, chart.id).to.deep.equal(expected[i]!.values);
    expect(chart.labels, chart.id).to.deep.equal(expected[i]!.labels);
    expect(chart.values.reduce((a, b) => a + b, 0), chart.id).to.be.greaterThan(0);
    // Axes, ticks and bars: a drawn chart paints a good part of its canvas; an empty one paints nothing.
    expect(chart.painted, chart.id).to.be.greaterThan(0.02);
  }
}

function cells(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => Array.from((r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells).map((c) => c.textContent ?? '')));
}

const run = promisify(execFile);

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { esdhStudio?: { ready: boolean } }).esdhStudio?.ready === true);
}

describe('studio in a real browser (Chromium, headless)', function () {
  this.timeout(120_000);
  let fixture: StudioFixture | undefined;
  let server: RunningServer | undefined;
  let keyed: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  const outside: string[] = [];
  const pageErrors: string[] = [];
  const body = { profile: 'book', records: 4, seed: 42, as_of: '2025-11-01' };

  before(async function () {
    const executable = chromiumPath();
    if (!executable) {
      console.log(`      ${CHROMIUM_SKIP_NOTE}`);
      this.skip();
    }
    fixture = await studioFixture({ records: [12, 16] });
    server = await startServer(fixture.engine, { host: '127.0.0.1', port: 0 });
    browser = await launchChromium(executable!);
    // The machine's network is closed anyway: anything but our server and file:// is refused, and noted.
    await browser.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'file:' || url.hostname === '127.0.0.1') return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/`);
    await waitReady(page);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await keyed?.close();
    await fixture?.cleanup();
  });

  async function api(path: string, payload: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
    expect(res.status).to.equal(200);
    return (await res.json()) as Record<string, unknown>;
  }

  it('generate: the preview rows are the API\'s records for the same seed; the CLI and curl commands reproduce them', async () => {
    await page.selectOption('#g-profile', 'book');
    await page.fill('#g-records', '4');
    await page.fill('#g-seed', '42');
    await page.click('#g-submit');
    await page.waitForSelector('#preview table[data-entity=coverages]');
    const expected = await api('/generate/bundle', body);
    const plurals = ['accounts', 'persons', 'vehicles', 'profiles', 'policies', 'policy_drivers', 'policy_vehicles', 'coverages', 'claims', 'claim_exposures', 'claim_transactions'];
    await expectPreview(expected, plurals);
    expect(await page.inputValue('#g-cli')).to.equal('esdh run --profile book --records 4 --seed 42 --as-of 2025-11-01 --entities account,person,vehicle,profile,policy,policy_driver,policy_vehicle,coverage,claim,claim_exposure,claim_transaction --format csv');
    const curl = await page.inputValue('#g-curl');
    expect(curl).to.equal(`curl -s -X POST ${server!.url}/generate/bundle -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`);
    // Run asynchronously: the server answering it lives in this process.
    expect(JSON.parse((await run('sh', ['-c', curl])).stdout)).to.deep.equal(expected);

    // The where field (and the state) go into both commands and the request: every previewed account meets them.
    await page.selectOption('#g-state', 'AZ');
    await page.fill('#g-where', 'claims>=1,vehicle.body_style=Pickup');
    expect(await page.inputValue('#g-cli')).to.include("--where 'state=AZ,claims>=1,vehicle.body_style=Pickup' --format csv");
    expect(await page.inputValue('#g-curl')).to.include('"where":"state=AZ,claims>=1,vehicle.body_style=Pickup"');
    const targeted = await api('/generate/bundle', { ...body, where: 'state=AZ,claims>=1,vehicle.body_style=Pickup' });
    await page.click('#g-submit');
    const firstId = (targeted.accounts as { account_id: string }[])[0]!.account_id;
    await page.waitForFunction((id) => (globalThis as unknown as Page$).document.querySelector('#preview table[data-entity=accounts] tbody tr > :first-child')?.textContent === id, firstId);
    await expectPreview(targeted, plurals);
    const accounts = targeted.accounts as { account_id: string; state: string }[];
    expect(accounts.map((a) => a.state)).to.deep.equal(accounts.map(() => 'AZ'));
    const claimed = new Set((targeted.claims as { policy_id: string }[]).map((c) => (targeted.policies as { policy_id: string; account_id: string }[]).find((p) => p.policy_id === c.policy_id)!.account_id));
    expect([...claimed].sort(), 'every account has a claim').to.deep.equal(accounts.map((a) => a.account_id).sort());
    expect(JSON.parse((await run('sh', ['-c', await page.inputValue('#g-curl')])).stdout)).to.deep.equal(targeted);
    // A term no plugin can meet: the page shows the API's message, and no preview.
    const logged = pageErrors.length;
    await page.fill('#g-where', 'claims>=5000');
    await page.click('#g-submit');
    await page.waitForFunction(() => /ESDH_ERR_WHERE_IMPOSSIBLE.*claims>=5000/.test((globalThis as unknown as Page$).document.querySelector('#status')?.textContent ?? ''));
    // The browser logs the 400 it was given on purpose; nothing else may be logged (the last test checks).
    expect(pageErrors.splice(logged)).to.deep.equal(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await page.selectOption('#g-state', '');
    await page.fill('#g-where', '');
    expect(await page.inputValue('#g-curl')).not.to.include('where');
  });

  /** The preview shows each entity's first rows, cell by cell as the API gave them (empty entities: an empty table or none). */
  async function expectPreview(expected: Record<string, unknown>, plurals: readonly string[]): Promise<void> {
    const shown = await page.$$eval('#preview table[data-entity]', (tables) => tables.map((t) => (t as unknown as CanvasLike).dataset.entity));
    expect(shown).to.deep.equal(plurals.filter((p) => shown.includes(p)));
    for (const plural of plurals) {
      const records = expected[plural] as Record<string, unknown>[];
      if (records.length === 0) continue;
      expect(shown, plural).to.include(plural);
      const fields = Object.keys(records[0]!);
      expect(await page.$$eval(`#preview table[data-entity=${plural}] thead th`, (ths) => ths.map((th) => th.textContent))).to.deep.equal(fields);
      expect(await cells(page, `#preview table[data-entity=${plural}]`), plural).to.deep.equal(records.slice(0, 10).map((r) => fields.map((f) => (r[f] === null || r[f] === undefined ? '' : String(r[f])))));
    }
  }

  it('generate: entities other than the profile\'s are asked for one route each', async () => {
    await page.selectOption('#g-profile', 'baseline');
    await page.fill('#g-records', '3');
    await page.uncheck('#g-entities input[value=profile]');
    await page.uncheck('#g-entities input[value=vehicle]');
    await page.click('#g-submit');
    await page.waitForFunction(() => (globalThis as unknown as Page$).document.querySelectorAll('#preview table[data-entity]').length === 1);
    const expected = (await api('/generate/person', { profile: 'baseline', records: 3, seed: 42, as_of: '2025-11-01' })).persons as Record<string, unknown>[];
    expect((await cells(page, '#preview table[data-entity=persons]')).map((row) => row[0])).to.deep.equal(expected.map((p) => p.person_id));
    expect(await page.inputValue('#g-curl')).to.include('/generate/person ');
  });

  it('download: the CSV and SQLite files the page saves are the bytes esdh run writes for the same options', async () => {
    await page.selectOption('#g-profile', 'book');
    await page.fill('#g-records', '4');
    await page.fill('#g-seed', '42');
    await page.selectOption('#d-format', 'csv');
    await page.selectOption('#d-entity', 'vehicle');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#d-button')]);
    expect(csv.suggestedFilename()).to.equal('vehicles_v0_1.csv');
    // The page's CLI command, run as it reads (with an --out), writes the same file.
    const cli = await page.inputValue('#g-cli');
    expect(cli).to.match(/^esdh run --profile book --records 4 --seed 42 --as-of 2025-11-01 --entities \S+ --format csv$/);
    const out = join(fixture!.root, 'same-run');
    await run('sh', ['-c', `${cli.replace(/^esdh /, `'${process.execPath}' '${join(packageRoot(), 'bin', 'esdh.js')}' `)} --quiet --out '${out}'`], { cwd: fixture!.root, env: { PATH: process.env.PATH } });
    expect(readFileSync((await csv.path())!).equals(readFileSync(join(out, 'vehicles_v0_1.csv')))).to.equal(true);

    await page.selectOption('#d-format', 'sqlite');
    expect(await page.isDisabled('#d-entity')).to.equal(true);
    const [sqlite] = await Promise.all([page.waitForEvent('download'), page.click('#d-button')]);
    expect(sqlite.suggestedFilename()).to.equal('snapshot_v0_1.db');
    const db = new Database((await sqlite.path())!, { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).to.equal(4);
      const ids = (db.prepare('SELECT vehicle_id FROM vehicles ORDER BY rowid').all() as { vehicle_id: string }[]).map((r) => r.vehicle_id);
      expect(ids).to.deep.equal(readFileSync(join(out, 'vehicles_v0_1.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]));
    } finally {
      db.close();
    }
  });

  it('explore: every chart of a run is drawn with the data GET /snapshots/:id gives; the verify table has every rule', async () => {
    await page.click('#tab-explore');
    await page.selectOption('#e-snapshot', fixture!.runs[0]);
    await page.click('#explore-form button[type=submit]');
    await page.waitForFunction((id) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('status')?.textContent?.startsWith(`Opened ${id}:`), fixture!.runs[0]);
    const view = (await (await fetch(`${server!.url}/snapshots/${fixture!.runs[0]}`)).json()) as SnapshotView;
    expect(view.charts.map((c) => c.id)).to.include.members(['ages', 'states', 'makes', 'model_years', 'lob', 'coverages', 'premiums', 'claim_causes', 'claim_months']);
    expectDrawn(await drawnCharts(page, '#explore'), view.charts);
    const rules = await cells(page, '#explore table[data-table=rules]');
    expect(rules.map((r) => r[0])).to.deep.equal(view.verify.rules.map((r) => r.rule));
    expect(rules.every((r) => r[3] === '100.0%')).to.equal(true);
    expect(await page.textContent('#explore dl.facts')).to.include('every rule passes');
  });

  it('compare: both runs\' charts side by side, and the record counts and files that differ', async () => {
    await page.click('#tab-compare');
    await page.selectOption('#c-left', fixture!.runs[0]);
    await page.selectOption('#c-right', fixture!.runs[1]);
    await page.click('#compare-form button[type=submit]');
    await page.waitForFunction((ids) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('status')?.textContent === `Compared ${ids[0]} with ${ids[1]}.`, fixture!.runs);
    const counts = await cells(page, '#compare-diff table[data-table=count-diff]');
    expect(counts[0]).to.deep.equal(['accounts', '12', '16', '+4']);
    const files = new Map((await cells(page, '#compare-diff table[data-table=file-diff]')).map((r) => [r[0], r[3]]));
    expect(files.get('snapshot_v0_1.db')).to.equal('only left');
    expect(files.get('accounts_v0_1.parquet')).to.equal('only right');
    expect(files.get('accounts_v0_1.csv')).to.equal('differs');
    for (const [side, id] of [['left', fixture!.runs[0]], ['right', fixture!.runs[1]]] as const) {
      const view = (await (await fetch(`${server!.url}/snapshots/${id}`)).json()) as SnapshotView;
      expectDrawn(await drawnCharts(page, `#compare-${side}`), view.charts);
    }
  });

  it('keyboard: every field has a label, the tabs move with the arrow keys, the form submits with Enter', async () => {
    const unlabelled = await page.$$eval('input, select, textarea', (fields) => fields
      .map((f) => f as unknown as FieldLike)
      .filter((f) => f.labels?.length === 0 && !f.getAttribute('aria-label'))
      .map((f) => f.id || f.name));
    expect(unlabelled).to.deep.equal([]);
    await page.focus('#tab-compare');
    await page.keyboard.press('ArrowRight');
    expect(await page.isVisible('#view-generate')).to.equal(true);
    expect(await page.evaluate(() => (globalThis as unknown as Page$).document.activeElement?.id)).to.equal('tab-generate');
    await page.keyboard.press('ArrowRight');
    expect(await page.isVisible('#view-explore')).to.equal(true);
    await page.keyboard.press('ArrowLeft');
    await page.focus('#g-records');
    await page.fill('#g-records', '2');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (globalThis as unknown as Page$).document.querySelector('#preview caption')?.textContent?.includes('of 2'));
  });

  it('with an API key: the page asks for it, keeps it in sessionStorage only, and sends it with each call', async () => {
    keyed = await startServer(fixture!.engine, { host: '127.0.0.1', port: 0, apiKey: 'studio-key-7' });
    const other = await browser!.context.newPage();
    try {
      await other.goto(`${keyed.url}/`);
      await other.waitForFunction(() => (globalThis as unknown as Page$).document.getElementById('status')?.textContent?.includes('needs an API key'));
      await other.fill('#api-key', 'studio-key-7');
      await other.click('#key-form button');
      await waitReady(other);
      expect(await other.evaluate(() => { const g = globalThis as unknown as Page$; return { session: g.sessionStorage.getItem('esdh.apiKey'), local: g.localStorage.length, cookie: g.document.cookie }; })).to.deep.equal({ session: 'studio-key-7', local: 0, cookie: '' });
      await other.fill('#g-records', '2');
      await other.click('#g-submit');
      await other.waitForSelector('#preview table[data-entity=persons]');
      expect(await other.inputValue('#g-curl')).to.include('-H "X-API-Key: $ESDH_API_KEY"').and.not.include('studio-key-7');
    } finally {
      await other.close();
    }
  });

  it('esdh report\'s file opens offline (file://, network off) with every chart drawn', async () => {
    const view = await snapshotView(fixture!.engine, fixture!.runs[1], join(fixture!.runsDir, fixture!.runs[1]));
    const file = join(fixture!.root, 'report.html');
    writeFileSync(file, reportHtml(view, 'test'));
    const offline = await browser!.context.newPage();
    const requests: string[] = [];
    offline.on('request', (request) => requests.push(request.url()));
    await browser!.context.setOffline(true);
    try {
      await offline.goto(pathToFileURL(file).href);
      await offline.waitForFunction(() => (globalThis as unknown as { esdhReport?: unknown }).esdhReport !== undefined);
      expectDrawn(await drawnCharts(offline, '#explore'), view.charts);
      expect(requests).to.deep.equal([pathToFileURL(file).href]);
    } finally {
      await browser!.context.setOffline(false);
      await offline.close();
    }
  });

  it('nothing left the machine, and the pages logged no error (a CSP violation would be one)', () => {
    expect(outside).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });
});
