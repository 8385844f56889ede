import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, screenshot, signIn } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { demoWithApis, type DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/demo/seed';

describe.runIf(hasChromium)('the staff dashboard updates live', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    ({ demo, api } = await demoWithApis(server));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a plan submitted in a second browser context appears on the staff dashboard without reload', async () => {
    const title = `Lichtspiele ${Math.random().toString(36).slice(2, 7)}`;
    const plan = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title });
    expect(plan.status).toBe(201);

    const staffCtx = await browser.newContext();
    const staff = await staffCtx.newPage();
    await signIn(staff, server.url, demo.users.staff.email, demo.password);
    await expect.poll(async () => (await staff.getByRole('heading', { name: 'Warten auf Freigabe' }).count())).toBe(1);
    // Loaded, and our plan is not waiting yet.
    await expect.poll(async () => (await staff.getByTestId('waiting-plans').count()) + (await staff.getByText('Keine Pläne warten auf Freigabe.').count())).toBe(1);
    const waiting = staff.getByRole('region', { name: 'Warten auf Freigabe' });
    expect(await waiting.getByRole('link', { name: title }).count()).toBe(0);
    let navigations = 0;
    staff.on('framenavigated', (f) => {
      if (f === staff.mainFrame()) navigations++;
    });

    const designerCtx = await browser.newContext();
    const designer = await designerCtx.newPage();
    await signIn(designer, server.url, demo.users.designer1.email, demo.password);
    await designer.goto(`${server.url}/plans/${plan.body.id}`);
    await designer.getByRole('button', { name: 'Einreichen' }).click();
    await expect.poll(() => designer.getByTestId('plan-status').textContent()).toContain('eingereicht');

    await expect.poll(() => waiting.getByRole('link', { name: title }).count(), { timeout: 10_000 }).toBe(1);
    expect(navigations).toBe(0);
    await expect.poll(() => staff.getByTestId('unread').textContent()).toMatch(/\d/);
    await screenshot(staff, 'dashboard-staff-live');
    await staffCtx.close();
    await designerCtx.close();
  });
});
