/**
 * fetch with cookies, for flows that cross servers by redirects (single sign-on). Cookies are kept per
 * host name, like a browser (not per port: the app and a test's identity provider on 127.0.0.1 share
 * them, as they would share them in Chromium); paths and expiry are honoured, Secure is ignored (http).
 */
interface StoredCookie {
  name: string;
  value: string;
  path: string;
  host: string;
}

export interface Hop {
  url: string;
  status: number;
  location: string | null;
}

export class CookieJar {
  #cookies: StoredCookie[] = [];

  /** The cookie's value for `url`'s host, if set. */
  get(name: string, url: string): string | undefined {
    const { hostname } = new URL(url);
    return this.#cookies.find((c) => c.name === name && c.host === hostname)?.value;
  }

  #header(url: URL): string {
    return this.#cookies
      .filter(
        (c) =>
          c.host === url.hostname &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : c.path + '/')),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  #store(url: URL, setCookies: string[]) {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') path = v || '/';
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      this.#cookies = this.#cookies.filter((c) => !(c.name === name && c.host === url.hostname && c.path === path));
      if (!expired) this.#cookies.push({ name, value, path, host: url.hostname });
    }
  }

  /** One request with the jar's cookies; stores what the answer sets. Redirects are not followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.#header(u);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(u, { ...init, headers, redirect: 'manual' });
    this.#store(u, res.headers.getSetCookie());
    return res;
  }

  /**
   * Follows redirects from `url` (GET after the first request, as browsers do after 302/303) until an
   * answer is not a redirect or `stop(next)` says so; returns the last answer and every hop.
   */
  async follow(
    url: string,
    init: RequestInit = {},
    stop: (next: URL) => boolean = () => false,
  ): Promise<{ res: Response; url: string; hops: Hop[] }> {
    const hops: Hop[] = [];
    let current = url;
    let res = await this.fetch(current, init);
    for (let i = 0; i < 20; i++) {
      const location = res.headers.get('location');
      hops.push({ url: current, status: res.status, location });
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current, hops };
      const next = new URL(location, current);
      if (stop(next)) return { res, url: current, hops };
      await res.arrayBuffer();
      current = next.href;
      res = await this.fetch(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
