/**
 * engine/errors.ts (ERRORS) and governance/ERRORS.md list the same codes with
 * the same HTTP statuses; EsdhError and esdhError behave as documented.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS, EsdhError, esdhError, isEsdhError, type ErrorCode } from '../../engine/index.js';
import { packageRoot } from '../helpers/package-root.js';

const CATALOGUE = join(packageRoot(), 'governance', 'ERRORS.md');

/** Rows of the catalogue table: `| \`ESDH_ERR_X\` | 400 | meaning | what to do |`. */
function catalogueRows(): Map<string, { status: number; meaning: string; action: string }> {
  const rows = new Map<string, { status: number; meaning: string; action: string }>();
  for (const line of readFileSync(CATALOGUE, 'utf8').split('\n')) {
    const match = /^\|\s*`(ESDH_ERR_[A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|([^|]*)\|([^|]*)\|\s*$/.exec(line);
    if (!match) continue;
    if (rows.has(match[1]!)) throw new Error(`${match[1]} is listed twice in governance/ERRORS.md`);
    rows.set(match[1]!, { status: Number(match[2]), meaning: match[3]!.trim(), action: match[4]!.trim() });
  }
  return rows;
}

describe('engine/errors', () => {
  it('every code in ERRORS is documented in governance/ERRORS.md', () => {
    const documented = catalogueRows();
    const missing = Object.keys(ERRORS).filter((code) => !documented.has(code));
    expect(missing, 'add a row to governance/ERRORS.md for').to.deep.equal([]);
  });

  it('every code in governance/ERRORS.md exists in ERRORS', () => {
    const unknown = [...catalogueRows().keys()].filter((code) => !(code in ERRORS));
    expect(unknown, 'remove from governance/ERRORS.md (or add to engine/errors.ts)').to.deep.equal([]);
  });

  it('the documented HTTP status matches ERRORS, and every row says what it means and what to do', () => {
    const documented = catalogueRows();
    expect(documented.size).to.be.at.least(20);
    for (const [code, row] of documented) {
      if (!(code in ERRORS)) continue;
      expect(row.status, code).to.equal(ERRORS[code as ErrorCode].status);
      expect(row.meaning.length, `${code} meaning`).to.be.greaterThan(10);
      expect(row.action.length, `${code} what to do`).to.be.greaterThan(10);
    }
  });

  it('codes follow ESDH_ERR_<AREA>_<WHAT>, statuses are 4xx/5xx, templates are non-empty', () => {
    for (const [code, { status, message }] of Object.entries(ERRORS)) {
      expect(code).to.match(/^ESDH_ERR_[A-Z]+(_[A-Z]+)*$/);
      expect(status, code).to.be.within(400, 599);
      expect(message.length, code).to.be.greaterThan(0);
    }
  });

  it('esdhError fills the template and carries code and status; toLine is what the CLI prints', () => {
    const error = esdhError('ESDH_ERR_PROFILE_UNKNOWN', 'nightly', 'baseline, heavy');
    expect(error).to.be.instanceOf(EsdhError).and.instanceOf(Error);
    expect(isEsdhError(error)).to.equal(true);
    expect(isEsdhError(new Error('x'))).to.equal(false);
    expect(error.code).to.equal('ESDH_ERR_PROFILE_UNKNOWN');
    expect(error.status).to.equal(400);
    expect(error.name).to.equal('EsdhError');
    expect(error.message).to.equal("Unknown profile 'nightly'; known profiles: baseline, heavy");
    expect(error.toLine()).to.equal("ESDH_ERR_PROFILE_UNKNOWN: Unknown profile 'nightly'; known profiles: baseline, heavy");
  });

  it('EsdhError keeps a cause when given one', () => {
    const cause = new RangeError('inner');
    const error = new EsdhError('ESDH_ERR_PLUGIN_FAILED', 'outer', { cause });
    expect(error.cause).to.equal(cause);
    expect(error.status).to.equal(500);
    expect(new EsdhError('ESDH_ERR_PLUGIN_FAILED', 'no cause').cause).to.equal(undefined);
  });
});
