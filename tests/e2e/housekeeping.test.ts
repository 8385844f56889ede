import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { addLayoutItem, addScheduleEntry, toJSON } from '@planner/shared/plan/index';
import { browserSuites, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { openSyncedDoc } from '../helpers/yjs.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { canvasLayout, openEditor, signedInContext } from './editor-kit.ts';

/** Plan housekeeping in the browser (issue 14): reopen, duplicate as a template, delete and restore. */
describe.runIf(browserSuites())('plan housekeeping in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
  });

  const newPlan = async (title: string) => {
    const res = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Clicks `button`, expects the "Wirklich …?" dialog with `heading`, and confirms with `confirm`. */
  async function confirmed(page: Page, button: string, heading: string | RegExp, confirm = button) {
    await page.getByRole('button', { name: button, exact: true }).click();
    // The open one: the page holds several (the approve dialog too), only the asking one is open.
    const dialog = page.locator('dialog[open]');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('heading').textContent()).toMatch(heading);
    await dialog.getByRole('button', { name: confirm, exact: true }).click();
  }
  const status = (page: Page) => page.getByTestId('plan-status').textContent();

  it('withdraw → reopen → submit: each confirmed; the withdrawn plan is read-only', async () => {
    const planId = await newPlan(`Rückzug ${Math.random().toString(36).slice(2, 7)}`);
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, planId);
    expect(await page.getByTestId('plan-editor').getAttribute('data-can-edit')).toBe('true');
    await page.getByRole('tab', { name: 'Status & Freigabe' }).click();

    await confirmed(page, 'Zurückziehen', 'Wirklich zurückziehen?');
    await expect.poll(() => status(page)).toContain('zurückgezogen');
    await expect.poll(() => page.getByTestId('plan-editor').getAttribute('data-can-edit')).toBe('false');
    expect(await page.getByTestId('closed-note').textContent()).toContain('schreibgeschützt');
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state')).toBe('readonly');
    await screenshot(page, 'housekeeping-withdrawn');

    await confirmed(page, 'Wieder öffnen', /wieder öffnen\?/);
    await expect.poll(() => status(page)).toContain('Entwurf');
    await expect.poll(() => page.getByTestId('plan-editor').getAttribute('data-can-edit')).toBe('true');
    expect(await page.getByTestId('closed-note').count()).toBe(0);

    await page.getByRole('tab', { name: 'Status & Freigabe' }).click();
    await confirmed(page, 'Einreichen', 'Wirklich einreichen?');
    await expect.poll(() => status(page)).toContain('eingereicht');
    const { rows } = await server.app.db.query<{ action: string }>(
      `select action from activity where plan_id = $1 and action like 'plan.%' order by id`,
      [planId],
    );
    expect(rows.map((r) => r.action)).toEqual(['plan.created', 'plan.withdraw', 'plan.reopen', 'plan.submit']);
    await ctx.close();
  });

  it('duplicate a plan as a template: the copy opens with the layout, its schedule on the new start date', async () => {
    const planId = await newPlan(`Vorlage ${Math.random().toString(36).slice(2, 7)}`);
    const c = await openSyncedDoc(server.wsUrl, planId, { token: api.designer1.token! });
    addLayoutItem(c.doc, { id: 'vorlage-sockel', kind: 'plinth', x: 200, y: 200, w: 120, h: 120, label: 'Sockel' });
    addScheduleEntry(c.doc, {
      id: 'vorlage-auftakt',
      kind: 'opening',
      title: 'Auftakt',
      start: '2027-03-05T18:00:00+01:00',
      end: '2027-03-05T21:00:00+01:00',
    });
    await expect.poll(() => server.app.sync.withDoc(planId, (d) => Object.keys(toJSON(d).plan.layout).length)).toBe(1);
    c.close();

    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, planId);
    await expect.poll(async () => Object.keys(await canvasLayout(page))).toContain('vorlage-sockel');
    await page.getByRole('button', { name: 'Als Vorlage duplizieren', exact: true }).click();
    // The open one: the page holds several (the approve dialog too), only the asking one is open.
    const dialog = page.locator('dialog[open]');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('heading').textContent()).toBe('Plan wirklich duplizieren?');
    await dialog.getByLabel('Titel der Kopie').fill('Kopie im Mai');
    await dialog.getByLabel('Neues Startdatum').fill('2027-05-07');
    await dialog.getByRole('button', { name: 'Als Vorlage duplizieren', exact: true }).click();

    await expect.poll(() => page.url()).not.toContain(planId);
    const copyId = page.url().split('/plans/')[1];
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kopie im Mai');
    await expect.poll(async () => Object.keys(await canvasLayout(page))).toContain('vorlage-sockel');
    const copy = await server.app.sync.withDoc(copyId, (d) => toJSON(d).plan);
    expect(copy.schedule['vorlage-auftakt']).toMatchObject({
      start: '2027-05-07T18:00:00+02:00',
      end: '2027-05-07T21:00:00+02:00',
    });
    await screenshot(page, 'housekeeping-duplicate');
    await ctx.close();
  });

  it('a deleted draft is gone from the dashboard and restorable by staff', async () => {
    const title = `Löschentwurf ${Math.random().toString(36).slice(2, 7)}`;
    const planId = await newPlan(title);
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/dashboard`);
    const myPlans = page.getByTestId('my-plans');
    await expect.poll(() => myPlans.getByRole('link', { name: title }).count()).toBe(1);

    const editor = await openEditor(ctx, server, planId);
    await confirmed(editor, 'Löschen', 'Entwurf wirklich löschen?');
    await expect.poll(() => editor.url()).toMatch(/\/dashboard$/);
    await expect.poll(() => editor.getByTestId('designer-dashboard').count()).toBe(1);
    await expect.poll(() => editor.getByRole('link', { name: title }).count()).toBe(0);
    expect((await api.designer1.get(`/api/plans/${planId}`)).status).toBe(404);

    const staffCtx = await signedInContext(browser, server, demo.users.staff.email, demo.password);
    const staff = await staffCtx.newPage();
    await staff.goto(`${server.url}/dashboard`);
    const deleted = staff.getByRole('region', { name: 'Gelöschte Pläne' });
    await expect.poll(() => deleted.getByText(title).count()).toBe(1);
    await screenshot(staff, 'housekeeping-deleted-plans');
    await confirmed(staff, `Wiederherstellen: ${title}`, `Plan „${title}“ wirklich wiederherstellen?`, 'Wiederherstellen');
    await expect.poll(() => deleted.getByRole('status').textContent()).toContain('wurde wiederhergestellt');
    await expect.poll(() => deleted.getByRole('listitem').filter({ hasText: title }).count()).toBe(0);

    // The designer's dashboard shows the plan again without a reload.
    await expect.poll(() => editor.getByRole('link', { name: title }).count(), { timeout: 10_000 }).toBe(1);
    await ctx.close();
    await staffCtx.close();
  });
});
