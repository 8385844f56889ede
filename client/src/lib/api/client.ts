import { get } from 'svelte/store';
import { locale } from 'svelte-i18n';

/**
 * The one way the client talks to the API: JSON in and out, the session cookie sent by the browser,
 * and the CSRF token as `x-csrf-token` on every write (see server/src/plugins/auth.ts).
 */

const CSRF_COOKIE = 'kq_csrf';
let csrfToken = '';

/** Remembers the CSRF token the server handed out with the session. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

function currentCsrf(): string {
  if (csrfToken) return csrfToken;
  if (typeof document === 'undefined') return '';
  const m = document.cookie.split('; ').find((c) => c.startsWith(CSRF_COOKIE + '='));
  return m ? decodeURIComponent(m.slice(CSRF_COOKIE.length + 1)) : '';
}

/** An API answer other than 2xx, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The server's text, `Deutsch / English`; use {@link localMessage} to show it. */
    readonly serverMessage: string,
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(serverMessage || code);
  }
  /** The route does not exist on this server (yet): a capability that is not available. */
  get unavailable() {
    return this.status === 404 && this.code === 'NOT_FOUND' && /^No route /.test(this.serverMessage);
  }
}

/** Picks the half of a `Deutsch / English` server message that fits the current language. */
export function localMessage(message: string): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  return get(locale)?.startsWith('en') ? parts[1] : parts[0];
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query) {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function call<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = currentCsrf();
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Der Server ist nicht erreichbar. / The server cannot be reached.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? res.statusText, err?.fields ?? []);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => call<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
};
