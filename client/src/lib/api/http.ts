import { apiErrorOf, networkError } from './errors';

/**
 * The transport under the API functions: JSON in and out, the session cookie sent by the browser
 * (same origin), and the CSRF token as `x-csrf-token` on every write (see the accounts plugin).
 */

const CSRF_COOKIE = 'kq_csrf';
let csrfToken = '';

/** Remembers the CSRF token the server handed out with the session. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

function csrfCookie(): string {
  if (typeof document === 'undefined') return '';
  const m = document.cookie.split('; ').find((c) => c.startsWith(CSRF_COOKIE + '='));
  return m ? decodeURIComponent(m.slice(CSRF_COOKIE.length + 1)) : '';
}

export function currentCsrf(): string {
  return csrfToken || csrfCookie();
}

/**
 * Whether this browser may hold a session: the server sets and clears the readable CSRF cookie together
 * with the (httpOnly) session cookie, with the same lifetime. Without it there is no session to ask for.
 */
export function maybeSignedIn(): boolean {
  return csrfCookie() !== '';
}

export type QueryValues = Record<string, unknown>;

/** `path?query`, leaving out empty values; arrays repeat the name. */
export function withQuery(path: string, query?: QueryValues): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined && one !== null && one !== '') q.append(k, String(one));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** An answer: its status and its parsed JSON body (or text for a non-JSON answer; undefined for 204). */
export interface Answer {
  status: number;
  data: unknown;
}

/**
 * Sends one request. Throws an ApiError for no answer (status 0) and for a non-2xx answer unless
 * `keep(status)` says the caller reads that answer itself (e.g. a declared 503 body).
 */
export async function send(
  method: string,
  url: string,
  body?: unknown,
  keep: (status: number) => boolean = () => false,
  accept = 'application/json',
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...extraHeaders, accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = currentCsrf();
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  if (res.status === 204) return { status: 204, data: undefined };
  const text = await res.text();
  let data: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') || !res.headers.get('content-type')) {
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
  }
  if (!res.ok && !keep(res.status)) throw apiErrorOf(res.status, res.statusText, data);
  return { status: res.status, data };
}

/**
 * A fresh key for the `Idempotency-Key` header of one write (one user action): the server runs a
 * write once per key and answers a retry with the first answer. Random 128 bits; works outside secure
 * contexts too, where `crypto.randomUUID` is missing.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
