import { describe, expect, it } from 'vitest';
import { test, waitFor } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { request, tokenFor } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { freshUser, PASSWORD } from '../integration/accounts/fixtures.ts';

/**
 * Issue 14 in the browser: a password reset from the sign-in page through the mailed link, after which
 * the old session and bearer token are refused; and a notification about a comment whose link opens
 * the plan on its review tab, which a reload keeps (`?tab=review`).
 */
describe.runIf(browserSuites())('password reset and notification links in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let mailer: MemoryMailer;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    // The mail the console mailer would print, kept for the test to read the link from.
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  it('resets the password from the mailed link; the old session and bearer token are refused', async () => {
    const user = await freshUser();
    const bearer = await tokenFor(server, user.email, PASSWORD);
    const oldCtx = await browser.newContext();
    const old = await oldCtx.newPage();
    await signIn(old, server.url, user.email, PASSWORD);
    expect((await oldCtx.request.get(`${server.url}/api/auth/session`)).status()).toBe(200);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await page.waitForURL('**/passwort-vergessen');
    await page.getByLabel('E-Mail-Adresse').fill(user.email);
    await page.getByRole('button', { name: 'Link zusenden' }).click();
    await expect.poll(() => page.getByTestId('reset-sent').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const mail = await waitFor(() => mailer.sent.find((m) => m.to === user.email), 5000, 'the reset mail');
    const path = /\/passwort-zuruecksetzen\/[\w-]+/.exec(mail.text)?.[0];
    expect(path).toBeTruthy();
    await page.goto(server.url + path);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('ein neues langes Passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('ein neues langes Passwort');
    await screenshot(page, 'password-reset');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await expect.poll(() => page.getByTestId('reset-done').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    expect((await oldCtx.request.get(`${server.url}/api/auth/session`)).status()).toBe(401);
    expect((await request(server, bearer, 'GET', '/api/auth/session')).status).toBe(401);

    // The link is used up; the new password signs in.
    await page.goto(server.url + path);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('noch ein anderes Passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('noch ein anderes Passwort');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await expect.poll(() => page.getByTestId('reset-invalid').count()).toBe(1);
    await signIn(page, server.url, user.email, 'ein neues langes Passwort');
    await ctx.close();
    await oldCtx.close();
  });

  it('a comment notification shows its excerpt and its link opens the review tab, which survives a reload', async () => {
    const body = `Bitte den Eingang freihalten ${Math.random().toString(36).slice(2, 7)}`;
    const posted = await api.owner1.post(`/api/plans/${demo.planId}/comments`, { body, anchor: { kind: 'plan' } });
    expect(posted.status).toBe(201);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.designer1.email, demo.password);
    await page.goto(`${server.url}/notifications`);
    const item = page.getByTestId('notification-list').getByRole('listitem').filter({ hasText: body });
    await expect.poll(() => item.count()).toBe(1);
    // Newest first: the new comment's notification is the first one.
    expect(await page.getByTestId('notification-excerpt').first().textContent()).toBe(body);
    await item.getByRole('link').click();
    await page.waitForURL(`**/plans/${demo.planId}?tab=review`);
    const review = page.getByRole('tab', { name: 'Status & Freigabe' });
    await expect.poll(() => review.getAttribute('aria-selected')).toBe('true');

    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: 'Status & Freigabe' }).getAttribute('aria-selected')).toBe('true');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('review');

    await page.getByRole('tab', { name: 'Zeitplan' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('schedule');
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: 'Zeitplan' }).getAttribute('aria-selected')).toBe('true');
    await ctx.close();
  });
});
