import { esdhError, redactUrl } from '../../../engine/index.js';

/** A checked `--redis` URL and how to show it (password hidden). */
export interface RedisTarget {
  readonly url: string;
  readonly display: string;
}

/**
 * Check a `--redis` URL: redis:// or rediss://, a host, an optional whole-number database.
 * @example
 * redisTarget('redis://:secret@10.0.0.5:6379/2').display; // → 'redis://:***@10.0.0.5:6379/2'
 */
export function redisTarget(url: string | undefined): RedisTarget {
  if (url === undefined || url === '') throw esdhError('ESDH_ERR_CLUSTER_REDIS_URL', '(none)', 'no --redis URL was given (or ESDH_REDIS_URL)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw esdhError('ESDH_ERR_CLUSTER_REDIS_URL', url.includes('@') ? '(given with credentials, not shown)' : JSON.stringify(url), 'it is not a URL');
  }
  // Shown as given, with a password replaced by ***.
  const display = parsed.password ? redactUrl(url) : url;
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw esdhError('ESDH_ERR_CLUSTER_REDIS_URL', display, `its scheme is ${parsed.protocol}//, not redis:// or rediss://`);
  if (!parsed.hostname) throw esdhError('ESDH_ERR_CLUSTER_REDIS_URL', display, 'it names no host');
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw esdhError('ESDH_ERR_CLUSTER_REDIS_URL', display, `its database ${JSON.stringify(db)} is not a whole number`);
  return { url, display };
}
