import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry, toBerlinISO } from '@planner/shared';
import { test, waitFor } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { openDoc } from '../helpers/yjs.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor } from './editor-kit.ts';

/**
 * The duty rota on a phone (issue 18), 390 × 844: a designer signs up for an uncovered shift in the
 * "Aufsicht" panel and the uncovered-hours finding disappears; "Heute" lists the shift with the
 * storefront's address. Neither page scrolls sideways (at 390 px, nor at 360 px).
 */
const noSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

describe.runIf(browserSuites())('duty rota on a phone', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let shiftId: string;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    // Opening hours that began half an hour ago and run two more hours: today (Berlin) whenever the
    // test runs, and well within 48 h.
    const start = Math.floor((Date.now() - 1_800_000) / 60_000) * 60_000;
    const c = openDoc(server.wsUrl, demo.planId, api.designer1.token!);
    await c.synced;
    addScheduleEntry(c.doc, {
      id: 'heute-offen',
      kind: 'open-hours',
      title: 'Offene Tür',
      start: toBerlinISO(start),
      end: toBerlinISO(start + 2.5 * 3_600_000),
      public: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    c.close();
    // The checks keep the plan's snapshot; the rota reads the entry from it.
    await waitFor(async () => (await api.designer1.get(`/api/plans/${demo.planId}/rota`)).body.findings.length > 0, 15_000);
    const suggested = await api.designer2.post(`/api/plans/${demo.planId}/rota/suggest`);
    expect(suggested.status).toBe(200);
    shiftId = suggested.body.created.find((x: { entryId: string }) => x.entryId === 'heute-offen').id;
  });

  it('a designer signs up in the Aufsicht panel, the finding goes, and Heute lists the shift', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    try {
      const login = await ctx.request.post(`${server.url}/api/auth/login`, {
        data: { email: demo.users.designer1.email, password: demo.password },
        headers: { origin: server.url },
      });
      expect(login.ok()).toBe(true);
      const page = await openEditor(ctx, server, demo.planId);
      await page.getByRole('tab', { name: 'Aufsicht' }).click();
      const panel = page.getByTestId('rota-panel');
      await panel.waitFor();
      const uncovered = panel.locator('[data-testid="rota-finding"][data-kind="rota-uncovered"]');
      await expect.poll(() => uncovered.count(), { timeout: 10_000 }).toBe(1);
      // Within 48 h: an error.
      expect(await uncovered.getAttribute('data-severity')).toBe('error');
      expect(await uncovered.textContent()).toContain('Offene Tür');
      expect(await noSideways(page)).toBe(true);
      await screenshot(page, 'rota-panel-phone-uncovered');

      const card = panel.locator(`[data-shift-id="${shiftId}"]`);
      // Keyboard: focus the button and press Enter.
      await card.getByTestId('rota-signup').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain(demo.users.designer1.name);
      await expect.poll(() => uncovered.count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(() => card.getByTestId('rota-signoff').count()).toBe(1);
      // The plan's findings list (Status & Freigabe) no longer has it either.
      await page.getByRole('tab', { name: 'Status & Freigabe' }).click();
      const list = page.getByTestId('findings-list');
      await list.waitFor();
      await expect.poll(() => list.locator('[data-kind="rota-uncovered"]').count(), { timeout: 10_000 }).toBe(0);
      await page.getByRole('tab', { name: 'Aufsicht' }).click();
      await panel.waitFor();
      expect(await noSideways(page)).toBe(true);
      await screenshot(page, 'rota-panel-phone-covered');
      expect(await seriousA11yViolations(page)).toEqual([]);

      // "Heute" from the navigation.
      await page.goto(`${server.url}/heute`);
      const shift = page.getByTestId('today-shift');
      await expect.poll(() => shift.count(), { timeout: 10_000 }).toBe(1);
      const text = await shift.textContent();
      expect(text).toContain('Offene Tür');
      expect(text).toContain('Rheinische Straße 12, 44137 Dortmund');
      expect(await page.getByTestId('today-entry').filter({ hasText: 'Offene Tür' }).count()).toBeGreaterThan(0);
      expect(await noSideways(page)).toBe(true);
      await screenshot(page, 'heute-phone');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 360, height: 780 });
      expect(await noSideways(page)).toBe(true);
      await page.goto(`${server.url}/plans/${demo.planId}?tab=rota`);
      await page.getByTestId('rota-panel').waitFor();
      await page.getByTestId('rota-shift').first().waitFor();
      expect(await noSideways(page)).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('deleting a shift asks first; cancelling keeps it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    try {
      await ctx.request.post(`${server.url}/api/auth/login`, {
        data: { email: demo.users.designer1.email, password: demo.password },
        headers: { origin: server.url },
      });
      const page = await openEditor(ctx, server, demo.planId);
      await page.getByRole('tab', { name: 'Aufsicht' }).click();
      const card = page.locator(`[data-shift-id="${shiftId}"]`);
      await card.waitFor();
      await card.getByTestId('rota-delete').click();
      const dialog = page.getByTestId('confirm-dialog').filter({ hasText: 'Schicht wirklich löschen?' });
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(
        (await api.designer1.get(`/api/plans/${demo.planId}/rota`)).body.shifts.some((s: { id: string }) => s.id === shiftId),
      ).toBe(true);
      await card.getByTestId('rota-delete').click();
      await dialog.getByRole('button', { name: 'Schicht löschen' }).click();
      await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(0);
      expect(
        (await api.designer1.get(`/api/plans/${demo.planId}/rota`)).body.shifts.some((s: { id: string }) => s.id === shiftId),
      ).toBe(false);
    } finally {
      await ctx.close();
    }
  });
});
