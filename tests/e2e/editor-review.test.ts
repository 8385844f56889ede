import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { addLayoutItem, addScheduleEntry, toJSON } from '@planner/shared';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { openDoc } from '../helpers/yjs.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { canvasLayout, dragItem, itemRect, openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';
import { ownerAgrees } from '../helpers/decisions.ts';

describe.runIf(browserSuites())('the plan editor: offline, owners, approval', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  const ids = { wall: 'e2e-wall', table: 'e2e-table', opening: 'e2e-opening' };

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    await prepareStorefront(server, api, demo);
    // Content to work with, written by a designer through the stock y-websocket client.
    const c = openDoc(server.wsUrl, demo.planId, api.designer1.token!);
    await c.synced;
    addLayoutItem(c.doc, { id: ids.wall, kind: 'partition-wall', x: 100, y: 300, w: 200, h: 10, label: 'Wand' });
    addLayoutItem(c.doc, { id: ids.table, kind: 'table', x: 400, y: 600, w: 160, h: 80, label: 'Tisch Nord' });
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    addScheduleEntry(c.doc, {
      id: ids.opening,
      kind: 'opening',
      title: 'Eröffnung',
      start: `${day}T18:00:00+01:00`,
      end: `${day}T21:00:00+01:00`,
      expectedAttendance: 40,
    });
    const check = openDoc(server.wsUrl, demo.planId, api.designer2.token!);
    await check.synced;
    for (let i = 0; i < 100 && Object.keys(toJSON(check.doc).plan.layout).length < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    c.close();
    check.close();
  });

  it('a designer goes offline, moves items, comes back: the other designer gets the moves, nothing is lost', async () => {
    const [c1, c2] = await Promise.all([
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
      signedInContext(browser, server, demo.users.designer2.email, demo.password),
    ]);
    const [p1, p2] = await Promise.all([openEditor(c1, server, demo.planId), openEditor(c2, server, demo.planId)]);
    await expect.poll(async () => Object.keys(await canvasLayout(p1))).toContain(ids.table);
    const wall0 = await itemRect(p1, ids.wall);
    const table0 = await itemRect(p1, ids.table);

    await c1.setOffline(true);
    await expect.poll(() => p1.getByTestId('save-state').getAttribute('data-state')).toBe('offline');
    expect(await p1.getByTestId('save-state').textContent()).toContain('Offline – Änderungen auf diesem Gerät gespeichert');
    await dragItem(p1, ids.table, 100, -100);
    await dragItem(p1, ids.wall, 0, 200);
    await expect.poll(async () => (await canvasLayout(p1))[ids.wall]?.y).toBe(wall0.y + 200);
    // Meanwhile the other designer changes the table's width (another field of the same item).
    await p2.locator(`[data-item-id="${ids.table}"] rect`).click();
    await p2.locator('#kq-w').fill('220');
    await p2.locator('#kq-w').press('Enter');
    await expect.poll(async () => (await canvasLayout(p2))[ids.table]?.w).toBe(220);
    expect((await canvasLayout(p2))[ids.table]).toMatchObject({ x: table0.x, y: table0.y });
    await screenshot(p1, 'editor-offline');

    await c1.setOffline(false);
    const expected = {
      [ids.table]: { x: table0.x + 100, y: table0.y - 100, w: 220, h: 80 },
      [ids.wall]: { ...wall0, y: wall0.y + 200 },
    };
    for (const p of [p1, p2]) {
      await expect.poll(async () => (await canvasLayout(p))[ids.table], { timeout: 15_000 }).toEqual(expected[ids.table]);
      await expect.poll(async () => (await canvasLayout(p))[ids.wall]).toEqual(expected[ids.wall]);
    }
    await expect.poll(() => p1.getByTestId('save-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
    // The server has it too: a fresh reader sees the merged layout.
    const fresh = openDoc(server.wsUrl, demo.planId, api.staff.token!);
    await fresh.synced;
    expect(toJSON(fresh.doc).plan.layout[ids.table]).toMatchObject(expected[ids.table]);
    fresh.close();
    await c1.close();
    await c2.close();
  });

  it('an owner reads and comments, cannot move (no controls; a forged update is dropped); designers see the pin live', async () => {
    const [co, cd] = await Promise.all([
      signedInContext(browser, server, demo.users.owner1.email, demo.password),
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
    ]);
    const [po, pd] = await Promise.all([openEditor(co, server, demo.planId), openEditor(cd, server, demo.planId)]);
    expect(await po.getByTestId('plan-editor').getAttribute('data-can-edit')).toBe('false');
    expect(await po.getByTestId('save-state').getAttribute('data-state')).toBe('readonly');
    // Editing controls are absent, not disabled.
    expect(await po.locator('button[data-kind]').count()).toBe(0);
    expect(await po.getByTestId('undo').count()).toBe(0);
    expect(await po.getByRole('button', { name: 'Löschen' }).count()).toBe(0);
    // The designer sees the owner as a reader.
    await expect.poll(() => pd.locator(`[data-testid="avatar"][data-name="${demo.users.owner1.name}"]`).count()).toBe(1);

    // Dragging does nothing for the owner.
    const t0 = await itemRect(po, ids.table);
    await dragItem(po, ids.table, 150, 150);
    expect((await canvasLayout(po))[ids.table]).toEqual(t0);
    expect(await po.locator('#kq-x').count()).toBe(0);

    // A forged update with the owner's token is dropped by the server.
    const before = server.app.sync.metrics().droppedReadOnlyMessages;
    const forged = openDoc(server.wsUrl, demo.planId, api.owner1.token!);
    await forged.synced;
    addLayoutItem(forged.doc, { id: 'forged-by-owner', kind: 'plinth', x: 10, y: 10, w: 50, h: 50 });
    await expect.poll(() => server.app.sync.metrics().droppedReadOnlyMessages).toBeGreaterThan(before);
    forged.close();

    // The owner comments on the table (selected by clicking it).
    await po.getByRole('button', { name: 'Kommentieren' }).click();
    await expect.poll(() => po.getByTestId('comment-target').textContent()).toContain('Tisch Nord');
    await po.getByLabel('Kommentar', { exact: true }).fill('Bitte 1 m Abstand zum Schaufenster lassen.');
    await po.getByRole('button', { name: 'Senden' }).first().click();
    await expect.poll(() => pd.locator(`[data-testid="comment-pin"][data-pin-for="${ids.table}"]`).count()).toBe(1);
    await expect.poll(() => pd.getByTestId('threads').textContent()).toContain('Bitte 1 m Abstand zum Schaufenster lassen.');
    expect(Object.keys(await canvasLayout(pd))).not.toContain('forged-by-owner');
    // The designer replies; the owner sees it live and resolves the thread; the pin disappears.
    await pd.getByPlaceholder('Antworten …').fill('Machen wir, danke!');
    await pd.getByPlaceholder('Antworten …').press('Enter');
    await expect.poll(() => po.getByTestId('threads').textContent()).toContain('Machen wir, danke!');
    await po.getByRole('button', { name: 'Als erledigt markieren' }).click();
    await expect.poll(() => pd.locator(`[data-testid="comment-pin"][data-pin-for="${ids.table}"]`).count()).toBe(0);
    expect(await seriousA11yViolations(po)).toEqual([]);
    await screenshot(po, 'editor-owner-readonly');
    await screenshot(pd, 'editor-designer-comment-pin');
    await co.close();
    await cd.close();
  });

  it('staff approve; a designer moves a schedule entry; staff see the stale banner live with the change', async () => {
    expect((await api.designer1.post(`/api/plans/${demo.planId}/transitions/submit`)).status).toBe(200);
    const [cs, cd] = await Promise.all([
      signedInContext(browser, server, demo.users.staff.email, demo.password),
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
    ]);
    const [ps, pd] = await Promise.all([openEditor(cs, server, demo.planId), openEditor(cd, server, demo.planId)]);
    await ps.getByRole('tab', { name: 'Status & Freigabe' }).click();
    // Requesting changes needs a note: the button waits for one and the field says why.
    const requestChanges = ps.getByRole('button', { name: 'Änderungen anfordern' });
    expect(await requestChanges.isDisabled()).toBe(true);
    expect(await ps.getByTestId('note-required').textContent()).toContain('ist eine Notiz nötig');
    await ps.getByLabel('Notiz zur Entscheidung').fill('Passt so.');
    expect(await requestChanges.isDisabled()).toBe(false);
    expect(await ps.getByTestId('note-required').count()).toBe(0);
    // Every transition asks "Wirklich …?" first.
    // The open one of the page's dialogs (approve, confirm; issue 13).
    const dialog = ps.locator('dialog[open]');
    await ps.getByRole('button', { name: 'Freigeben' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading', { level: 2 }).textContent()).toBe('Wirklich freigeben?');
    // Open errors of the plan want a reason before approving (issue 13).
    await expect.poll(() => dialog.getByRole('status').count()).toBe(0);
    const ack = dialog.getByLabel('Grund für die Freigabe trotz Fehlern (Pflicht)');
    if (await ack.count()) await ack.fill('Im Test nicht Gegenstand');
    await dialog.getByRole('button', { name: 'Freigeben' }).click();
    await expect.poll(() => ps.getByTestId('approval-state').textContent()).toContain('Freigegeben');
    expect(await ps.getByTestId('stale-banner').count()).toBe(0);
    await screenshot(ps, 'editor-review-approved');

    // The designer moves the opening by 15 minutes with the keyboard in the timeline.
    await pd.getByRole('tab', { name: 'Zeitplan' }).click();
    const entry = pd.locator(`[data-entry-id="${ids.opening}"]`);
    await entry.focus();
    await pd.keyboard.press('ArrowRight');
    await expect.poll(() => ps.getByTestId('stale-banner').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => ps.getByTestId('stale-changes').textContent()).toContain('Verschoben: Eröffnung');
    // The designer's page hears of the stale approval through its own socket, possibly after the staff page.
    await expect.poll(() => pd.getByTestId('stale-banner').count()).toBe(1);
    expect(await seriousA11yViolations(pd)).toEqual([]);
    await screenshot(pd, 'editor-schedule');
    await screenshot(ps, 'editor-stale-banner');
    // Versions were taken on submission and approval; one opens read-only.
    await expect.poll(() => ps.getByTestId('versions').locator('li').count()).toBeGreaterThanOrEqual(2);
    await ps
      .getByTestId('versions')
      .getByRole('button', { name: /Ansehen/ })
      .first()
      .click();
    await expect.poll(() => ps.getByTestId('version-view').textContent()).toContain('Eröffnung');
    expect(await ps.getByTestId('version-view').textContent()).toContain('Nur lesen');
    expect(await seriousA11yViolations(ps)).toEqual([]);
    await screenshot(ps, 'editor-version-view');
    // A stale plan is not offered for publishing; staff re-approve, and the banner goes away for everyone.
    expect(await ps.getByRole('button', { name: 'Veröffentlichen' }).count()).toBe(0);
    await ps.getByRole('button', { name: 'Aktuellen Zeitplan erneut freigeben' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.getByRole('status').count()).toBe(0);
    if (await ack.count()) await ack.fill('Im Test nicht Gegenstand');
    await dialog.getByRole('button', { name: 'Freigeben' }).click();
    await expect.poll(() => pd.getByTestId('stale-banner').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => ps.getByRole('button', { name: 'Veröffentlichen' }).count()).toBe(1);

    // Publishing asks first and says how many entries become public; cancel and Escape change nothing, confirming publishes.
    const live = openDoc(server.wsUrl, demo.planId, api.staff.token!);
    await live.synced;
    const publicCount = Object.values(toJSON(live.doc).plan.schedule).filter((e) => e.public).length;
    live.close();
    const status = async () => (await api.staff.get(`/api/plans/${demo.planId}`)).body.status;
    // The storefront's owner agrees (publishing needs it, issue 13; tests/e2e/decisions.test.ts tests it).
    expect((await ownerAgrees(api.owner1, demo.planId)).status).toBe(201);
    await expect
      .poll(() => ps.locator('[data-testid="review-panel"] > [data-testid="consent-state"]').textContent())
      .toContain('Einverstanden');
    await ps.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading', { level: 2 }).textContent()).toBe('Wirklich veröffentlichen?');
    expect(await dialog.getByTestId('publish-count').textContent()).toBe(
      publicCount === 0
        ? 'Es werden keine öffentlichen Termine veröffentlicht.'
        : `${publicCount} ${publicCount === 1 ? 'öffentlicher Termin wird' : 'öffentliche Termine werden'} im Programm sichtbar.`,
    );
    expect(await ps.evaluate(() => document.activeElement?.textContent)).toBe('Veröffentlichen');
    expect(await seriousA11yViolations(ps)).toEqual([]);
    await screenshot(ps, 'editor-confirm-publish');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await status()).toBe('approved');
    await ps.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await ps.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await status()).toBe('approved');
    await ps.getByRole('button', { name: 'Veröffentlichen' }).click();
    await dialog.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(status).toBe('published');
    await expect.poll(() => ps.getByRole('status').filter({ hasText: 'Der Plan wurde veröffentlicht.' }).count()).toBe(1);
    await cs.close();
    await cd.close();
  });

  it('a designer removed from the plan while editing is told that changes are no longer saved', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer2.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    expect((await api.staff.delete(`/api/plans/${demo.planId}/members/${demo.users.designer2.id}`)).status).toBe(204);
    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('revoked');
    expect(await page.getByTestId('save-state').textContent()).toContain('Kein Zugriff mehr');
    await ctx.close();
  });
});
