/** --redis URLs are checked before anything connects, and the queue tests' server gate skips locally but never under CI. */
import { expect } from 'chai';
import { redisTarget } from '../../../../adapters/transports/queue/index.js';
import { expectEsdhError } from '../../../helpers/errors.js';
import { REDIS_SKIP_NOTE, testRedisUrl } from '../../../helpers/redis.js';

describe('esdh cluster --redis URL', () => {
  it('takes redis:// and rediss:// with a host, and hides the password', () => {
    expect(redisTarget('redis://127.0.0.1:6379')).to.deep.equal({ url: 'redis://127.0.0.1:6379', display: 'redis://127.0.0.1:6379' });
    expect(redisTarget('rediss://u:secret@cache.internal:6380/2').display).to.equal('rediss://u:***@cache.internal:6380/2');
  });

  it('refuses another scheme, no host, a database that is not a number, no URL at all', async () => {
    for (const [url, text] of [
      ['http://127.0.0.1:6379', 'its scheme is http://'],
      ['127.0.0.1:6379', 'Redis URL "127.0.0.1:6379" cannot be used: it is not a URL'],
      ['redis://', 'it names no host'],
      ['redis://h:1/abc', 'its database "abc" is not a whole number'],
      [undefined, 'no --redis URL was given'],
      ['not a url', 'it is not a URL'],
    ] as const) {
      const error = await expectEsdhError(() => redisTarget(url), 'ESDH_ERR_CLUSTER_REDIS_URL');
      expect(error.message, String(url)).to.include(text);
    }
  });
});

describe('Redis test server (ESDH_TEST_REDIS_URL)', () => {
  it('is the URL when set; without it local runs skip with a note, and CI fails', () => {
    expect(testRedisUrl({ ESDH_TEST_REDIS_URL: 'redis://127.0.0.1:1', CI: 'true' })).to.equal('redis://127.0.0.1:1');
    expect(testRedisUrl({})).to.equal(undefined);
    expect(REDIS_SKIP_NOTE).to.include('ESDH_TEST_REDIS_URL').and.include('redis-server --port');
    expect(() => testRedisUrl({ CI: 'true' })).to.throw('CI must run the queue tests, never skip them');
  });
});
