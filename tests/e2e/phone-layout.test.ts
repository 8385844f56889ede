import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry, addTask, addLayoutItem } from '@planner/shared';
import { browserSuites, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openDoc } from '../helpers/yjs.ts';
import { openEditor, prepareStorefront } from './editor-kit.ts';

/**
 * Issue 18: the editor on a phone. At 390 × 844 and at 360 px, none of the editor's tabs (the
 * schedule above all: it overflowed to 738 px) scrolls sideways, and no element of the tab is wider
 * than the viewport: with several entries, long titles, tasks and layout items.
 */

/** What sticks out: the page's scroll width and the elements wider than the viewport (or past its right edge). */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; wide: string[] }> {
  return page.evaluate(`(() => {
    const w = window.innerWidth;
    const wide = [];
    for (const el of document.querySelectorAll('[data-testid="plan-editor"] *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // Inside a scrolling box that is itself inside the viewport, a wide child is that box's business
      // only where the design says so: none of the editor's boxes scroll sideways on a phone.
      if (r.width > w + 0.5 || r.right > w + 0.5) {
        const cls = typeof el.className === 'string' ? el.className.split(' ').filter((c) => !c.startsWith('svelte-')).join('.') : '';
        wide.push(el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' ' + Math.round(r.width) + '@' + Math.round(r.left));
      }
    }
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: w, wide: wide.slice(0, 40) };
  })()`);
}

describe.runIf(browserSuites())('the plan editor at phone width', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    demo = world.demo;
    await prepareStorefront(server, world.api, demo);
    const c = openDoc(server.wsUrl, demo.planId, world.api.designer1.token!);
    await c.synced;
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const long =
      'Eröffnungsabend mit Lesung, Musik und einer ausgesprochen langen Beschreibung ohne Umbruchmöglichkeit_Donaudampfschifffahrtsgesellschaftskapitänsmütze';
    addScheduleEntry(c.doc, {
      id: 'ph-setup',
      kind: 'setup',
      title: 'Aufbau',
      start: `${day(1)}T09:00:00+01:00`,
      end: `${day(1)}T16:00:00+01:00`,
    });
    addScheduleEntry(c.doc, {
      id: 'ph-long',
      kind: 'opening',
      title: long,
      start: `${day(2)}T18:00:00+01:00`,
      end: `${day(2)}T22:00:00+01:00`,
      expectedAttendance: 40,
    });
    addScheduleEntry(c.doc, {
      id: 'ph-open',
      kind: 'open-hours',
      title: 'Öffnungszeiten',
      start: `${day(3)}T11:00:00+01:00`,
      end: `${day(6)}T18:00:00+01:00`,
    });
    addScheduleEntry(c.doc, {
      id: 'ph-talk',
      kind: 'event',
      title: 'Künstlergespräch',
      start: `${day(4)}T19:00:00+01:00`,
      end: `${day(4)}T21:00:00+01:00`,
      expectedAttendance: 500,
    });
    addScheduleEntry(c.doc, {
      id: 'ph-ws',
      kind: 'workshop',
      title: 'Werkstatt für Kinder',
      start: `${day(5)}T10:00:00+01:00`,
      end: `${day(5)}T12:30:00+01:00`,
    });
    addTask(c.doc, { id: 'ph-task', title: `${long} (Aufgabe)`, assignee: demo.users.designer2.id, status: 'doing' });
    addLayoutItem(c.doc, { id: 'ph-wall', kind: 'partition-wall', x: 100, y: 300, w: 300, h: 10, label: long });
    c.close();
  });

  for (const width of [390, 360]) {
    it(`has no horizontal scrolling at ${width} px on the schedule tab (and the other tabs)`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: 844 }, hasTouch: true, locale: 'de-DE' });
      try {
        const login = await ctx.request.post(`${server.url}/api/auth/login`, {
          data: { email: demo.users.designer1.email, password: demo.password },
          headers: { origin: server.url },
        });
        expect(login.ok()).toBe(true);
        const page = await openEditor(ctx, server, demo.planId);
        await page.getByRole('tab', { name: 'Zeitplan' }).click();
        await expect.poll(() => page.locator('[data-testid="schedule-table"] tbody tr').count()).toBeGreaterThanOrEqual(5);
        const before = await overflow(page);
        expect(before.innerWidth).toBe(width);
        await screenshot(page, `phone-schedule-list-${width}`);
        expect(before.wide).toEqual([]);
        expect(before.scrollWidth).toBeLessThanOrEqual(before.innerWidth);
        // Touch targets of at least 44 px where fingers go: the tabs, "Neuer Eintrag", the day tracks, the list's titles.
        const heights = await page.evaluate(`(() => {
          const h = (sel) => [...document.querySelectorAll(sel)].map((el) => Math.round(el.getBoundingClientRect().height));
          return { tabs: h('[role="tab"]'), add: h('.schedule .spread button'), tracks: h('.track'), titles: h('[data-testid="schedule-table"] button.link') };
        })()`);
        for (const [what, list] of Object.entries(heights as Record<string, number[]>)) {
          expect(list.length, what).toBeGreaterThan(0);
          expect(Math.min(...list), what).toBeGreaterThanOrEqual(44);
        }
        // Select the long entry: its form opens in the tab too.
        await page
          .getByTestId('schedule-table')
          .getByRole('button', { name: /Eröffnungsabend/ })
          .click();
        await page.locator('#kq-e-title').waitFor();
        const schedule = await overflow(page);
        await screenshot(page, `phone-schedule-${width}`);
        expect(schedule.wide).toEqual([]);
        expect(schedule.scrollWidth).toBeLessThanOrEqual(schedule.innerWidth);

        for (const tab of ['Grundriss', 'Zuständigkeiten', 'Konzept', 'Material', 'Aufsicht', 'Status & Freigabe']) {
          await page.getByRole('tab', { name: tab, exact: true }).click();
          await page.waitForTimeout(300);
          const o = await overflow(page);
          if (o.wide.length > 0 || o.scrollWidth > o.innerWidth) await screenshot(page, `phone-${tab}-${width}`);
          expect({ tab, ...o }).toEqual({ tab, scrollWidth: o.scrollWidth, innerWidth: o.innerWidth, wide: [] });
          expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
        }
      } finally {
        await ctx.close();
      }
    });
  }
});
