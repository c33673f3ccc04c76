// The geo tables, as a pure function of their inputs (text in, text out), so
// the build is deterministic and testable on small fixtures.
// See governance/DATA_PROVENANCE.md (address/zips/<STATE>.json, address/states.json).
import { parseCsv } from './csv.mjs';

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** USPS city names in Title Case, as the v0.1 table had them (`Mc Farland`). */
export function titleCase(name) {
  return name
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/(^|[\s\-/.])([a-z])/g, (_m, sep, ch) => sep + ch.toUpperCase())
    // After an apostrophe only in O'Brien-style names (one letter before it), not in Lincoln's.
    .replace(/(^|[\s\-/.])([A-Z]')([a-z])/g, (_m, sep, pre, ch) => sep + pre + ch.toUpperCase());
}

/** A key that matches the same place spelled by USPS (GeoNames) and by libphonenumber. */
export function placeKey(name) {
  return ` ${name.toUpperCase().replace(/[.'’]/g, '').replace(/[^A-Z0-9]+/g, ' ')} `
    .replace(/ SAINT /g, ' ST ')
    .replace(/ SAINTE /g, ' STE ')
    .replace(/ FORT /g, ' FT ')
    .replace(/ MOUNT /g, ' MT ')
    .replace(/ HEIGHTS /g, ' HTS ')
    .replace(/ SPRINGS /g, ' SPGS ')
    .replace(/ TOWNSHIP /g, ' TWP ')
    .replace(/ /g, '');
}

/**
 * GeoNames US.txt rows of the given states: ZIP, state, city, latitude, longitude.
 * Columns: country, postal code, place name, admin1 name, admin1 code, admin2
 * name, admin2 code, admin3 name, admin3 code, latitude, longitude, accuracy.
 */
export function readGeoNames(text, stateCodes) {
  const wanted = new Set(stateCodes);
  const rows = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'))
    .filter((f) => f.length >= 11 && f[0] === 'US' && wanted.has(f[4]));
  const coordCount = new Map();
  for (const f of rows) {
    const key = `${f[9]},${f[10]}`;
    coordCount.set(key, (coordCount.get(key) ?? 0) + 1);
  }
  return rows.map((f) => ({
    zip: f[1].trim(),
    state: f[4],
    city: titleCase(f[2]),
    lat: Number(f[9]),
    lon: Number(f[10]),
    sharedCoordinate: coordCount.get(`${f[9]},${f[10]}`) > 1,
  }));
}

/** Census 2020 DHC table P1 by ZCTA (data.census.gov CSV): ZCTA -> total population. */
export function readZctaPopulation(text) {
  const out = new Map();
  for (const row of parseCsv(text)) {
    const m = /^860Z200US(\d{5})$/.exec(row[0] ?? '');
    if (!m) continue;
    const population = Number(row[2]);
    if (!Number.isInteger(population) || population < 0) throw new Error(`ZCTA ${m[1]}: population ${row[2]} is not a count`);
    out.set(m[1], population);
  }
  return out;
}

/**
 * NANPA's NPA report: the geographic area codes in service in each state and
 * their overlay complexes, as each code's own row lists them.
 * Returns { areaCodes: Map<state, npa[]>, stateOf: Map<npa, state>,
 * complexOf: Map<npa, npa[] | null>, overlaid: Set<npa> }:
 * - complexOf: the codes a number in that code's area may have (the code and
 *   its overlays, in service in the same state); null for a code overlaid on
 *   several complexes (NY 917: 212/332/646/917 and 347/718/917/929), which
 *   says nothing about where a place is;
 * - overlaid: codes added as an overlay of their parent (415 -> 628), whose
 *   whole-code entries in libphonenumber name the state's parent area, not a place.
 */
export function readNpaReport(text, stateCodes) {
  const wanted = new Set(stateCodes);
  const rows = parseCsv(text);
  const header = rows.findIndex((r) => r[0] === 'NPA_ID');
  if (header < 0) throw new Error('NPA report: no NPA_ID header row');
  const col = Object.fromEntries(rows[header].map((name, i) => [name, i]));
  for (const name of ['NPA_ID', 'type_of_code', 'USE', 'LOCATION', 'COUNTRY', 'IN_SERVICE', 'OVERLAY_COMPLEX', 'PARENT_NPA_ID']) {
    if (!(name in col)) throw new Error(`NPA report: no ${name} column`);
  }
  const stateOf = new Map();
  const listed = new Map();
  const parentOf = new Map();
  for (const r of rows.slice(header + 1)) {
    const npa = r[col.NPA_ID];
    if (!/^\d{3}$/.test(npa ?? '')) continue;
    if (r[col.COUNTRY] !== 'US' || r[col.IN_SERVICE] !== 'Y' || r[col.USE] !== 'G') continue;
    if (r[col.type_of_code] !== 'General Purpose Code' || !wanted.has(r[col.LOCATION])) continue;
    stateOf.set(npa, r[col.LOCATION]);
    listed.set(npa, (r[col.OVERLAY_COMPLEX] ?? '').split(',').map((g) => g.match(/\d{3}/g) ?? []).filter((g) => g.length > 0));
    parentOf.set(npa, (r[col.PARENT_NPA_ID] ?? '').trim());
  }
  const areaCodes = new Map(stateCodes.map((s) => [s, []]));
  for (const [npa, state] of [...stateOf].sort((a, b) => cmp(a[0], b[0]))) areaCodes.get(state).push(npa);
  const complexOf = new Map();
  const overlaid = new Set();
  for (const [npa, state] of stateOf) {
    const groups = listed.get(npa);
    if (groups.length > 1) {
      complexOf.set(npa, null);
      continue;
    }
    const members = new Set([npa, ...(groups[0] ?? [])].filter((c) => stateOf.get(c) === state));
    complexOf.set(npa, [...members].sort(cmp));
    if (members.has(parentOf.get(npa))) overlaid.add(npa);
  }
  return { areaCodes, stateOf, complexOf, overlaid };
}

/**
 * libphonenumber's geocoding/en/1.txt: `1NPA[NXX..]|City, ST` lines. Returns,
 * for each state, place key -> Map(region key -> number of prefixes in that
 * place), a region key being the code's complex joined with '/'. Only codes in
 * service in that same state count. A line for a whole code
 * (`1312|Chicago, IL`) counts as NPA_WIDE prefixes (the code serves that place
 * above all), except for an overlay code, whose whole-code line names its
 * parent's area in general; codes overlaid on several complexes are skipped.
 */
const NPA_WIDE = 50;

export function readGeocoding(text, npa) {
  const out = new Map();
  for (const line of text.split('\n')) {
    const m = /^1(\d{3})(\d*)\|(.+), ([A-Z]{2})\s*$/.exec(line);
    if (!m) continue;
    const [, code, rest, place, state] = m;
    if (npa.stateOf.get(code) !== state || !npa.complexOf.get(code)) continue;
    if (rest === '' && npa.overlaid.has(code)) continue;
    if (!out.has(state)) out.set(state, new Map());
    const places = out.get(state);
    const key = placeKey(place);
    if (!places.has(key)) places.set(key, new Map());
    const counts = places.get(key);
    const region = npa.complexOf.get(code).join('/');
    counts.set(region, (counts.get(region) ?? 0) + (rest === '' ? NPA_WIDE : 1));
  }
  return out;
}

/** Contiguous runs of three-digit prefixes: ['900-908', '910-928']. */
export function prefixRanges(zips) {
  const prefixes = [...new Set(zips.map((z) => Number(z.slice(0, 3))))].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < prefixes.length; ) {
    let j = i;
    while (j + 1 < prefixes.length && prefixes[j + 1] === prefixes[j] + 1) j++;
    const lo = String(prefixes[i]).padStart(3, '0');
    const hi = String(prefixes[j]).padStart(3, '0');
    out.push(lo === hi ? lo : `${lo}-${hi}`);
    i = j + 1;
  }
  return out;
}

function distance2(a, b) {
  const dLat = a.lat - b.lat;
  const dLon = (a.lon - b.lon) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  return dLat * dLat + dLon * dLon;
}

/**
 * The region most common among the K nearest of `candidates` to `zip` for
 * which `accept` holds (ties: the nearer one). null when none is accepted.
 */
// K = 3, 5 and 7 were measured no better than the nearest one (DATA_PROVENANCE.md).
const K = 1;

function nearestRegion(zip, candidates, accept, regionOf) {
  const best = [];
  for (const c of candidates) {
    if (!accept(c)) continue;
    const d = distance2(zip, c);
    if (best.length === K && d >= best[K - 1].d) continue;
    best.push({ d, zip: c.zip });
    best.sort((a, b) => a.d - b.d || cmp(a.zip, b.zip));
    if (best.length > K) best.pop();
  }
  if (best.length === 0) return null;
  const votes = new Map();
  best.forEach((b, i) => {
    const r = regionOf.get(b.zip);
    const v = votes.get(r) ?? { n: 0, first: i };
    v.n++;
    votes.set(r, v);
  });
  return [...votes].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first)[0][0];
}

/**
 * Assign each ZIP of one state its area-code region (a region is an overlay
 * complex: the codes a number at that address may have).
 * - A place named in libphonenumber's prefixes of exactly one region: that region.
 * - A place named for several regions (Los Angeles: 213/323/738 and 310/424):
 *   the region of the nearest single-region ZIPs among those regions, or all
 *   their codes when no other place has them (Chicago).
 * - A place not named at all: the region of the nearest single-region ZIPs.
 * A region counts for a place only with at least CLAIM_SHARE of that place's
 * prefixes (prefixes filed under a neighbouring town do not split it).
 */
const CLAIM_SHARE = 0.25;

export function assignRegions(zips, places, complexOf, stateCodes) {
  const stateRegions = [...new Set(stateCodes.map((c) => complexOf.get(c)?.join('/')).filter(Boolean))];
  if (stateRegions.length === 1) {
    // One region for the whole state (DC: 202/771): nothing to place.
    const regionOf = new Map(zips.map((z) => [z.zip, stateRegions[0]]));
    return { regionOf, how: new Map(zips.map((z) => [z.zip, 'named'])), anchors: zips };
  }
  const claims = new Map();
  for (const z of zips) {
    const counts = places?.get(placeKey(z.city)) ?? new Map();
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    claims.set(z.zip, new Set([...counts].filter(([, n]) => n >= total * CLAIM_SHARE).map(([k]) => k)));
  }
  const anchors = zips.filter((z) => claims.get(z.zip).size === 1);
  const regionOf = new Map(anchors.map((z) => [z.zip, [...claims.get(z.zip)][0]]));
  const how = new Map(anchors.map((z) => [z.zip, 'named']));
  const anchorRegion = new Map(regionOf);
  for (const z of zips) {
    if (regionOf.has(z.zip)) continue;
    const claimants = claims.get(z.zip);
    if (claimants.size > 1) {
      const region = nearestRegion(z, anchors, (a) => claimants.has(anchorRegion.get(a.zip)), anchorRegion);
      // No ZIP of another place to tell the regions apart (Chicago: 312/872 and
      // 773/872): the place's region is all of their codes.
      regionOf.set(z.zip, region ?? [...new Set([...claimants].flatMap((k) => k.split('/')))].sort(cmp).join('/'));
      how.set(z.zip, region ? 'shared' : 'union');
    } else {
      const region = nearestRegion(z, anchors, () => true, anchorRegion);
      if (region === null) throw new Error(`ZIP ${z.zip} (${z.city}): no place with a known area code in its state`);
      regionOf.set(z.zip, region);
      how.set(z.zip, 'nearest');
    }
  }
  return { regionOf, how, anchors };
}

/**
 * Leave-one-place-out check of the nearest-ZIP rule: each single-region ZIP's
 * region predicted from the nearest single-region ZIP of another place.
 * Returns the population share predicted right.
 */
export function crossValidate(anchors, regionOf, population) {
  let right = 0;
  let all = 0;
  for (const a of anchors) {
    const region = nearestRegion(a, anchors, (b) => b.city !== a.city, regionOf);
    if (region === null) continue;
    const w = population.get(a.zip) ?? 0;
    all += w;
    if (region === regionOf.get(a.zip)) right += w;
  }
  return all === 0 ? 1 : right / all;
}

/**
 * The tables. `states` is the parsed states.json (hand-maintained fields kept,
 * `area_codes` and `zip_prefixes` recomputed); the rest are the raw inputs.
 * Returns { zips, states, report }.
 */
export function buildGeoTables({ states, geonames, zcta, npaReport, geocoding }) {
  const codes = states.map((s) => s.code);
  const population = readZctaPopulation(zcta);
  const npa = readNpaReport(npaReport, codes);
  const places = readGeocoding(geocoding, npa);
  const byState = new Map(codes.map((c) => [c, new Map()]));
  const stats = Object.fromEntries(codes.map((c) => [c, { source: 0, badFormat: 0, placeholder: 0 }]));
  for (const row of readGeoNames(geonames, codes)) {
    const st = stats[row.state];
    st.source++;
    if (!/^\d{5}$/.test(row.zip) || !row.city) {
      st.badFormat++;
      continue;
    }
    // A ZIP with no ZCTA and a coordinate shared with other ZIPs is a PO-box or
    // organisation ZIP placed at its city's centre (see DATA_PROVENANCE.md).
    if (row.sharedCoordinate && !(population.get(row.zip) > 0)) {
      st.placeholder++;
      continue;
    }
    const table = byState.get(row.state);
    if (!table.has(row.zip)) table.set(row.zip, row);
  }

  const zipsOut = {};
  const statesOut = [];
  const report = [];
  for (const state of states) {
    const zips = [...byState.get(state.code).values()].sort((a, b) => cmp(a.zip, b.zip));
    const { regionOf, how, anchors } = assignRegions(zips, places.get(state.code), npa.complexOf, npa.areaCodes.get(state.code));
    const regions = [...new Set(regionOf.values())].sort(cmp);
    const cities = [...new Set(zips.map((z) => z.city))].sort(cmp);
    const cityIndex = new Map(cities.map((c, i) => [c, i]));
    const regionIndex = new Map(regions.map((r, i) => [r, i]));
    zipsOut[state.code] = {
      cities,
      area_codes: regions.map((r) => r.split('/')),
      zips: zips.map((z) => [z.zip, cityIndex.get(z.city), population.get(z.zip) ?? 0, regionIndex.get(regionOf.get(z.zip))]),
    };
    const areaCodes = npa.areaCodes.get(state.code);
    statesOut.push({ ...state, area_codes: areaCodes, zip_prefixes: prefixRanges(zips.map((z) => z.zip)) });

    const pop = (zip) => population.get(zip) ?? 0;
    const total = zips.reduce((a, z) => a + pop(z.zip), 0);
    const share = (kind) => (total === 0 ? 0 : zips.filter((z) => how.get(z.zip) === kind).reduce((a, z) => a + pop(z.zip), 0) / total);
    const cv = crossValidate(anchors, regionOf, population);
    const named = share('named');
    const shared = share('shared');
    const union = share('union');
    const near = share('nearest');
    const used = new Set(regions.flatMap((r) => r.split('/')));
    report.push({
      state: state.code,
      zips: zips.length,
      cities: cities.length,
      population: total,
      zeroPopulation: zips.filter((z) => pop(z.zip) === 0).length,
      ...stats[state.code],
      regions: regions.length,
      named,
      shared,
      union,
      nearest: near,
      crossValidated: cv,
      estimatedMatch: named + union + (shared + near) * cv,
      unplacedCodes: areaCodes.filter((c) => !used.has(c)),
    });
  }
  return { zips: zipsOut, states: statesOut, report };
}

/** One state's zips/<STATE>.json text: one ZIP row per line, so a source update gives a small diff. */
export function serializeZipTable(t) {
  const rows = t.zips.map((row) => JSON.stringify(row)).join(',\n');
  return `{\n"cities": ${JSON.stringify(t.cities)},\n"area_codes": ${JSON.stringify(t.area_codes)},\n"zips": [\n${rows}\n]\n}\n`;
}

/** states.json text: one object per state, the short lists on one line each. */
export function serializeStates(states) {
  const body = states.map((s) =>
    [
      '  {',
      `    "code": ${JSON.stringify(s.code)},`,
      `    "name": ${JSON.stringify(s.name)},`,
      `    "weight": ${JSON.stringify(s.weight)},`,
      `    "area_codes": ${JSON.stringify(s.area_codes)},`,
      `    "licence": { "template": ${JSON.stringify(s.licence.template)}, "pattern": ${JSON.stringify(s.licence.pattern)} },`,
      `    "zip_prefixes": ${JSON.stringify(s.zip_prefixes)}`,
      '  }',
    ].join('\n'),
  );
  return `[\n${body.join(',\n')}\n]\n`;
}
