import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';

describe.runIf(browserSuites())('accepting an invitation in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
  });

  it('a new person sets name and password in a fresh context and lands in the plan; the link then is used up', async () => {
    const email = `neu+${Math.random().toString(36).slice(2, 8)}@example.org`;
    const created = await api.staff.post('/api/invitations', { email, role: 'designer', planId: demo.planId });
    expect(created.status).toBe(201);
    const token = String(created.body.url).split('/einladung/')[1];

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/einladung/${token}`);
    await expect.poll(() => page.getByText('zum Plan „Klangraum Unionviertel“').count()).toBe(1);
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(email);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Ihr Name').fill('Nina Neu');
    await page.getByLabel('Passwort wählen').fill('kurz');
    await page.getByLabel('Passwort wiederholen').fill('kurz');
    await page.getByRole('button', { name: 'Einladung annehmen' }).click();
    await expect.poll(() => page.getByTestId('invite-error').textContent()).toContain('mindestens 10 Zeichen');
    await page.getByLabel('Passwort wählen').fill('ein langes Passwort');
    await page.getByLabel('Passwort wiederholen').fill('ein langes Passwort');
    await screenshot(page, 'invitation');
    await page.getByRole('button', { name: 'Einladung annehmen' }).click();
    await page.waitForURL(`**/plans/${demo.planId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Klangraum Unionviertel');
    const members = await api.staff.get(`/api/plans/${demo.planId}/members`);
    expect(members.body.members).toContainEqual(expect.objectContaining({ name: 'Nina Neu', email, role: 'designer' }));
    expect(await page.getByRole('link', { name: 'Nina Neu' }).count()).toBe(1); // signed in: the name in the header
    expect(await seriousA11yViolations(page)).toEqual([]);
    await ctx.close();

    const again = await browser.newContext();
    const p2 = await again.newPage();
    await p2.goto(`${server.url}/einladung/${token}`);
    await expect
      .poll(() => p2.getByTestId('invite-invalid').textContent())
      .toContain('ungültig, abgelaufen oder wurde bereits angenommen');
    expect(await seriousA11yViolations(p2)).toEqual([]);
    await again.close();
  });

  it('staff invite an owner from the dashboard; the owner accepts the link and lands on their dashboard', async () => {
    const email = `eigen+${Math.random().toString(36).slice(2, 8)}@example.org`;
    const staffCtx = await browser.newContext();
    const staff = await staffCtx.newPage();
    await signIn(staff, server.url, demo.users.staff.email, demo.password);
    const panel = staff.getByRole('region', { name: 'Person einladen' });
    await panel.getByLabel('E-Mail-Adresse').fill('keine-adresse');
    await panel.getByRole('button', { name: 'Einladung senden' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('gültige E-Mail-Adresse');
    await panel.getByLabel('E-Mail-Adresse').fill(email);
    await panel.getByLabel('Rolle').selectOption({ label: 'Eigentümer:in' });
    await panel.getByRole('button', { name: 'Einladung senden' }).click();
    const link = panel.getByTestId('invite-link');
    await expect.poll(() => link.count()).toBe(1);
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/einladung/`));
    expect(await seriousA11yViolations(staff)).toEqual([]);
    await staffCtx.close();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(url);
    await page.getByLabel('Ihr Name').fill('Erika Eigen');
    await page.getByLabel('Passwort wählen').fill('noch ein langes Passwort');
    await page.getByLabel('Passwort wiederholen').fill('noch ein langes Passwort');
    await page.getByRole('button', { name: 'Einladung annehmen' }).click();
    await page.waitForURL('**/dashboard');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Erika Eigen');
    await ctx.close();
  });
});
