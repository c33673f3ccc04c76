/** How the database tests find their server: skipped with a note locally, never skipped under CI. */
import { expect } from 'chai';
import { PG_SKIP_NOTE, testPgUrl } from '../../../helpers/postgres.js';

describe('PostgreSQL test server (ESDH_TEST_PG_URL)', () => {
  it('is the URL when set', () => {
    expect(testPgUrl({ ESDH_TEST_PG_URL: 'postgres://u:p@127.0.0.1:1/d', CI: 'true' })).to.equal('postgres://u:p@127.0.0.1:1/d');
  });

  it('without it, local runs skip with a note on how to start one', () => {
    expect(testPgUrl({})).to.equal(undefined);
    expect(PG_SKIP_NOTE).to.include('ESDH_TEST_PG_URL').and.include('README "Database tests"');
  });

  it('without it, CI fails instead of skipping', () => {
    expect(() => testPgUrl({ CI: 'true' })).to.throw('CI must run the PostgreSQL tests, never skip them');
  });
});
