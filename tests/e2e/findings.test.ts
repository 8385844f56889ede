import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry } from '@planner/shared';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { openDoc } from '../helpers/yjs.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';

// Issue 13, defect 3: two plans in one shop overlap; both plans' pages show it in the header and in
// "Status & Freigabe", while both are drafts, and live once one is submitted. designer1 cannot read
// the other plan, so it reads "ein anderer Plan"; staff read its title.
const OTHER_TITLE = 'Licht und Schatten';

async function openFindings(page: Page) {
  await page.getByRole('tab', { name: 'Status & Freigabe' }).click();
  const list = page.getByTestId('findings-list');
  await list.waitFor();
  return list;
}

describe.runIf(browserSuites())('findings where decisions are made', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let other: string;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    await prepareStorefront(server, api, demo);
    const res = await api.designer3.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: OTHER_TITLE });
    expect(res.status).toBe(201);
    other = res.body.id;
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    for (const [planId, token, title, from, to] of [
      [demo.planId, api.designer1.token!, 'Workshop', '14:00', '16:00'],
      [other, api.designer3.token!, 'Vernissage', '15:00', '17:00'],
    ] as const) {
      const c = openDoc(server.wsUrl, planId, token);
      await c.synced;
      addScheduleEntry(c.doc, { kind: 'event', title, start: `${day}T${from}:00+01:00`, end: `${day}T${to}:00+01:00` });
      await new Promise((r) => setTimeout(r, 200));
      c.close();
    }
  });

  it('two drafts overlapping: both pages count it in the header and list it under Status & Freigabe', async () => {
    const [c1, c3] = await Promise.all([
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
      signedInContext(browser, server, demo.users.designer3.email, demo.password),
    ]);
    try {
      const [pA, pB] = await Promise.all([openEditor(c1, server, demo.planId), openEditor(c3, server, other)]);
      for (const p of [pA, pB]) {
        await expect.poll(() => p.getByTestId('findings-count-info').textContent(), { timeout: 10_000 }).toContain('1 Hinweis');
        // The count jumps to the findings.
        await p.getByTestId('findings-count-info').click();
        const list = p.getByTestId('findings-list');
        await list.waitFor();
        await expect
          .poll(() => list.locator('[data-kind="double-booking"]').first().textContent())
          .toContain('Überschneidung mit einem Entwurf');
      }
      const seenByA = await pA.getByTestId('findings-list').textContent();
      expect(seenByA).toContain('ein anderer Plan');
      expect(seenByA).not.toContain(OTHER_TITLE);
      expect(seenByA).not.toContain('Vernissage');
      await screenshot(pA, 'findings-drafts');
      expect(await seriousA11yViolations(pA)).toEqual([]);

      // The other plan is submitted: plan A's page turns the note into a warning, live.
      expect((await api.designer3.post(`/api/plans/${other}/transitions/submit`, {})).status).toBe(200);
      await expect.poll(() => pA.getByTestId('findings-count-warning').textContent(), { timeout: 10_000 }).toContain('1 Warnung');
      await expect
        .poll(() => pA.getByTestId('findings-list').locator('[data-kind="double-booking"]').getAttribute('data-severity'))
        .toBe('warning');
      expect(await pA.getByTestId('findings-list').textContent()).not.toContain(OTHER_TITLE);
    } finally {
      await Promise.all([c1.close(), c3.close()]);
    }
  });

  it('staff, who may read both plans, see the other plan named; a plan without findings says so', async () => {
    const cs = await signedInContext(browser, server, demo.users.staff.email, demo.password);
    try {
      const p = await openEditor(cs, server, demo.planId);
      const list = await openFindings(p);
      await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain(OTHER_TITLE);

      const lone = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: 'Leer' });
      expect(lone.status).toBe(201);
      const q = await openEditor(cs, server, lone.body.id);
      await expect.poll(() => q.getByTestId('findings-count-none').textContent()).toContain('Keine Befunde');
      await openFindings(q);
      await expect.poll(() => q.getByTestId('findings-list-empty').textContent()).toContain('Keine Befunde');
    } finally {
      await cs.close();
    }
  });
});
