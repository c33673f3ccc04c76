/** Query parameters that carry secrets in database URLs. */
const SECRET_PARAMS = /^(password|pass|pwd|sslpassword|sslkey|passfile)$/i;

/**
 * A URL fit to print: its password (and any secret query parameter) replaced
 * by `***`. A string that is not a `scheme://` URL is reduced to its scheme
 * (or to nothing), so nothing that might hold a secret is printed.
 * @example
 * redactUrl('db://qa:s3cret@127.0.0.1:5432/test'); // → 'db://qa:***@127.0.0.1:5432/test'
 * redactUrl('db://qa@127.0.0.1/test?password=x'); // → 'db://qa@127.0.0.1/test?password=***'
 */
export function redactUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  let parsed: URL;
  try {
    if (!scheme) throw new Error('no scheme://');
    parsed = new URL(url);
  } catch {
    return scheme ? `${scheme}://(not a valid URL)` : '(not a valid URL)';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.test(key)) parsed.searchParams.set(key, '***');
  // URL re-encodes `***` in the query as `%2A%2A%2A`; print it as written.
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}
