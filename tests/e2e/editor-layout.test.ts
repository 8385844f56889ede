import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { canvasLayout, dragItem, itemRect, openEditor, prepareStorefront, screenPoint, signedInContext } from './editor-kit.ts';

/** Adds an item through the palette and returns its id (the new item is selected). */
async function addViaPalette(page: Page, kind: string): Promise<string> {
  const before = Object.keys(await canvasLayout(page));
  await page.locator(`button[data-kind="${kind}"]`).click();
  let id = '';
  await expect
    .poll(async () => {
      id = Object.keys(await canvasLayout(page)).find((k) => !before.includes(k)) ?? '';
      return id;
    })
    .not.toBe('');
  return id;
}

describe.runIf(browserSuites())('the plan editor: layout in two browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    await prepareStorefront(server, api, demo);
  });

  it('two designers edit at once: cursors, live moves, identical layouts, saved state', async () => {
    const [c1, c2] = await Promise.all([
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
      signedInContext(browser, server, demo.users.designer2.email, demo.password),
    ]);
    const [p1, p2] = await Promise.all([openEditor(c1, server, demo.planId), openEditor(c2, server, demo.planId)]);

    // Each sees the other in the presence bar.
    await expect.poll(() => p1.getByTestId('avatar').getAttribute('data-name')).toBe(demo.users.designer2.name);
    await expect.poll(() => p2.getByTestId('avatar').getAttribute('data-name')).toBe(demo.users.designer1.name);

    const table = await addViaPalette(p1, 'table');
    const plinth = await addViaPalette(p2, 'plinth');
    await expect.poll(async () => Object.keys(await canvasLayout(p2))).toContain(table);
    await expect.poll(async () => Object.keys(await canvasLayout(p1))).toContain(plinth);
    await expect.poll(() => p1.getByTestId('save-state').getAttribute('data-state')).toBe('saved');
    expect(await p1.getByTestId('save-state').textContent()).toContain('Gespeichert');

    // designer1's pointer shows on designer2's canvas with the name.
    const pt = await screenPoint(p1, 200, 300);
    await p1.mouse.move(pt.x, pt.y);
    await p1.mouse.move(pt.x + 5, pt.y + 5);
    await expect.poll(() => p2.locator(`[data-testid="peer-cursor"][data-user="${demo.users.designer1.name}"]`).count()).toBe(1);

    // Both move their item at the same time; each sees the other's move.
    const t0 = await itemRect(p1, table);
    const q0 = await itemRect(p2, plinth);
    await Promise.all([dragItem(p1, table, 100, 200), dragItem(p2, plinth, -150, 100)]);
    await expect.poll(async () => (await canvasLayout(p2))[table]).toEqual({ ...t0, x: t0.x + 100, y: t0.y + 200 });
    await expect.poll(async () => (await canvasLayout(p1))[plinth]).toEqual({ ...q0, x: q0.x - 150, y: q0.y + 100 });
    // designer1's selection is outlined on designer2's canvas.
    await expect.poll(() => p2.locator(`[data-peer-selection="${table}"]`).count()).toBe(1);

    await expect.poll(async () => JSON.stringify(await canvasLayout(p1))).toBe(JSON.stringify(await canvasLayout(p2)));
    // And the server has the same (a third, non-browser reader).
    await expect.poll(() => p2.getByTestId('save-state').getAttribute('data-state')).toBe('saved');
    expect(await seriousA11yViolations(p1)).toEqual([]);
    await screenshot(p1, 'editor-layout-two-designers');
    await c1.close();
    await c2.close();
  });

  it('undo in one browser undoes only that browser’s change', async () => {
    const [c1, c2] = await Promise.all([
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
      signedInContext(browser, server, demo.users.designer2.email, demo.password),
    ]);
    const [p1, p2] = await Promise.all([openEditor(c1, server, demo.planId), openEditor(c2, server, demo.planId)]);
    const mine = await addViaPalette(p1, 'counter');
    const theirs = await addViaPalette(p2, 'speaker');
    await expect.poll(async () => Object.keys(await canvasLayout(p1))).toContain(theirs);
    const m0 = await itemRect(p1, mine);
    const s0 = await itemRect(p1, theirs);
    await dragItem(p1, mine, 200, 0);
    await expect.poll(async () => (await canvasLayout(p2))[mine]?.x).toBe(m0.x + 200);
    await dragItem(p2, theirs, 0, 120);
    await expect.poll(async () => (await canvasLayout(p1))[theirs]?.y).toBe(s0.y + 120);

    await p1.getByTestId('undo').click();
    // designer1's move is undone everywhere; designer2's move stays.
    for (const p of [p1, p2]) {
      await expect.poll(async () => (await canvasLayout(p))[mine]).toEqual(m0);
      await expect.poll(async () => (await canvasLayout(p))[theirs]?.y).toBe(s0.y + 120);
    }
    // Undo again removes designer1's counter, never designer2's speaker.
    await p1.getByTestId('undo').click();
    for (const p of [p1, p2]) {
      await expect.poll(async () => Object.keys(await canvasLayout(p))).not.toContain(mine);
      expect(Object.keys(await canvasLayout(p))).toContain(theirs);
    }
    await p1.getByTestId('redo').click();
    await expect.poll(async () => Object.keys(await canvasLayout(p2))).toContain(mine);
    await c1.close();
    await c2.close();
  });

  it('a slow drag (pauses longer than the undo capture window) is one undo step', async () => {
    // On a busy machine the moves of one drag came more than 400 ms apart, and one undo took back only
    // the drag's last part (this file's undo test failed so under load).
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    const id = await addViaPalette(page, 'counter');
    const r0 = await itemRect(page, id);
    const from = await screenPoint(page, r0.x + r0.w / 2, r0.y + r0.h / 2);
    const to = await screenPoint(page, r0.x + r0.w / 2 + 200, r0.y + r0.h / 2);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 4; i++) {
      await page.mouse.move(from.x + ((to.x - from.x) * i) / 4, from.y);
      await page.waitForTimeout(600);
    }
    await page.mouse.up();
    await expect.poll(async () => (await canvasLayout(page))[id]?.x).toBe(r0.x + 200);
    await page.getByTestId('undo').click();
    await expect.poll(async () => (await canvasLayout(page))[id]).toEqual(r0);
    await ctx.close();
  });

  it('keyboard only: add an item, move it by 50 cm, set its width by typing', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    await page.getByRole('button', { name: 'Liste', exact: true }).focus();
    await page.keyboard.press('Enter');
    const before = await page.locator('[data-list-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-list-item')));
    await page.getByRole('button', { name: 'Vitrine hinzufügen' }).focus();
    await page.keyboard.press('Enter');
    // Focus lands on the new item in the list.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-list-item') ?? null)).not.toBeNull();
    const id = (await page.evaluate(() => document.activeElement!.getAttribute('data-list-item')))!;
    expect(before).not.toContain(id);
    const x0 = Number(await page.locator('#kq-x').inputValue());
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await page.locator('#kq-x').inputValue())).toBe(x0 + 50);
    // Tab to the width field and type a value.
    for (let i = 0; i < 30; i++) {
      if (await page.evaluate(() => document.activeElement?.id === 'kq-w')) break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kq-w');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('240');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.locator(`[data-list-item="${id}"]`).locator('xpath=ancestor::tr').textContent())
      .toContain('2,4 m');
    // The canvas agrees.
    await page.getByRole('button', { name: 'Zeichnung', exact: true }).click();
    await expect.poll(async () => (await canvasLayout(page))[id]).toMatchObject({ x: x0 + 50, w: 240 });
    // On the canvas itself: Escape clears, N selects an item, the arrows move it.
    await page.getByTestId('layout-canvas').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain('Nichts ausgewählt');
    await page.keyboard.press('n');
    const picked = await page.locator('#kq-x').inputValue();
    const y0 = Number(await page.locator('#kq-y').inputValue());
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => Number(await page.locator('#kq-y').inputValue())).toBe(y0 + 100);
    expect(await page.locator('#kq-x').inputValue()).toBe(picked);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('resize and rotate by the handles (dimensions shown while dragging), lock, duplicate, delete', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    const id = await addViaPalette(page, 'display-case');
    const r0 = await itemRect(page, id);
    // Resize: the bottom-right handle, dragged 100 cm right and 50 cm down (snapped to 10 cm).
    const h = (await page.locator('[data-handle="resize"]').boundingBox())!;
    const start = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
    const a = await screenPoint(page, 0, 0);
    const b = await screenPoint(page, 100, 50);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(start.x + ((b.x - a.x) * i) / 6, start.y + ((b.y - a.y) * i) / 6);
    await expect.poll(() => page.getByTestId('readout').textContent()).toContain('2 m × 1 m');
    await page.mouse.up();
    await expect.poll(async () => await itemRect(page, id)).toEqual({ x: r0.x, y: r0.y, w: r0.w + 100, h: r0.h + 50 });
    expect(await page.getByTestId('readout').count()).toBe(0);
    // Unrotated items carry no transform (500 no-op transforms cost every frame of a drag, issue 19).
    expect(await page.locator(`[data-item-id="${id}"]`).getAttribute('transform')).toBeNull();
    // Rotate: the handle above the item, dragged to the right of its centre → 90°.
    const rh = (await page.locator('[data-handle="rotate"]').boundingBox())!;
    const r1 = await itemRect(page, id);
    const right = await screenPoint(page, r1.x + r1.w + 200, r1.y + r1.h / 2);
    await page.mouse.move(rh.x + rh.width / 2, rh.y + rh.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(rh.x + ((right.x - rh.x) * i) / 6, rh.y + ((right.y - rh.y) * i) / 6);
    await page.mouse.up();
    await expect.poll(() => page.locator('#kq-rotation').inputValue()).toBe('90');
    expect(await page.locator(`[data-item-id="${id}"]`).getAttribute('transform')).toContain('rotate(90');
    // Locked: no dragging, no delete button.
    await page.getByLabel('Gesperrt').check();
    const r2 = await itemRect(page, id);
    await dragItem(page, id, 100, 0);
    expect(await itemRect(page, id)).toEqual(r2);
    // (The plan's own "Löschen" in the header's plan actions deletes the draft, not the item.)
    const deleteButtons = await page.getByRole('button', { name: 'Löschen', exact: true }).count();
    const planDelete = await page.getByTestId('plan-actions').getByRole('button', { name: 'Löschen', exact: true }).count();
    expect(deleteButtons - planDelete).toBe(0);
    await page.getByLabel('Gesperrt').uncheck();
    // Duplicate (Ctrl+D on the canvas), then delete the copy with the Delete key.
    const before = Object.keys(await canvasLayout(page)).length;
    await page.getByTestId('layout-canvas').focus();
    await page.keyboard.press('Control+d');
    await expect.poll(async () => Object.keys(await canvasLayout(page)).length).toBe(before + 1);
    await page.keyboard.press('Delete');
    await expect.poll(async () => Object.keys(await canvasLayout(page)).length).toBe(before);
    expect(Object.keys(await canvasLayout(page))).toContain(id);

    // Shift-drag on the floor selects everything inside the rectangle; arrows move them together.
    const all = await canvasLayout(page);
    const from = await screenPoint(page, -60, -60);
    const to = await screenPoint(page, 860, 1060);
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 5, from.y + ((to.y - from.y) * i) / 5);
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const n = Object.keys(all).length;
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain(`${n} Objekte ausgewählt`);
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(async () => Object.values(await canvasLayout(page)).map((r) => r.y))
      .toEqual(Object.values(all).map((r) => r.y + 10));
    await ctx.close();
  });
});
