import { esdhError } from '../contracts/errors.js';
import type { Target } from '../contracts/target.js';
import { redactUrl } from '../lib/redact-url.js';

/** The URL schemes the targets take, for messages: `a, b`. */
export function knownSchemes(targets: readonly Target[]): string {
  const schemes = targets.flatMap((t) => t.schemes.map((s) => `${s}://`));
  return schemes.length > 0 ? schemes.join(', ') : '(no target is registered)';
}

/**
 * The registered target that takes this URL's scheme. A string that is not
 * a URL, or a scheme no target takes → ESDH_ERR_DB_URL_INVALID (the URL
 * printed with its password hidden).
 */
export function targetFor(url: string, targets: readonly Target[]): Target {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (!scheme) throw esdhError('ESDH_ERR_DB_URL_INVALID', redactUrl(url), 'it is not a URL of the form scheme://user@host:port/database', knownSchemes(targets));
  const target = targets.find((t) => t.schemes.includes(scheme));
  if (!target) throw esdhError('ESDH_ERR_DB_URL_INVALID', redactUrl(url), `no registered target takes the scheme '${scheme}'`, knownSchemes(targets));
  return target;
}
