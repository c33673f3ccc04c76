import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartJsPath, studioDir } from './studio-files.js';
import type { SnapshotView } from './snapshot-view.js';

/** Text safe inside a <script> element: no `</script` or `<!--` can end or confuse it (same meaning in JS strings and code). */
function scriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The explore view of one snapshot as one self-contained HTML file: the
 * studio's stylesheet, Chart.js (its UMD build, licence banner kept), the
 * studio's charts.js module and the view's data are all inlined; nothing is
 * fetched, so it opens offline (file://) with every chart drawn. Charts are
 * also on `window.esdhReport.charts` (by chart id) for tests.
 */
export function reportHtml(view: SnapshotView, generatedBy: string): string {
  const dir = studioDir();
  const css = readFileSync(join(dir, 'studio.css'), 'utf8');
  const charts = readFileSync(join(dir, 'charts.js'), 'utf8');
  const chartJs = readFileSync(chartJsPath(), 'utf8');
  const data = JSON.stringify(view).replace(/</g, '\\u003c');
  const title = `ESDH report: ${view.id}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${css.replace(/<\/(style)/gi, '<\\/$1')}
</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(title)}</h1><p class="status">${escapeHtml(generatedBy)}</p></header>
<main><div id="explore" class="snapshot"></div></main>
<script type="application/json" id="esdh-data">${data}</script>
<script>
${scriptText(chartJs)}
</script>
<script type="module">
${scriptText(charts)}
const view = JSON.parse(document.getElementById('esdh-data').textContent);
window.esdhReport = { charts: renderSnapshot(document.getElementById('explore'), view, window.Chart, { idPrefix: 'report', open: true }) };
</script>
</body>
</html>
`;
}
