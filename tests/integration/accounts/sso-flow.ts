import { expect } from 'vitest';
import { CookieJar, type Hop } from '../../helpers/cookie-jar.ts';
import { PROVIDER_PASSWORD } from '../../helpers/oidc-provider.ts';

/**
 * A browser's way through single sign-on, over fetch with a cookie jar: start at the app, follow the
 * redirects to the provider's sign-in page, sign in there, and follow back to the app's callback,
 * which redirects into the app (or to `/login?sso=<reason>`).
 */
export class SsoBrowser {
  readonly jar = new CookieJar();
  constructor(readonly appUrl: string) {}

  /** `POST /api/auth/sso/start` as the login page does it; the provider's authorization URL. */
  async start(next = '/dashboard'): Promise<string> {
    const res = await this.jar.fetch(`${this.appUrl}/api/auth/sso/start`, {
      method: 'POST',
      headers: { origin: this.appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ next }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { url: string }).url;
  }

  /** Follows `url` until the provider shows a page or the browser is sent to `stopAt` (a path of the app). */
  async follow(
    url: string,
    init: RequestInit = {},
    stopAt?: (u: URL) => boolean,
  ): Promise<{ res: Response; url: string; hops: Hop[] }> {
    const stop = (u: URL) => u.origin === this.appUrl && (stopAt ? stopAt(u) : !u.pathname.startsWith('/api/'));
    return this.jar.follow(url, init, stop);
  }

  /**
   * Signs in at the provider's page (reached by following `authUrl`) as `login`, and follows the
   * redirects until the app's page the callback sends the browser to (or until `stopAt`).
   */
  async signInAtProvider(authUrl: string, login: string, stopAt?: (u: URL) => boolean): Promise<{ landed: URL; hops: Hop[] }> {
    const atProvider = await this.follow(authUrl, {}, stopAt);
    expect(atProvider.res.status, `expected the provider's sign-in page at ${atProvider.url}`).toBe(200);
    const html = await atProvider.res.text();
    const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
    expect(action, html).toBeDefined();
    const submitted = await this.follow(
      new URL(action!, atProvider.url).href,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ login, password: PROVIDER_PASSWORD }).toString(),
      },
      stopAt,
    );
    const last = submitted.hops.at(-1)!;
    expect(last.location, `no redirect back to the app after ${last.url}`).not.toBeNull();
    return { landed: new URL(last.location!, last.url), hops: [...atProvider.hops, ...submitted.hops] };
  }

  /** The whole sign-in: start, the provider's page, back into the app. */
  async signIn(login: string): Promise<URL> {
    return (await this.signInAtProvider(await this.start(), login)).landed;
  }

  /** `GET /api/auth/session` with the jar's cookies. */
  async session(): Promise<{
    status: number;
    body: { user: { id: string; staff: boolean; roles: string[]; email: string }; csrfToken: string };
  }> {
    const res = await this.jar.fetch(`${this.appUrl}/api/auth/session`);
    return { status: res.status, body: (await res.json()) as never };
  }
}
