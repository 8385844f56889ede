import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { foreignRequests, browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { demoWithApis, type DemoApis } from '../helpers/api.ts';
import { addTask } from '@planner/shared/plan/index';
import { openDoc, serverPlan, waitFor } from '../integration/review/helpers.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';

describe.runIf(browserSuites())('sign-in and the dashboard of each role', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
  });

  it('a wrong password shows the message, not a crash; then the right one signs in', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(server.url + '/login');
    await expect.poll(() => page.title()).toContain('Anmelden');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('E-Mail-Adresse').fill(demo.users.designer1.email);
    await page.getByLabel('Passwort', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('E-Mail-Adresse oder Passwort ist falsch');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'sign-in-wrong-password');
    await page.getByLabel('Passwort', { exact: true }).fill(demo.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL('**/dashboard');
    await ctx.close();
  });

  it('staff see plans waiting for approval, findings and the week ahead', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const foreign = foreignRequests(page, server.url);
    await signIn(page, server.url, demo.users.staff.email, demo.password);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Sabine Stab');
    for (const h of ['Warten auf Freigabe', 'Veraltete Freigaben', 'Befunde in der Stadt', 'Die nächsten sieben Tage']) {
      expect(await page.getByRole('heading', { name: h }).count()).toBe(1);
    }
    // The waiting list has finished loading (a list or its empty text).
    await expect
      .poll(
        async () =>
          (await page.getByTestId('waiting-plans').count()) + (await page.getByText('Keine Pläne warten auf Freigabe.').count()),
      )
      .toBe(1);
    await expect.poll(() => page.title()).toContain('Übersicht');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-staff');
    // On a phone the navigation folds into a menu button that works by keyboard.
    await page.setViewportSize({ width: 390, height: 844 });
    const storefronts = page.getByRole('link', { name: 'Ladenlokale' });
    expect(await storefronts.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menü' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => storefronts.isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-staff-phone');
    expect(foreign).toEqual([]);
    await ctx.close();
  });

  it('a designer sees their plans and open tasks; an owner sees the plans for their storefronts and unanswered comments', async () => {
    // A task for designer1 in the plan document, and a comment the owner has not answered.
    const d = await openDoc(server, demo.planId, api.designer2.token!);
    addTask(d.doc, { title: 'Beamer abholen', assignee: demo.users.designer1.id, due: '2027-02-20', status: 'todo' });
    addTask(d.doc, { title: 'Schon erledigt', assignee: demo.users.designer1.id, status: 'done' });
    await waitFor(
      async () => Object.keys((await serverPlan(server, demo.planId)).tasks).length === 2,
      5000,
      'tasks on the server',
    );
    d.close();
    const comment = await api.designer2.post(`/api/plans/${demo.planId}/comments`, {
      body: 'Dürfen wir die Schaufenster abkleben?',
      anchor: { kind: 'plan' },
    });
    expect(comment.status).toBe(201);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.designer1.email, demo.password);
    await expect.poll(() => page.getByTestId('my-plans').textContent()).toContain('Klangraum Unionviertel');
    await expect.poll(() => page.getByTestId('my-tasks').textContent()).toContain('Beamer abholen');
    expect(await page.getByTestId('my-tasks').textContent()).not.toContain('Schon erledigt');
    expect(await page.getByTestId('owner-dashboard').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-designer');
    await ctx.close();

    const ctx2 = await browser.newContext();
    const owner = await ctx2.newPage();
    await signIn(owner, server.url, demo.users.owner1.email, demo.password);
    await expect.poll(() => owner.getByTestId('owner-plans').textContent()).toContain('Klangraum Unionviertel');
    await expect.poll(() => owner.getByTestId('open-comments').textContent()).toContain('Dürfen wir die Schaufenster abkleben?');
    expect(await owner.getByRole('link', { name: 'Ladenlokal Rheinische Straße' }).count()).toBeGreaterThan(0);
    expect(await owner.getByTestId('designer-dashboard').count()).toBe(0);
    expect(await seriousA11yViolations(owner)).toEqual([]);
    await screenshot(owner, 'dashboard-owner');
    await ctx2.close();
  });

  it('signing out ends the session: app pages send you to the sign-in page', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.designer2.email, demo.password);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await page.goto(server.url + '/storefronts');
    await page.waitForURL('**/login?next=%2Fstorefronts');
    expect(await page.getByRole('heading', { name: 'Anmelden' }).count()).toBe(1);
    await ctx.close();
  });

  it('the account page offers the password change, in English too', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.designer3.email, demo.password);
    await page.getByRole('link', { name: demo.users.designer3.name }).click();
    await page.waitForURL('**/account');
    expect(await page.getByRole('heading', { name: 'Passwort ändern' }).count()).toBe(1);
    // Client-side checks answer before any request.
    await page.getByLabel('Aktuelles Passwort').fill(demo.password);
    await page.getByLabel('Neues Passwort').fill('kurz');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('mindestens 10 Zeichen');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Sprache').first().selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My account');
    await ctx.close();
  });
});

describe.runIf(browserSuites())('sign-in under the failed-login limit', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  // Its own server: the failed-login limit is a start-up setting (the file's server keeps the default).
  test.beforeAll(async ({ browser: b }) => {
    browser = b;
    server = await startServer({ env: { LOGIN_MAX_FAILURES: '2', LOGIN_BACKOFF_SECONDS: '60' } });
    ({ demo } = await demoWithApis(server));
  });
  afterAll(() => server?.close());

  it('after too many wrong passwords the page says how long to wait, not "wrong password"', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/login');
    await page.getByLabel('E-Mail-Adresse').fill(demo.users.owner2.email);
    for (let i = 0; i < 2; i++) {
      await page.getByLabel('Passwort', { exact: true }).fill(`falsch-${i}`);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('E-Mail-Adresse oder Passwort ist falsch');
      await expect.poll(() => page.getByLabel('Passwort', { exact: true }).inputValue()).toBe('');
    }
    await page.getByLabel('Passwort', { exact: true }).fill(demo.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toMatch(/Zu viele fehlgeschlagene Anmeldeversuche\. Bitte warten Sie \d+ Sekunden/);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('a browser that signed in before still gets in while someone else’s failures slow the account down', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const email = demo.users.designer3.email;
    await signIn(page, server.url, email, demo.password);
    const device = (await ctx.cookies()).find((c) => c.name === 'kq_device');
    expect(device).toMatchObject({ httpOnly: true, path: '/api/auth', sameSite: 'Strict' });
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    // Someone else tries passwords for the account: it is slowed down for everyone else …
    const attempt = (password: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    for (let i = 0; i < 2; i++) expect((await attempt(`falsch-${i}-xxxxx`)).status).toBe(401);
    expect((await attempt(demo.password)).status).toBe(429);
    // … not for this browser.
    await signIn(page, server.url, email, demo.password);
    await ctx.close();
  });
});
