/**
 * The Redis test server: `ESDH_TEST_REDIS_URL` (redis://127.0.0.1:PORT; .ci/run
 * starts a throwaway redis-server and sets it). Without it the queue tests skip
 * with a note saying how to start one, except under CI (`CI` set), where they
 * fail: CI must never skip them. Each test gets its own key prefix, and its
 * keys are deleted after it.
 */
import { Redis } from 'ioredis';

export const REDIS_URL_VAR = 'ESDH_TEST_REDIS_URL';

export const REDIS_SKIP_NOTE = `${REDIS_URL_VAR} is not set: the queue (BullMQ) tests are skipped. Start a throwaway server and point ${REDIS_URL_VAR} at it, e.g. redis-server --port 6390 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes && ${REDIS_URL_VAR}=redis://127.0.0.1:6390 npm test`;

/** The test server's URL, or undefined; throws when CI is set and there is none. */
export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = env[REDIS_URL_VAR];
  if (url) return url;
  if (env.CI) throw new Error(`${REDIS_URL_VAR} is not set, and CI is: CI must run the queue tests, never skip them (.ci/run starts a redis-server and sets ${REDIS_URL_VAR})`);
  return undefined;
}

export interface TestRedis {
  readonly url: string;
  /** A fresh key prefix for this test; every key under it is deleted after the test. */
  prefix(label?: string): string;
  /** Keys under a prefix. */
  keys(prefix: string): Promise<string[]>;
}

let counter = 0;
let noted = false;

/** Call inside a `describe`: skips (or, under CI, fails) the suite without a server. */
export function useRedis(): TestRedis {
  let url = '';
  let client: Redis | undefined;
  const made: string[] = [];
  const keys = async (prefix: string) => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client!.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };
  before(async function () {
    const found = testRedisUrl();
    if (!found) {
      if (!noted) console.log(`      (${REDIS_SKIP_NOTE})`);
      noted = true;
      this.skip();
    }
    url = found;
    client = new Redis(url, { maxRetriesPerRequest: 2 });
    client.on('error', () => undefined);
    await client.ping();
  });
  afterEach(async () => {
    for (const prefix of made.splice(0)) {
      const found = await keys(prefix);
      if (found.length > 0) await client!.del(...found);
    }
  });
  after(() => {
    client?.disconnect();
  });
  return {
    get url() {
      return url;
    },
    prefix(label = 't') {
      const name = `esdh-test-${label}-${process.pid}-${++counter}`;
      made.push(name);
      return name;
    },
    keys,
  };
}
