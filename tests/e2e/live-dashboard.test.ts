import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { addScheduleEntry, updateScheduleEntry } from '@planner/shared/plan/index';
import { openDoc, serverPlan, waitFor } from '../integration/review/helpers.ts';
import { approve } from '../helpers/decisions.ts';

describe.runIf(browserSuites())('the staff dashboard updates live', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
  });

  it('a plan submitted in a second browser context appears on the staff dashboard without reload', async () => {
    const title = `Lichtspiele ${Math.random().toString(36).slice(2, 7)}`;
    const plan = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title });
    expect(plan.status).toBe(201);

    const staffCtx = await browser.newContext();
    const staff = await staffCtx.newPage();
    await signIn(staff, server.url, demo.users.staff.email, demo.password);
    await expect.poll(async () => await staff.getByRole('heading', { name: 'Warten auf Freigabe' }).count()).toBe(1);
    // Loaded, and our plan is not waiting yet.
    await expect
      .poll(
        async () =>
          (await staff.getByTestId('waiting-plans').count()) +
          (await staff.getByText('Keine Pläne warten auf Freigabe.').count()),
      )
      .toBe(1);
    const waiting = staff.getByRole('region', { name: 'Warten auf Freigabe' });
    expect(await waiting.getByRole('link', { name: title }).count()).toBe(0);
    let navigations = 0;
    staff.on('framenavigated', (f) => {
      if (f === staff.mainFrame()) navigations++;
    });

    const designerCtx = await browser.newContext();
    const designer = await designerCtx.newPage();
    await signIn(designer, server.url, demo.users.designer1.email, demo.password);
    // The designer's browser submits with its own session (cookie and CSRF header), as the plan page does.
    const submitted = await designer.evaluate(async (planId) => {
      const csrf = decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('kq_csrf='))!
          .slice(8),
      );
      const res = await fetch(`/api/plans/${planId}/transitions/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: '{}',
      });
      return { status: res.status, body: await res.json() };
    }, plan.body.id as string);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    await expect.poll(() => waiting.getByRole('link', { name: title }).count(), { timeout: 10_000 }).toBe(1);
    expect(navigations).toBe(0);
    await expect.poll(() => staff.getByTestId('unread').textContent()).toMatch(/\d/);
    await screenshot(staff, 'dashboard-staff-live');
    await staffCtx.close();
    await designerCtx.close();
  });

  it('the bell counts new notifications live; the list marks them read', async () => {
    const title = `Schaufensterkino ${Math.random().toString(36).slice(2, 7)}`;
    const plan = await api.designer2.post('/api/plans', { storefrontId: demo.storefrontIds[0], title });
    expect(plan.status).toBe(201);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.owner1.email, demo.password);
    await page.getByTestId('bell').click();
    await page.waitForURL('**/notifications');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Benachrichtigungen');
    // Loaded (a list or its empty text), then the current count (no badge: none unread).
    await expect
      .poll(
        async () =>
          (await page.getByTestId('notification-list').count()) + (await page.getByText('Keine Benachrichtigungen.').count()),
      )
      .toBe(1);
    const unread = async () =>
      (await page.getByTestId('unread').count()) ? await page.getByTestId('unread').textContent() : '0';
    const before = Number(await unread());

    expect((await api.designer2.post(`/api/plans/${plan.body.id}/transitions/submit`)).status).toBe(200);
    // The owner hears of a plan for their storefront: bell and list update without reload.
    await expect.poll(unread).toBe(String(before + 1));
    const item = page.getByTestId('notification-list').getByRole('listitem').filter({ hasText: title });
    await expect.poll(() => item.count()).toBe(1);
    expect(await page.getByRole('link', { name: `Benachrichtigungen ${before + 1} ungelesen`, exact: true }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'notifications');
    await item.getByRole('button', { name: 'Als gelesen markieren' }).click();
    await expect.poll(() => item.getByRole('button').count()).toBe(0);
    await expect.poll(unread).toBe(String(before));
    await ctx.close();
  });

  it('a schedule edit after the approval puts the plan under stale approvals, live', async () => {
    const title = `Nachtschicht ${Math.random().toString(36).slice(2, 7)}`;
    const plan = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[1], title });
    const planId = plan.body.id as string;
    const d = await openDoc(server, planId, api.designer1.token!);
    addScheduleEntry(d.doc, {
      id: 'e1',
      kind: 'event',
      title: 'Lesung',
      start: '2027-04-02T19:00:00+02:00',
      end: '2027-04-02T21:00:00+02:00',
      public: true,
    });
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 1, 5000, 'entry on the server');
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, demo.users.staff.email, demo.password);
    const stale = page.getByRole('region', { name: 'Veraltete Freigaben' });
    await expect
      .poll(
        async () =>
          (await stale.getByTestId('stale-plans').count()) + (await stale.getByText('Alle Freigaben sind aktuell.').count()),
      )
      .toBe(1);
    expect(await stale.getByRole('link', { name: title }).count()).toBe(0);

    updateScheduleEntry(d.doc, 'e1', { start: '2027-04-02T20:00:00+02:00', end: '2027-04-02T22:00:00+02:00' });
    await expect.poll(() => stale.getByRole('link', { name: title }).count(), { timeout: 10_000 }).toBe(1);
    d.close();
    await ctx.close();
  });
});
