// The explore view of one snapshot: its manifest, verify report and charts.
// No imports: `esdh report` inlines this file as it is into one HTML file
// (with Chart.js), so it must stand alone. `Chart` is Chart.js's UMD global.

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

/** A new element with attributes and children (text or elements). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** A table of rows (arrays of cells) under a header. */
export function table(caption, header, rows, attributes = {}) {
  return el('table', attributes,
    caption ? el('caption', {}, caption) : [],
    el('thead', {}, el('tr', {}, header.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell) => el('td', {}, cell ?? ''))))));
}

function percent(x) {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

/**
 * Draw `view` (GET /snapshots/:id, or the data of `esdh report`) into `root`:
 * summary, verify table (pass rate per rule), files, and one canvas per
 * chart. Every chart is a Chart.js chart; the canvas carries
 * data-chart="<id>" so tests and readers can find it (Chart.getChart(canvas)).
 * @returns the Chart instances, by chart id
 */
export function renderSnapshot(root, view, ChartJs, options = {}) {
  root.replaceChildren();
  const { manifest, verify } = view;
  const prefix = options.idPrefix ?? 'snap';
  const counts = Object.entries(manifest.record_counts);
  const facts = el('dl', { class: 'facts' }, [
    ['Profile', manifest.profile], ['Dataset', manifest.dataset_version], ['Seed', manifest.seed], ['As of', manifest.as_of], ['Units', manifest.units],
    ['Formats', manifest.formats.join(', ')], ['Engine', `${manifest.engine.name} ${manifest.engine.version}`], ['Written', manifest.run?.generated_at ?? ''],
    ['Verify', verify.ok ? 'every rule passes' : 'FAILED'],
  ].map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, String(v)))));
  root.append(el('h2', {}, `Snapshot ${view.id}`), facts);
  facts.classList.toggle('failed', !verify.ok);

  if (!options.compact) root.append(table('Record counts', ['Entity', 'Records'], counts.map(([plural, n]) => [plural, String(n)]), { class: 'counts', 'data-table': 'counts' }));

  const charts = {};
  const grid = el('div', { class: 'charts' });
  root.append(el('h3', {}, 'Charts'), grid);
  for (const chart of view.charts) {
    const canvasId = `${prefix}-chart-${chart.id}`;
    const canvas = el('canvas', { id: canvasId, 'data-chart': chart.id, role: 'img', 'aria-label': `${chart.title}: ${chart.labels.length} bars from ${chart.source}` });
    grid.append(el('figure', { class: `chart chart-${chart.kind}` }, el('figcaption', {}, chart.title, el('span', { class: 'source' }, ` (${chart.source})`)), el('div', { class: 'canvas-box' }, canvas)));
    charts[chart.id] = new ChartJs(canvas, chartConfig(chart));
  }

  const rules = verify.rules.map((r) => [r.rule, String(r.checked), String(r.failed), percent(r.pass_rate), r.description]);
  const failing = verify.rules.filter((r) => r.failed > 0).length;
  root.append(el('details', { class: 'verify', open: failing > 0 || options.open === true },
    el('summary', {}, `Verify report: ${verify.rules.length} rules, ${failing} failing (pass rate per rule)`),
    table('', ['Rule', 'Checked', 'Failed', 'Pass rate', 'What it checks'], rules, { class: 'rules', 'data-table': 'rules' })));
  root.append(el('details', { class: 'files', open: options.open === true },
    el('summary', {}, `Files: ${view.files.length}`),
    table('', ['File', 'Format', 'Entity', 'Records', 'Bytes', 'SHA-256'], view.files.map((f) => [f.file, f.format, f.entity ?? '', String(f.records ?? ''), String(f.bytes), f.sha256.slice(0, 16) + '…']), { class: 'files', 'data-table': 'files' })));
  return charts;
}

/** The Chart.js config of one chart series: no animation (screenshots and tests see the final frame). */
export function chartConfig(chart) {
  const color = PALETTE[Math.abs(hash(chart.id)) % PALETTE.length];
  const line = chart.kind === 'line';
  return {
    type: line ? 'line' : 'bar',
    data: { labels: chart.labels, datasets: [{ label: chart.source, data: chart.values, backgroundColor: line ? color + '33' : color, borderColor: color, fill: line, tension: 0.2, barPercentage: chart.kind === 'histogram' ? 1 : 0.9, categoryPercentage: chart.kind === 'histogram' ? 1 : 0.8 }] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { autoSkip: chart.labels.length > 30, maxRotation: 60 } } },
    },
  };
}

function hash(text) {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
