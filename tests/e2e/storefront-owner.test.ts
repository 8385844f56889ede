import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { storefrontBody } from '../integration/domain/fixtures.ts';

describe.runIf(browserSuites())('staff name the owner of a storefront', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
  });

  it('by searching and picking a person; the new owner can then edit the storefront', async () => {
    const created = await api.staff.post('/api/storefronts', storefrontBody(demo.quarterId, { ownerId: demo.users.owner1.id }));
    expect(created.status).toBe(201);
    const storefrontId: string = created.body.id;
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.staff.email, demo.password);
    await page.goto(`${server.url}/storefronts/${storefrontId}/edit`);
    await expect.poll(() => page.getByTestId('owner-current').textContent()).toContain(demo.users.owner1.email);

    await page.getByLabel('Person suchen (Name oder E-Mail)').fill(demo.users.owner2.email);
    const pick = page.getByRole('button', { name: new RegExp(`eintragen.*${demo.users.owner2.email.replace(/[.+]/g, '\\$&')}`) });
    await expect.poll(() => pick.count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await pick.click();
    await expect.poll(() => page.getByTestId('owner-current').textContent()).toContain(demo.users.owner2.email);
    await screenshot(page, 'storefront-owner-picker');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(`**/storefronts/${storefrontId}`);
    expect((await api.staff.get(`/api/storefronts/${storefrontId}`)).body.ownerId).toBe(demo.users.owner2.id);
    // The new owner edits its availability; the former owner no longer may.
    expect((await api.owner2.patch(`/api/storefronts/${storefrontId}`, { houseRules: ['Neue Eigentümerin'] })).status).toBe(200);
    expect((await api.owner1.patch(`/api/storefronts/${storefrontId}`, { houseRules: ['x'] })).status).toBe(403);

    // Clearing the entry leaves the storefront without an owner.
    await page.goto(`${server.url}/storefronts/${storefrontId}/edit`);
    await page.getByRole('button', { name: 'Eintrag entfernen' }).click();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(`**/storefronts/${storefrontId}`);
    expect((await api.staff.get(`/api/storefronts/${storefrontId}`)).body.ownerId).toBeNull();
    await ctx.close();
  });
});
