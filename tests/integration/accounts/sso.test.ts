import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/private-redis.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { CLIENT_ID, CLIENT_SECRET, startOidcProvider, type TestProvider } from '../../helpers/oidc-provider.ts';
import { SsoBrowser } from './sso-flow.ts';
import { insertLinkIfFree } from '@planner/server/modules/accounts/sso/repo';
import { PASSWORD, freshUser } from './fixtures.ts';
import { randomUUID } from 'node:crypto';

/**
 * Single sign-on (issue 20) against a real OpenID Connect provider (`oidc-provider`, started here):
 * sign-in with the code flow and PKCE, staff mapped from the `groups` claim at every sign-in, state
 * bound to the browser, accounts found by their (issuer, subject) link, and logout at the provider.
 */
describe('single sign-on with OpenID Connect', () => {
  let provider: TestProvider;
  let server: TestServer;
  const person = (groups: string[]) => {
    const login = `p-${randomUUID().slice(0, 8)}`;
    provider.users.set(login, { email: `${login}@stadtdo.example`, name: `Person ${login}`, groups });
    return login;
  };

  beforeAll(async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUri: `${appUrl}/api/auth/sso/callback`,
      postLogoutRedirectUri: `${appUrl}/login`,
    });
    server = await startServer({
      port,
      env: {
        PUBLIC_URL: appUrl,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_ROLE_CLAIM: 'groups',
        OIDC_STAFF_VALUES: 'planner-staff',
        OIDC_SCOPES: 'openid email profile groups',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('offers single sign-on in the public config', async () => {
    const res = await fetch(`${server.url}/api/public/config`);
    expect(((await res.json()) as { sso: boolean }).sso).toBe(true);
  });

  it('signs a member of the staff group in as staff, with PKCE, state and nonce, and links the account', async () => {
    const login = person(['kultur', 'planner-staff']);
    const browser = new SsoBrowser(server.url);
    const authUrl = new URL(await browser.start('/storefronts'));
    expect(authUrl.origin).toBe(provider.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce']) expect(authUrl.searchParams.get(p)).toBeTruthy();
    expect(authUrl.searchParams.get('scope')).toBe('openid email profile groups');
    const { landed } = await browser.signInAtProvider(authUrl.href, login);
    expect(landed.href).toBe(`${server.url}/storefronts`);
    const { status, body } = await browser.session();
    expect(status).toBe(200);
    expect(body.user).toMatchObject({ email: `${login}@stadtdo.example`, staff: true, roles: ['staff'] });
    // Sessions are the ones a password sign-in makes: the CSRF token guards writes.
    const write = await browser.jar.fetch(`${server.url}/api/auth/logout-all`, { method: 'POST' });
    expect(write.status).toBe(403);
    const { rows } = await server.app.db.query<{ user_id: string; issuer: string }>(
      'select user_id, issuer from oidc_links where subject = $1',
      [login],
    );
    expect(rows).toEqual([{ user_id: body.user.id, issuer: provider.issuer }]);
  });

  it('signs someone outside the staff group in as a designer, and maps the roles anew at every sign-in', async () => {
    const login = person(['kultur']);
    const first = new SsoBrowser(server.url);
    expect((await first.signIn(login)).pathname).toBe('/dashboard');
    const designer = (await first.session()).body.user;
    expect(designer).toMatchObject({ staff: false, roles: ['designer'] });

    // Added to the staff group at the provider: staff at the next sign-in (the same account).
    provider.users.get(login)!.groups.push('planner-staff');
    const second = new SsoBrowser(server.url);
    await second.signIn(login);
    expect((await second.session()).body.user).toMatchObject({ id: designer.id, staff: true, roles: ['staff', 'designer'] });

    // Removed again: staff is gone at the next sign-in, and the sessions signed in as staff end.
    provider.users.get(login)!.groups = ['kultur'];
    const third = new SsoBrowser(server.url);
    await third.signIn(login);
    expect((await third.session()).body.user).toMatchObject({ id: designer.id, staff: false, roles: ['designer'] });
    expect((await second.session()).status).toBe(401);
    expect((await first.session()).status).toBe(401);
    const { rows } = await server.app.db.query<{ staff: boolean; roles: string[] }>(
      'select staff, roles from users where id = $1',
      [designer.id],
    );
    expect(rows[0]).toEqual({ staff: false, roles: ['designer'] });
  });

  it('gives an account made by single sign-on no password by mail (the same answer as for anyone)', async () => {
    const login = person(['planner-staff']);
    const browser = new SsoBrowser(server.url);
    await browser.signIn(login);
    const { user } = (await browser.session()).body;
    const res = await fetch(`${server.url}/api/auth/password-reset`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email }),
    });
    expect(res.status).toBe(202);
    const { rows } = await server.app.db.query<{ n: number }>(
      'select count(*)::int as n from password_reset_tokens where user_id = $1',
      [user.id],
    );
    expect(rows[0].n).toBe(0);
    // A password account asking the same gets its link (the row), so the count above is not vacuous.
    const local = await freshUser();
    await fetch(`${server.url}/api/auth/password-reset`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: local.email }),
    });
    const localRows = await server.app.db.query<{ n: number }>(
      'select count(*)::int as n from password_reset_tokens where user_id = $1',
      [local.id],
    );
    expect(localRows.rows[0].n).toBe(1);
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const login = person(['planner-staff']);
    // The victim's browser started its own sign-in; the attacker's code arrives in it.
    const victim = new SsoBrowser(server.url);
    await victim.start();
    const attacker = new SsoBrowser(server.url);
    const { landed: callback } = await attacker.signInAtProvider(
      await attacker.start(),
      login,
      (u) => u.pathname === '/api/auth/sso/callback',
    );
    expect(callback.pathname).toBe('/api/auth/sso/callback');
    expect(callback.searchParams.get('code')).toBeTruthy();

    for (const [browser, url] of [
      [victim, callback.href],
      [new SsoBrowser(server.url), callback.href],
    ] as const) {
      const res = await browser.jar.fetch(url);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/login?sso=state');
      expect((await browser.session()).status).toBe(401);
    }
    // A changed state in the right browser is refused too.
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-the-state');
    const res = await attacker.jar.fetch(tampered.href);
    expect(res.headers.get('location')).toBe('/login?sso=state');
    expect((await attacker.session()).status).toBe(401);
  });

  it('never takes over a password account by its e-mail address', async () => {
    const local = await freshUser();
    const login = `p-${randomUUID().slice(0, 8)}`;
    provider.users.set(login, { email: local.email.toUpperCase(), name: 'Gleiche Adresse', groups: ['planner-staff'] });
    const browser = new SsoBrowser(server.url);
    expect((await browser.signIn(login)).href).toBe(`${server.url}/login?sso=email-taken`);
    expect((await browser.session()).status).toBe(401);
    const { rows } = await server.app.db.query<{ staff: boolean; links: number }>(
      'select staff, (select count(*)::int from oidc_links where user_id = users.id) as links from users where id = $1',
      [local.id],
    );
    expect(rows[0]).toEqual({ staff: false, links: 0 });

    // Linked on purpose (the CLI's user:link-sso), the service account signs in to it, mapped to staff.
    expect(await insertLinkIfFree(server.app.db, provider.issuer, login, local.id)).toBe(true);
    const again = new SsoBrowser(server.url);
    expect((await again.signIn(login)).pathname).toBe('/dashboard');
    expect((await again.session()).body.user).toMatchObject({ id: local.id, staff: true, roles: ['staff', 'designer'] });
  });

  it('logout ends the session here and, through end_session, at the provider', async () => {
    const login = person(['planner-staff']);
    const browser = new SsoBrowser(server.url);
    await browser.signIn(login);
    const { body } = await browser.session();
    const before = provider.endSessions;

    const out = await browser.jar.fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': body.csrfToken },
    });
    expect(out.status).toBe(200);
    const { endSessionUrl } = (await out.json()) as { endSessionUrl: string };
    const end = new URL(endSessionUrl);
    expect(end.origin).toBe(provider.issuer);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${server.url}/login`);
    expect((await browser.session()).status).toBe(401);

    // The provider asks; „Ja, abmelden“ ends its session and sends the browser back to the login page.
    const asked = await browser.follow(endSessionUrl);
    const html = await asked.res.text();
    expect(html).toContain('Ja, abmelden');
    const action = html.match(/<form id="op.logoutForm" method="post" action="([^"]+)"/)![1];
    const xsrf = html.match(/name="xsrf" value="([^"]+)"/)![1];
    const done = await browser.follow(new URL(action, asked.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(done.hops.at(-1)!.location).toBe(`${server.url}/login`);
    expect(provider.endSessions).toBe(before + 1);

    // Signed out at the provider too: the next sign-in asks for the password again.
    const again = await browser.follow(await browser.start());
    expect(again.res.status).toBe(200);
    expect(await again.res.text()).toContain('Beim Anmeldedienst anmelden');
  });

  it('lets anyone start, signed in or not, but refuses a cross-site start (CSRF)', async () => {
    const local = await freshUser();
    const browser = new SsoBrowser(server.url);
    const login = await browser.jar.fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: local.email, password: PASSWORD }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const start = (headers: Record<string, string>, jar = browser.jar) =>
      jar.fetch(`${server.url}/api/auth/sso/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await start({ 'x-csrf-token': csrfToken })).status).toBe(200);
    expect((await start({})).status).toBe(403);
    const anonymous = new SsoBrowser(server.url).jar;
    expect((await start({ origin: 'https://evil.example' }, anonymous)).status).toBe(403);
    expect((await start({ origin: server.url }, anonymous)).status).toBe(200);
    // Only a path of this site is followed after sign-in.
    const offSite = await anonymous.fetch(`${server.url}/api/auth/sso/start`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ next: '//evil.example/x' }),
    });
    expect(offSite.status).toBe(400);
  });

  it('a password session logs out as before: 204, nothing at the provider', async () => {
    const local = await freshUser();
    const browser = new SsoBrowser(server.url);
    const res = await browser.jar.fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: local.email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const out = await browser.jar.fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
  });
});

describe('single sign-on without a reachable provider, and without one set up', () => {
  it('answers 503 auth.ssoUnavailable when the provider cannot be reached, and 404 when SSO is not set up', async () => {
    const closed = await freePort();
    const down = await startServer({
      env: {
        OIDC_ISSUER: `http://127.0.0.1:${closed}`,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_ROLE_CLAIM: 'groups',
      },
    });
    const off = await startServer();
    try {
      const start = (s: TestServer) =>
        fetch(`${s.url}/api/auth/sso/start`, {
          method: 'POST',
          headers: { origin: 'http://localhost:3000', 'content-type': 'application/json' },
          body: '{}',
        });
      const unreachable = await start(down);
      expect(unreachable.status).toBe(503);
      expect(((await unreachable.json()) as { error: { key: string } }).error.key).toBe('auth.ssoUnavailable');

      const notSetUp = await start(off);
      expect(notSetUp.status).toBe(404);
      expect(((await notSetUp.json()) as { error: { key: string } }).error.key).toBe('auth.ssoNotConfigured');
      const config = (await (await fetch(`${off.url}/api/public/config`)).json()) as { sso: boolean };
      expect(config.sso).toBe(false);
      const callback = await fetch(`${off.url}/api/auth/sso/callback?code=x&state=y`, { redirect: 'manual' });
      expect(callback.headers.get('location')).toBe('/login?sso=not-configured');
    } finally {
      await down.close();
      await off.close();
    }
  });
});
