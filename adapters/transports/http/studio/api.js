// Calls to the ESDH API from the studio: the same routes every client uses,
// with the API key (when one is entered) from sessionStorage only.

const KEY = 'esdh.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY) ?? '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** An API answer that was not 2xx: its status, esdh_code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Headers of every call: Accept JSON, the key when there is one. */
function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const key = apiKey();
  if (key) h['X-API-Key'] = key;
  return h;
}

/** Call `path`; the parsed JSON (or the Response itself with `raw`); an ApiError for a non-2xx answer. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  if (!res.ok) {
    let code = String(res.status);
    let message = `${res.status} ${res.statusText}`;
    try {
      const json = await res.json();
      code = json.error?.esdh_code ?? code;
      message = json.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, code, message);
  }
  return raw ? res : res.json();
}
