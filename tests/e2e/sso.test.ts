import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import { freePort } from '../helpers/private-redis.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { CLIENT_ID, CLIENT_SECRET, PROVIDER_PASSWORD, startOidcProvider, type TestProvider } from '../helpers/oidc-provider.ts';

const OIDC = {
  OIDC_CLIENT_ID: CLIENT_ID,
  OIDC_CLIENT_SECRET: CLIENT_SECRET,
  OIDC_ROLE_CLAIM: 'groups',
  OIDC_STAFF_VALUES: 'planner-staff',
};

/**
 * Single sign-on in Chromium (issue 20) against a real OpenID Connect provider started here
 * (`oidc-provider`): „Mit Dienstkonto anmelden“ on the login page, signing in at the provider's page,
 * landing in the app as staff (mapped from the `groups` claim), and signing out of both.
 */
describe.runIf(browserSuites())('single sign-on in the browser', () => {
  let browser: Browser;
  let provider: TestProvider;
  let server: TestServer;
  let down: TestServer;

  test.beforeAll(async ({ browser: b }) => {
    browser = b;
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUri: `${appUrl}/api/auth/sso/callback`,
      postLogoutRedirectUri: `${appUrl}/login`,
    });
    provider.users.set('s.stadt', { email: 'sabine.stadt@stadtdo.example', name: 'Sabine Stadt', groups: ['planner-staff'] });
    server = await startServer({
      port,
      env: { PUBLIC_URL: appUrl, OIDC_ISSUER: provider.issuer, ...OIDC, OIDC_SCOPES: 'openid email profile groups' },
    });
    // The same settings with a provider that does not answer.
    down = await startServer({ env: { OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`, ...OIDC } });
  });
  afterAll(async () => {
    await server?.close();
    await down?.close();
    await provider?.close();
  });

  it('signs in with the service account as staff, then signs out of the app and the provider', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(server.url + '/login');
    const sso = page.getByRole('button', { name: 'Mit Dienstkonto anmelden' });
    await sso.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sso-login');
    // By keyboard: the button takes the focus and Enter starts the sign-in.
    await sso.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByLabel('Benutzername').fill('s.stadt');
    await page.getByLabel('Passwort').fill(PROVIDER_PASSWORD);
    await page.getByRole('button', { name: 'Beim Anmeldedienst anmelden' }).click();
    await page.waitForURL(`${server.url}/dashboard`);
    // Staff: the staff dashboard and the staff role from the group.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Sabine Stadt');
    await page.getByRole('heading', { name: 'Warten auf Freigabe' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
    expect(me.user).toMatchObject({ email: 'sabine.stadt@stadtdo.example', staff: true, roles: ['staff'] });
    await screenshot(page, 'sso-dashboard-staff');

    const endSessionsBefore = provider.endSessions;
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByRole('button', { name: 'Ja, abmelden' }).click();
    await page.waitForURL(`${server.url}/login`);
    expect(provider.endSessions).toBe(endSessionsBefore + 1);
    await page.getByRole('button', { name: 'Mit Dienstkonto anmelden' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
    // Signed out at the provider as well: signing in again asks for the password there.
    await page.getByRole('button', { name: 'Mit Dienstkonto anmelden' }).click();
    await page.waitForURL(`${provider.issuer}/interaction/**`);
    await page.getByLabel('Benutzername').waitFor();
    await ctx.close();
  });

  it('says so in German when the provider cannot be reached, and when a sign-in came back refused', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(down.url + '/login');
    await page.getByRole('button', { name: 'Mit Dienstkonto anmelden' }).click();
    await expect
      .poll(() => page.getByTestId('sso-error').textContent())
      .toContain('Der Anmeldedienst der Stadt ist gerade nicht erreichbar');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('button', { name: 'Mit Dienstkonto anmelden' }).isEnabled()).toBe(true);

    await page.goto(server.url + '/login?sso=state');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Die Anmeldung mit Dienstkonto ist abgelaufen oder wurde nicht in diesem Browser begonnen');
    await ctx.close();
  });
});
