/** `esdh report <dir> --out report.html`: one self-contained file (nothing fetched), the explore view's data inside. */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SnapshotView } from '../../../../../adapters/transports/http/snapshot-view.js';
import { esdh } from '../../../../helpers/cli.js';
import { newEngine } from '../../../../helpers/engine.js';
import { useTempDirs } from '../../../../helpers/temp-dir.js';

/** The only URLs in a report: the licence banners Chart.js's UMD build carries (comments, never fetched). */
const BANNER_URLS = ['https://www.chartjs.org', 'https://github.com/kurkle/color#readme'];

describe('esdh report', () => {
  const tempDir = useTempDirs('esdh-report-');

  it('writes one self-contained HTML file: styles, Chart.js, the charts module and the data inline, no URL to fetch', async () => {
    const dir = tempDir();
    const snap = join(dir, 'snap');
    const engine = await newEngine();
    await engine.run({ profile: 'book', records: 8, seed: 3, entities: ['account', 'person', 'vehicle', 'profile', 'policy', 'policy_driver', 'policy_vehicle', 'coverage', 'claim'], formats: ['csv'], out: snap });
    const { code, stdout, stderr } = await esdh(['report', snap, '--out', 'report.html'], dir);
    expect(stderr).to.equal('');
    expect(code).to.equal(0);
    expect(stdout).to.match(/report\.html: 9 charts, \d+ rules\n$/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // Nothing that loads from elsewhere: no src/href attributes, no <link>, no module imports, no url(...) in styles.
    expect(html).not.to.match(/\s(src|href)\s*=/i);
    expect(html).not.to.match(/<link\b/i);
    expect(html).not.to.match(/^\s*import\s/m);
    expect(/<style>([\s\S]*?)<\/style>/.exec(html)![1]).not.to.match(/url\(|@import/i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'`)<>]+/g)].map((m) => m[0]);
    expect([...new Set(urls)].sort()).to.deep.equal([...BANNER_URLS].sort());
    // Every <script> is inline; the data parses back to the view.
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!.trim());
    expect(scripts).to.deep.equal(['type="application/json" id="esdh-data"', '', 'type="module"']);
    expect(html).to.include(readFileSync(join('node_modules', 'chart.js', 'dist', 'chart.umd.js'), 'utf8').slice(0, 2000));
    const data = /<script type="application\/json" id="esdh-data">([^<]*)<\/script>/.exec(html)![1]!;
    const view = JSON.parse(data) as SnapshotView;
    expect(view.id).to.equal('snap');
    expect(view.verify.ok).to.equal(true);
    expect(view.charts.map((c) => c.id)).to.include.members(['ages', 'states', 'coverages', 'premiums', 'claim_causes', 'claim_months']);
    expect(html).not.to.include(dir);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).to.deep.equal([]);
  });

  it('a folder that is not a snapshot: the usual error, and no file written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-snapshot.txt'), 'x');
    const { code, stderr } = await esdh(['report', dir, '--out', join(dir, 'r.html')], dir);
    expect(code).not.to.equal(0);
    expect(stderr).to.include('ESDH_ERR_SNAPSHOT_UNREADABLE');
    expect(existsSync(join(dir, 'r.html'))).to.equal(false);
  });

  it('takes exactly one folder', async () => {
    const { code, stderr } = await esdh(['report'], tempDir());
    expect(code).to.equal(2);
    expect(stderr).to.include('report takes exactly one snapshot folder');
  });
});
