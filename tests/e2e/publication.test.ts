import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry, setMeta } from '@planner/shared/plan/index';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, ownerAgrees } from '../helpers/decisions.ts';
import { openDoc, serverPlan, waitFor } from '../integration/review/helpers.ts';
import { openEditor, signedInContext } from './editor-kit.ts';

/**
 * Issue 13, defect 4 in Chromium: the publish dialog previews exactly the public entries (what the
 * programme then shows), and un-publishing takes them off the programme page.
 */
describe.runIf(browserSuites())('publication in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let staffPage: Page;
  const tag = Math.random().toString(36).slice(2, 7);
  const titles = { a: `Vernissage ${tag}`, b: `Lesung ${tag}`, hidden: `Aufbau intern ${tag}` };

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    const d = await openDoc(server, demo.planId, api.designer1.token!);
    setMeta(d.doc, { title: `Klangraum ${tag}`, publicDescription: 'Eine Klanginstallation im Schaufenster.' });
    const at = (day: string, from: string, to: string) => ({ start: `${day}T${from}:00+01:00`, end: `${day}T${to}:00+01:00` });
    addScheduleEntry(d.doc, { id: 'a', kind: 'opening', title: titles.a, public: true, ...at('2027-03-05', '18:00', '21:00') });
    addScheduleEntry(d.doc, { id: 'b', kind: 'event', title: titles.b, public: true, ...at('2027-03-06', '15:00', '16:00') });
    addScheduleEntry(d.doc, {
      id: 'h',
      kind: 'setup',
      title: titles.hidden,
      public: false,
      ...at('2027-03-04', '09:00', '17:00'),
    });
    await waitFor(async () => Object.keys((await serverPlan(server, demo.planId)).schedule).length === 3 || undefined);
    d.close();
    expect((await api.designer1.post(`/api/plans/${demo.planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, demo.planId)).status).toBe(200);
    // The owner agrees: these tests are about the preview and un-publishing, not the consent.
    expect((await ownerAgrees(api.owner1, demo.planId)).status).toBeLessThan(300);
    const ctx = await signedInContext(browser, server, demo.users.staff.email, demo.password);
    staffPage = await openEditor(ctx, server, demo.planId);
    await staffPage.getByRole('tab', { name: 'Status & Freigabe' }).click();
  });

  const status = async () => (await api.staff.get(`/api/plans/${demo.planId}`)).body.status;
  const programmeIds = async () =>
    ((await api.anonymous.get('/api/public/programme')).body.items as { id: string; planId: string }[])
      .filter((i) => i.planId === demo.planId)
      .map((i) => i.id);

  it('the publish dialog previews exactly the public entries, and the programme then shows exactly those', async () => {
    const ps = staffPage;
    await ps.getByRole('button', { name: 'Veröffentlichen' }).click();
    const dialog = ps.getByTestId('confirm-dialog').filter({ hasText: 'Wirklich veröffentlichen?' });
    const shown = dialog.getByTestId('publish-preview-entry');
    await expect.poll(() => shown.count()).toBe(2);
    const ids = await shown.evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-id')));
    expect(ids).toEqual([`${demo.planId}:a`, `${demo.planId}:b`]);
    const text = (await dialog.textContent())!;
    expect(text).toContain(titles.a);
    expect(text).toContain(titles.b);
    expect(text).not.toContain(titles.hidden);
    expect(text).toContain(`Klangraum ${tag}`);
    expect(text).toContain('Eine Klanginstallation im Schaufenster.');
    expect(await dialog.getByTestId('publish-count').textContent()).toBe('2 öffentliche Termine werden im Programm sichtbar.');
    // The demo storefront has no availability windows: open errors, so a reason is asked for first.
    await expect.poll(() => dialog.getByTestId('publish-open-errors').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(() => dialog.getByText('Bitte eine Begründung angeben.').count()).toBe(1);
    expect(await status()).toBe('approved');
    expect(await seriousA11yViolations(ps)).toEqual([]);
    await screenshot(ps, 'publication-preview');
    await dialog.getByLabel('Begründung für das Veröffentlichen trotz Fehlern').fill('Verfügbarkeit wird nachgetragen');
    await dialog.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(status).toBe('published');
    expect(await programmeIds()).toEqual(ids);
    const { rows } = await server.app.db.query<{ details: { overrideErrors?: string } }>(
      `select details from activity where plan_id = $1 and action = 'plan.publish'`,
      [demo.planId],
    );
    expect(rows[0].details.overrideErrors).toBe('Verfügbarkeit wird nachgetragen');
  });

  it('un-publish (with a reason) removes the entries from the programme page', async () => {
    const ctx = await browser.newContext({ locale: 'de-DE' });
    const visitor = await ctx.newPage();
    await visitor.goto(`${server.url}/programme?from=2027-03-01&to=2027-03-31`);
    const entries = visitor.getByTestId('programme-entry').filter({ hasText: tag });
    await expect.poll(() => entries.count()).toBe(2);

    const ps = staffPage;
    const unpublish = ps.getByRole('button', { name: 'Veröffentlichung zurücknehmen' });
    await expect.poll(() => unpublish.count()).toBe(1);
    // Without a reason the button waits for one.
    expect(await unpublish.isDisabled()).toBe(true);
    await ps.getByLabel('Notiz zur Entscheidung').fill('Ladenlokal gesperrt');
    await unpublish.click();
    const dialog = ps.getByTestId('confirm-dialog').filter({ hasText: 'Veröffentlichung wirklich zurücknehmen?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Ladenlokal gesperrt');
    await dialog.getByRole('button', { name: 'Veröffentlichung zurücknehmen' }).click();
    await expect.poll(status).toBe('approved');
    await expect.poll(() => ps.getByRole('status').filter({ hasText: 'Der Plan ist nicht mehr öffentlich.' }).count()).toBe(1);

    await visitor.reload();
    await visitor.getByTestId('feed-link').waitFor();
    await expect.poll(() => entries.count()).toBe(0);
    expect((await visitor.locator('main').textContent())!).not.toContain(titles.a);
    expect(await programmeIds()).toEqual([]);
    await screenshot(visitor, 'publication-unpublished-programme');
    await ctx.close();
  });
});
