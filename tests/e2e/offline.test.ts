import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry } from '@planner/shared';
import { browserSuites, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openDoc } from '../helpers/yjs.ts';
import { openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';

/**
 * Issue 18: a plan opened once works after a reload without network. Context A (the lead designer)
 * opens the plan, the service worker takes over, the network goes, the page reloads: the editor comes
 * up from the cached app shell, the cached plan data and the document in IndexedDB, says "offline",
 * takes an edit, and when the network is back the edit reaches context B (another member, online
 * all along). Signing out deletes the cached answers; so does another account signing in.
 */

const RUNTIME = ['kq-data', 'kq-files'];

/** The cache names of the page's origin. */
const cacheNames = (page: Page): Promise<string[]> => page.evaluate(() => caches.keys());

/** Whether the service worker's data cache holds an answer for `path`. */
const cached = (page: Page, path: string): Promise<boolean> =>
  page.evaluate(async (p) => (await caches.has('kq-data')) && !!(await (await caches.open('kq-data')).match(p)), path);

describe.runIf(browserSuites())('a plan offline (service worker, cached plan data, IndexedDB)', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    demo = world.demo;
    await prepareStorefront(server, world.api, demo);
    const c = openDoc(server.wsUrl, demo.planId, world.api.designer1.token!);
    await c.synced;
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    addScheduleEntry(c.doc, {
      id: 'off-setup',
      kind: 'setup',
      title: 'Aufbau',
      start: `${day}T09:00:00+01:00`,
      end: `${day}T16:00:00+01:00`,
    });
    c.close();
  });

  it('reloads the plan without network, takes an edit, and merges it when the connection returns', async () => {
    const a = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const b = await signedInContext(browser, server, demo.users.designer2.email, demo.password);
    try {
      const pageA = await openEditor(a, server, demo.planId);
      // The service worker controls the page and has stored the plan's answers of this first load.
      await expect.poll(() => pageA.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => cached(pageA, `/api/plans/${demo.planId}`), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => cached(pageA, '/api/auth/session'), { timeout: 15_000 }).toBe(true);
      await pageA.getByRole('tab', { name: 'Zeitplan' }).click();
      await pageA.getByTestId('schedule-table').waitFor();

      const pageB = await openEditor(b, server, demo.planId);
      await pageB.getByRole('tab', { name: 'Zeitplan' }).click();
      await pageB.getByTestId('schedule-table').waitFor();

      await a.setOffline(true);
      await pageA.reload();
      // The editor from the cache: the plan's title, the schedule from IndexedDB, and "offline" said plainly.
      await pageA.getByTestId('plan-editor').waitFor({ timeout: 15_000 });
      await expect.poll(() => pageA.getByTestId('save-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
      expect(await pageA.getByTestId('offline-note').isVisible()).toBe(true);
      // The network is really gone, for the page and for the service worker: an answer it has not stored fails.
      expect(
        await pageA.evaluate(() =>
          fetch('/api/health').then(
            (r) => r.status,
            () => 'failed',
          ),
        ),
      ).toBe('failed');
      expect(
        await pageA.evaluate(
          (id) =>
            fetch(`/api/plans/${id}/members?probe=1`).then(
              (r) => r.status,
              () => 'failed',
            ),
          demo.planId,
        ),
      ).toBe('failed');
      expect(await pageA.getByRole('heading', { level: 1 }).textContent()).toBe(
        await pageB.getByRole('heading', { level: 1 }).textContent(),
      );
      await expect.poll(() => pageA.getByTestId('schedule-table').textContent()).toContain('Aufbau');
      expect(await pageA.getByTestId('plan-gate-loading').count()).toBe(0);
      await screenshot(pageA, 'offline-editor');

      // An edit offline: a new schedule entry, titled in its form.
      await pageA.getByRole('button', { name: 'Neuer Eintrag' }).click();
      await pageA.locator('#kq-e-title').fill('Offline geplant');
      await pageA.locator('#kq-e-title').press('Enter');
      await expect.poll(() => pageA.getByTestId('schedule-table').textContent()).toContain('Offline geplant');
      expect(await pageA.getByTestId('save-state').getAttribute('data-state')).toBe('offline');
      // B, online all along, does not have it yet.
      expect(await pageB.getByTestId('schedule-table').textContent()).not.toContain('Offline geplant');

      // Back online: the browser's `online` event reconnects at once (no waiting for the provider's timer).
      await a.setOffline(false);
      await expect.poll(() => pageA.getByTestId('save-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
      expect(await pageA.getByTestId('offline-note').count()).toBe(0);
      await expect
        .poll(() => pageB.getByTestId('schedule-table').textContent(), { timeout: 15_000 })
        .toContain('Offline geplant');
      expect(await pageB.getByTestId('schedule-table').textContent()).toContain('Aufbau');

      // Signing out deletes the cached answers (the app shell's cache stays: nothing personal in it).
      expect((await cacheNames(pageA)).filter((n) => RUNTIME.includes(n)).length).toBeGreaterThan(0);
      await pageA.getByRole('button', { name: 'Abmelden' }).click();
      await pageA.waitForURL(/\/login/);
      await expect.poll(async () => (await cacheNames(pageA)).filter((n) => RUNTIME.includes(n))).toEqual([]);
      expect((await cacheNames(pageA)).some((n) => n.startsWith('kq-shell-'))).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the public pages register no service worker', async () => {
    const ctx = await browser.newContext();
    try {
      const page = await ctx.newPage();
      await page.goto(`${server.url}/programme`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForTimeout(500);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('deletes the cached answers when another account signs in', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    try {
      const page = await openEditor(ctx, server, demo.planId);
      await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
      await expect.poll(() => cached(page, `/api/plans/${demo.planId}`), { timeout: 15_000 }).toBe(true);
      // Another account in the same browser without signing out (the first session's cookies just gone,
      // as when it expired): localStorage and the caches are still the first account's.
      await ctx.clearCookies();
      const login = await ctx.request.post(`${server.url}/api/auth/login`, {
        data: { email: demo.users.designer3.email, password: demo.password },
        headers: { origin: server.url },
      });
      expect(login.ok()).toBe(true);
      await page.goto(`${server.url}/dashboard`);
      await page.getByRole('link', { name: demo.users.designer3.name }).waitFor();
      // The first account's answers are gone (its plan, its session); only the new account's may be stored.
      await expect.poll(() => cached(page, `/api/plans/${demo.planId}`)).toBe(false);
      const session = await page.evaluate(async () => {
        const hit = await (await caches.open('kq-data')).match('/api/auth/session');
        return hit ? ((await hit.json()) as { user: { id: string } }).user.id : null;
      });
      expect([null, demo.users.designer3.id]).toContain(session);
    } finally {
      await ctx.close();
    }
  });
});
