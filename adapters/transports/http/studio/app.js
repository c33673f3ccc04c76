// The ESDH studio: generate, explore a snapshot, compare two. Plain ES
// modules on the public API (/profiles, /entities, /schemas, /generate,
// /download, /snapshots); Chart.js is the global the vendor script defines.
import { api, ApiError, apiKey, setApiKey } from './api.js';
import { el, renderSnapshot, table } from './charts.js';

const $ = (id) => document.getElementById(id);
/** Rows of each entity shown in the preview. */
const PREVIEW_ROWS = 10;
/** Formats whose download is one file per entity. */
const PER_ENTITY = new Set(['csv', 'ndjson', 'parquet']);

/** What tests (and curious readers) can look at: the last generate answer and the charts drawn. */
const studio = { ready: false, generated: null, charts: {} };
window.esdhStudio = studio;

let profiles = [];
let entities = [];

function status(text, kind = 'info') {
  const line = $('status');
  line.textContent = text;
  line.dataset.kind = kind;
}

function showError(error) {
  if (error instanceof ApiError && error.status === 401) status('This server needs an API key: enter it above and press "Use key".', 'error');
  else status(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error.message ?? error), 'error');
}

// ---- tabs -------------------------------------------------------------

const TABS = ['generate', 'explore', 'compare'];

function selectTab(name, focus = false) {
  for (const tab of TABS) {
    const button = $(`tab-${tab}`);
    const selected = tab === name;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`view-${tab}`).hidden = !selected;
    if (selected && focus) button.focus();
  }
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  // A view opened for the first time shows the selected snapshot(s) at once.
  if (studio.ready && name === 'explore' && !$('explore').hasChildNodes()) explore();
  if (studio.ready && name === 'compare' && !$('compare-diff').hasChildNodes()) compare();
}

for (const [i, tab] of TABS.entries()) {
  const button = $(`tab-${tab}`);
  button.addEventListener('click', () => selectTab(tab));
  button.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) selectTab(TABS[(i + step + TABS.length) % TABS.length], true);
  });
}

// ---- the API key ------------------------------------------------------

$('api-key').value = apiKey();
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  setApiKey($('api-key').value.trim());
  $('key-state').textContent = apiKey() ? 'key kept for this tab' : 'no key';
  init();
});

// ---- generate ---------------------------------------------------------

function selectedProfile() {
  return profiles.find((p) => p.name === $('g-profile').value);
}

function checkedEntities() {
  return [...document.querySelectorAll('#g-entities input[type=checkbox]:checked')].map((c) => c.value);
}

/** Fill the form with a profile's defaults: records, seed, as_of, entities. */
function applyProfile() {
  const profile = selectedProfile();
  if (!profile) return;
  $('g-records').value = String(Math.min(profile.records, 50));
  $('g-seed').value = profile.randomize ? 'random' : String(profile.seed);
  $('g-asof').value = profile.as_of;
  for (const box of document.querySelectorAll('#g-entities input[type=checkbox]')) box.checked = profile.entities.includes(box.value);
  updateCommands();
}

/** The generate body of the form (what /generate and /download get). */
function requestBody() {
  const body = { profile: $('g-profile').value };
  const records = $('g-records').value.trim();
  if (records) body.records = /^\d+$/.test(records) ? Number(records) : records;
  const seed = $('g-seed').value.trim();
  if (seed) body.seed = /^\d+$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
  if ($('g-asof').value) body.as_of = $('g-asof').value;
  if ($('g-lob').value) body.lob = $('g-lob').value;
  const where = whereText();
  if (where) body.where = where;
  return body;
}

/** The where terms: the state select's `state=XX`, then the where field. */
function whereText() {
  return [$('g-state').value ? `state=${$('g-state').value}` : '', $('g-where').value.trim()].filter(Boolean).join(',');
}

/** One request for every entity when they are the profile's own (the bundle), else one per entity. */
function generateRoutes() {
  const chosen = checkedEntities();
  const profile = selectedProfile();
  const same = profile && chosen.length === profile.entities.length && chosen.every((e) => profile.entities.includes(e));
  return same ? ['bundle'] : chosen;
}

function shellQuote(text) {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

function updateCommands() {
  const body = requestBody();
  const format = $('d-format').value || 'csv';
  const cli = ['esdh', 'run', '--profile', body.profile];
  if (body.records !== undefined) cli.push('--records', String(body.records));
  if (body.seed === 'random') cli.push('--randomize');
  else if (body.seed !== undefined) cli.push('--seed', String(body.seed));
  if (body.as_of) cli.push('--as-of', body.as_of);
  if (body.lob) cli.push('--lob', body.lob);
  const chosen = checkedEntities();
  if (chosen.length) cli.push('--entities', chosen.join(','));
  if (body.where) cli.push('--where', body.where);
  cli.push('--format', format);
  $('g-cli').value = cli.map(shellQuote).join(' ');
  const key = apiKey() ? " -H \"X-API-Key: $ESDH_API_KEY\"" : '';
  $('g-curl').value = generateRoutes().map((route) =>
    `curl -s -X POST ${location.origin}/generate/${route} -H 'Content-Type: application/json'${key} -d ${shellQuote(JSON.stringify(body))}`).join('\n');
  const perEntity = PER_ENTITY.has(format);
  $('d-entity').disabled = !perEntity;
  const current = $('d-entity').value;
  $('d-entity').replaceChildren(...chosen.map((name) => el('option', { value: name, selected: name === current }, name)));
}

async function generate(event) {
  event.preventDefault();
  const body = requestBody();
  const routes = generateRoutes();
  if (routes.length === 0) return status('Choose at least one entity.', 'error');
  status('Generating…');
  $('g-submit').disabled = true;
  try {
    const answers = await Promise.all(routes.map((route) => api(`/generate/${route}`, { method: 'POST', body })));
    const byPlural = {};
    for (const answer of answers) {
      for (const [key, value] of Object.entries(answer)) if (Array.isArray(value)) byPlural[key] = value;
    }
    studio.generated = { body, routes, seed: answers[0].seed, records: byPlural };
    renderPreview(byPlural, answers[0], body);
    status(`Generated ${Object.entries(byPlural).map(([p, r]) => `${r.length} ${p}`).join(', ')} (seed ${answers[0].seed}).`);
  } catch (error) {
    showError(error);
  } finally {
    $('g-submit').disabled = false;
  }
}

function renderPreview(byPlural, first, body) {
  const preview = $('preview');
  preview.replaceChildren(el('h2', {}, `First rows (seed ${first.seed}, as of ${body.as_of ?? String(first.metadata?.generated_at ?? '').slice(0, 10)})`));
  for (const [plural, records] of Object.entries(byPlural)) {
    const fields = records.length ? Object.keys(records[0]) : [];
    const rows = records.slice(0, PREVIEW_ROWS).map((r) => fields.map((f) => (r[f] === null || r[f] === undefined ? '' : String(r[f]))));
    preview.append(el('div', { class: 'scroll', tabindex: 0, 'aria-label': `${plural} preview` },
      table(`${plural}: ${Math.min(PREVIEW_ROWS, records.length)} of ${records.length}`, fields, rows, { 'data-entity': plural })));
  }
}

async function downloadFile() {
  const format = $('d-format').value;
  const body = { ...requestBody(), entities: checkedEntities() };
  const entity = PER_ENTITY.has(format) ? $('d-entity').value : '';
  status(`Preparing the ${format} file…`);
  try {
    const res = await api(`/download/${encodeURIComponent(format)}${entity ? `?entity=${encodeURIComponent(entity)}` : ''}`, { method: 'POST', body, raw: true });
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `esdh.${format}`;
    const url = URL.createObjectURL(await res.blob());
    const link = el('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    status(`Downloaded ${name}.`);
  } catch (error) {
    showError(error);
  }
}

async function copy(id) {
  const text = $(id).value;
  try {
    await navigator.clipboard.writeText(text);
    status('Copied.');
  } catch {
    $(id).select();
    status('Selected: press Ctrl+C to copy.');
  }
}

// ---- explore and compare ---------------------------------------------

async function loadSnapshotList() {
  const { snapshots } = await api('/snapshots');
  for (const id of ['e-snapshot', 'c-left', 'c-right']) {
    const select = $(id);
    const current = select.value;
    select.replaceChildren(...snapshots.map((s) => el('option', { value: s.id, selected: s.id === current }, `${s.id} (${s.profile}, ${s.records} units)`)));
  }
  if (!$('c-right').value || $('c-right').value === $('c-left').value) {
    if (snapshots[1]) $('c-right').value = snapshots[1].id;
  }
  return snapshots;
}

const views = new Map();
async function snapshotView(id) {
  if (!views.has(id)) views.set(id, api(`/snapshots/${encodeURIComponent(id)}`).catch((error) => { views.delete(id); throw error; }));
  return views.get(id);
}

function destroyCharts(prefix) {
  for (const [key, chart] of Object.entries(studio.charts)) {
    if (key.startsWith(prefix)) {
      chart.destroy();
      delete studio.charts[key];
    }
  }
}

function keepCharts(prefix, charts) {
  for (const [id, chart] of Object.entries(charts)) studio.charts[`${prefix}:${id}`] = chart;
}

/** The latest explore and compare asked for: an answer to an older one is dropped (it would draw over the newer). */
const latest = { explore: 0, compare: 0 };

async function explore(event) {
  event?.preventDefault();
  const ticket = ++latest.explore;
  const id = $('e-snapshot').value;
  if (!id) return status('No snapshot yet: run esdh run (or esdh snapshot), then Refresh list.', 'error');
  status(`Opening ${id} (verify and stats run once per snapshot)…`);
  try {
    const view = await snapshotView(id);
    if (ticket !== latest.explore) return;
    destroyCharts('explore:');
    keepCharts('explore', renderSnapshot($('explore'), view, window.Chart, { idPrefix: 'explore' }));
    status(`Opened ${id}: ${view.verify.ok ? 'verified' : 'verify FAILED'}, ${view.charts.length} charts.`);
  } catch (error) {
    showError(error);
  }
}

async function compare(event) {
  event?.preventDefault();
  const ticket = ++latest.compare;
  const [leftId, rightId] = [$('c-left').value, $('c-right').value];
  if (!leftId || !rightId) return status('Choose two snapshots.', 'error');
  status(`Comparing ${leftId} with ${rightId}…`);
  try {
    const [left, right] = await Promise.all([snapshotView(leftId), snapshotView(rightId)]);
    if (ticket !== latest.compare) return;
    destroyCharts('left:');
    destroyCharts('right:');
    renderDiff(left, right);
    keepCharts('left', renderSnapshot($('compare-left'), left, window.Chart, { idPrefix: 'left', compact: true }));
    keepCharts('right', renderSnapshot($('compare-right'), right, window.Chart, { idPrefix: 'right', compact: true }));
    status(`Compared ${leftId} with ${rightId}.`);
  } catch (error) {
    showError(error);
  }
}

/** Which record counts and files differ between two snapshots. */
function renderDiff(left, right) {
  const plurals = [...new Set([...Object.keys(left.manifest.record_counts), ...Object.keys(right.manifest.record_counts)])];
  const countRows = plurals.map((p) => {
    const [a, b] = [left.manifest.record_counts[p], right.manifest.record_counts[p]];
    return [p, a === undefined ? '—' : String(a), b === undefined ? '—' : String(b), a === b ? 'same' : a === undefined || b === undefined ? 'only one side' : `${b - a > 0 ? '+' : ''}${b - a}`];
  });
  const files = new Map();
  for (const f of left.files) files.set(f.file, { left: f });
  for (const f of right.files) files.set(f.file, { ...files.get(f.file), right: f });
  const fileRows = [...files.entries()].sort().map(([name, { left: a, right: b }]) => [
    name, a ? String(a.records ?? '') : '—', b ? String(b.records ?? '') : '—',
    !a ? 'only right' : !b ? 'only left' : a.sha256 === b.sha256 ? 'same bytes' : 'differs',
  ]);
  const tally = (what) => fileRows.filter((r) => r[3] === what).length;
  $('compare-diff').replaceChildren(
    el('h2', {}, `${left.id} ↔ ${right.id}`),
    el('div', { class: 'diff' },
      table('Record counts', ['Entity', left.id, right.id, 'Difference'], countRows, { 'data-table': 'count-diff' }),
      el('details', {},
        el('summary', {}, `Files: ${tally('same bytes')} same bytes, ${tally('differs')} differ, ${tally('only left')} only left, ${tally('only right')} only right`),
        table('', ['File', `${left.id} records`, `${right.id} records`, 'Content'], fileRows, { 'data-table': 'file-diff' }))));
}

// ---- start -------------------------------------------------------------

async function init() {
  try {
    const [profileList, entityList, person] = await Promise.all([api('/profiles'), api('/entities'), api('/schemas/person').catch(() => ({}))]);
    profiles = profileList.profiles;
    entities = entityList.entities;
    const current = $('g-profile').value || profileList.default_profile;
    $('g-profile').replaceChildren(...profiles.map((p) => el('option', { value: p.name, selected: p.name === current }, `${p.name} (${p.records} units)`)));
    $('d-format').replaceChildren(...profileList.formats.map((f) => el('option', { value: f }, f)));
    const states = person.properties?.state?.enum ?? [];
    $('g-state').replaceChildren(el('option', { value: '' }, "any (the profile's states)"), ...states.map((s) => el('option', { value: s }, s)));
    const box = $('g-entities');
    box.replaceChildren(el('legend', {}, 'Entities'), ...entities.map((e) => el('label', { class: 'check', title: e.description },
      el('input', { type: 'checkbox', name: 'entities', value: e.name }), ` ${e.name}`)));
    applyProfile();
    await loadSnapshotList();
    studio.ready = true;
    status('Ready.');
    const view = location.hash.slice(1);
    if (view === 'explore' || view === 'compare') selectTab(view);
  } catch (error) {
    showError(error);
  }
}

$('g-profile').addEventListener('change', applyProfile);
$('generate-form').addEventListener('input', updateCommands);
$('generate-form').addEventListener('change', updateCommands);
$('generate-form').addEventListener('submit', generate);
$('d-format').addEventListener('change', updateCommands);
$('d-button').addEventListener('click', downloadFile);
$('copy-cli').addEventListener('click', () => copy('g-cli'));
$('copy-curl').addEventListener('click', () => copy('g-curl'));
$('explore-form').addEventListener('submit', explore);
$('e-refresh').addEventListener('click', () => loadSnapshotList().catch(showError));
$('compare-form').addEventListener('submit', compare);

selectTab(TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'generate');
init();
