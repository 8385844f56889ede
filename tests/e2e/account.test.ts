import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';

describe.runIf(browserSuites())('changing one’s password on the account page', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo } = world);
  });

  it('a wrong current password says so; the right one changes it, and only the new one signs in afterwards', async () => {
    const email = demo.users.designer3.email;
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, email, demo.password);
    await page.goto(server.url + '/account');
    await expect.poll(() => page.title()).toContain('Mein Konto');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const form = {
      current: page.getByLabel('Aktuelles Passwort'),
      next: page.getByLabel('Neues Passwort', { exact: true }),
      repeat: page.getByLabel('Passwort wiederholen'),
      submit: page.getByRole('button', { name: 'Passwort ändern' }),
    };
    await form.current.fill('ganz-falsch-geraten');
    await form.next.fill('ein-ganz-neues-passwort');
    await form.repeat.fill('ein-ganz-neues-passwort');
    await form.submit.click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Das aktuelle Passwort ist falsch');

    await form.current.fill(demo.password);
    await form.next.fill('ein-ganz-neues-passwort');
    await form.repeat.fill('ein-ganz-neues-passwort');
    await form.submit.click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /geändert/i })
          .count(),
      )
      .toBe(1);
    await screenshot(page, 'account-password-changed');
    await ctx.close();

    const fresh = await browser.newContext();
    const login = await fresh.newPage();
    await login.goto(server.url + '/login');
    await login.getByLabel('E-Mail-Adresse').fill(email);
    await login.getByLabel('Passwort', { exact: true }).fill(demo.password);
    await login.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => login.getByTestId('login-error').textContent()).toContain('E-Mail-Adresse oder Passwort ist falsch');
    await login.getByLabel('Passwort', { exact: true }).fill('ein-ganz-neues-passwort');
    await login.getByRole('button', { name: 'Anmelden' }).click();
    await login.waitForURL('**/dashboard');
    await fresh.close();
  });
});
