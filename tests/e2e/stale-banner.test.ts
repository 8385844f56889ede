import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addScheduleEntry, toJSON } from '@planner/shared';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { openDoc, type DocClient } from '../helpers/yjs.ts';
import { approve, publish, renew } from '../helpers/decisions.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';

/** How the banner writes a time (de-DE, Berlin), as client/src/lib/format does. */
const shown = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(iso));
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * Issue 13, defect 2: staff keep an approved plan open while a designer drags the Vernissage bar and
 * then moves it twice by keyboard; the banner showed the first move ("auf 11.12.2026, 18:15") and not
 * where the entry is. Defect 9: on a published plan the banner says the changes are not public yet.
 */
describe.runIf(browserSuites())('the stale banner follows every move', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let reader: DocClient;
  const id = 'e2e-vernissage';
  const start0 = '2026-12-11T18:15:00+01:00';

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    await prepareStorefront(server, api, demo);
    const c = openDoc(server.wsUrl, demo.planId, api.designer1.token!);
    await c.synced;
    addScheduleEntry(c.doc, {
      id,
      kind: 'opening',
      title: 'Vernissage',
      start: start0,
      end: '2026-12-11T21:00:00+01:00',
      expectedAttendance: 30,
    });
    reader = openDoc(server.wsUrl, demo.planId, api.staff.token!);
    await reader.synced;
    for (let i = 0; i < 200 && !toJSON(reader.doc).plan.schedule[id]; i++) await new Promise((r) => setTimeout(r, 25));
    c.close();
    expect((await api.designer1.post(`/api/plans/${demo.planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, demo.planId)).status).toBe(200);
  });

  /** The entry's start as the server has it (normalised to UTC). */
  const startNow = () => {
    const s = toJSON(reader.doc).plan.schedule[id]?.start;
    return s ? new Date(s).toISOString() : undefined;
  };

  it('staff keep the plan open; a designer drags the entry once and moves it twice by keyboard; both banners show the final position', async () => {
    const [cs, cd] = await Promise.all([
      signedInContext(browser, server, demo.users.staff.email, demo.password),
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
    ]);
    const [ps, pd] = await Promise.all([openEditor(cs, server, demo.planId), openEditor(cd, server, demo.planId)]);
    expect(await ps.getByTestId('stale-banner').count()).toBe(0);

    // 1. Drag the bar to the right (one pointer move: one edit).
    await pd.getByRole('tab', { name: 'Zeitplan' }).click();
    const bar = pd.locator(`[data-entry-id="${id}"]`);
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.boundingBox())!;
    await pd.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await pd.mouse.down();
    await pd.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 1 });
    await pd.mouse.up();
    await expect.poll(startNow).not.toBe(new Date(start0).toISOString());
    const dragged = startNow()!;
    // The first move is on the banner (what the old page kept showing).
    await expect
      .poll(() =>
        ps
          .getByTestId('stale-changes')
          .textContent()
          .catch(() => ''),
      )
      .toContain(`auf ${shown(dragged)}`);

    // 2. and 3. By keyboard: a day later, then 15 minutes later.
    // (The bar is drawn in another day's row after a day's move: focus it again before each key.)
    await bar.focus();
    await pd.keyboard.press('Shift+ArrowDown');
    await expect.poll(startNow).toBe(plus(dragged, 24 * 60));
    await bar.focus();
    await pd.keyboard.press('ArrowRight');
    const final = plus(dragged, 24 * 60 + 15);
    await expect.poll(startNow).toBe(final);

    for (const page of [ps, pd]) {
      await expect
        .poll(() =>
          page
            .getByTestId('stale-changes')
            .textContent()
            .catch(() => ''),
        )
        .toContain(`auf ${shown(final)}`);
      const text = (await page.getByTestId('stale-changes').textContent()) ?? '';
      expect(text).toContain(`von ${shown(start0)}`);
      expect(text).not.toContain(`auf ${shown(dragged)}`);
      expect(await page.getByTestId('stale-changes').locator('li').count()).toBe(1);
    }
    await screenshot(ps, 'stale-banner-final-position');

    // Defect 9: once published, the banner says the changes are not public yet.
    expect((await renew(api.staff, demo.planId)).status).toBeLessThan(300);
    await expect.poll(() => ps.getByTestId('stale-banner').count()).toBe(0);
    expect((await publish(api.staff, demo.planId)).status).toBe(200);
    await expect.poll(() => ps.getByTestId('plan-status').textContent()).toContain('veröffentlicht');
    await bar.focus();
    await pd.keyboard.press('ArrowLeft');
    await expect
      .poll(() =>
        ps
          .getByTestId('stale-changes')
          .textContent()
          .catch(() => ''),
      )
      .toContain(`auf ${shown(plus(final, -15))}`);
    const banner = (await ps.getByTestId('stale-banner').textContent()) ?? '';
    expect(banner).toContain('Änderungen seit der Freigabe sind noch nicht öffentlich');
    expect(banner).not.toContain('Vor der Veröffentlichung ist eine neue Freigabe nötig');
    await cs.close();
    await cd.close();
    reader.close();
  });
});
