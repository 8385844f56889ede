import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addLayoutItem } from '@planner/shared';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../helpers/fixtures.ts';
import { floorPlanPng, uploadUnderlay } from '../helpers/underlay.ts';
import { openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';

/**
 * The floor-plan underlay (issue 17) in Chromium. Staff upload a scan with two marks 250 pixels apart
 * on the storefront's edit page, calibrate it by clicking the two marks and typing 500 cm (2 cm per
 * pixel), and see it under the outline editor. In the plan editor a 100 cm item then measures 1/5 of
 * the on-screen distance between the two calibrated points (±2 %, the acceptance test); the
 * underlay can be hidden, follows a calibration change live, and appears in the print view.
 */
const W = 1000;
const H = 600;
const MARKS = [
  { x: 200, y: 300 },
  { x: 450, y: 300 },
];

/** The centre of an element's bounding box on screen. */
async function centreOf(page: Page, selector: string, n = 0) {
  const r = await page
    .locator(selector)
    .nth(n)
    .evaluate((el) => {
      const b = el.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    });
  return r;
}

describe.runIf(browserSuites())('the floor-plan underlay in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
    await prepareStorefront(server, world.api, world.demo);
    // A 100 cm plinth, not turned.
    await server.app.sync.withDoc(world.demo.planId, (doc) =>
      addLayoutItem(doc, { id: 'ul-plinth', kind: 'plinth', x: 300, y: 400, w: 100, h: 40, label: 'Meter' }),
    );
  });

  it('calibrates by two clicked points and 500 cm; a 100 cm item is 1/5 of their distance on screen', async () => {
    const sid = world.demo.storefrontIds[0];
    const ctx = await signedInContext(browser, server, world.demo.users.staff.email, world.password);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));

    // Upload on the storefront's edit page.
    await page.goto(`${server.url}/storefronts/${sid}/edit`);
    await page.getByTestId('underlay-none').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Bild hochladen' }).click();
    await (await chooser).setFiles({ name: 'grundriss.png', mimeType: 'image/png', buffer: await floorPlanPng(W, H, MARKS) });
    // Processed: the calibration opens by itself (not calibrated yet), the outline editor shows the image.
    const pick = page.getByTestId('underlay-pick');
    await pick.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('underlay-scale').textContent()).toContain('Noch nicht kalibriert');
    await expect.poll(() => page.locator('[data-testid="outline-draw"] [data-testid="underlay-image"]').count()).toBe(1);

    // Click the two marks in the image, type the distance.
    for (const m of MARKS) {
      // Where the mark is drawn on screen: the image's pixel through the picture's transform.
      const at = await pick.evaluate((svg, p) => {
        const q = new DOMPoint(p.x, p.y).matrixTransform((svg as SVGSVGElement).getScreenCTM()!);
        return { x: q.x, y: q.y };
      }, m);
      await page.mouse.click(at.x, at.y);
    }
    expect(await page.getByTestId('underlay-pick-point').count()).toBe(2);
    await page.getByLabel('Abstand der Punkte (cm)').fill('500');
    // About 2 cm per pixel (a click hits the mark within a pixel or so).
    const cmPerPx = (text: string | null) =>
      Number(/1 Pixel = ([\d,]+) cm/.exec(text ?? '')?.[1]?.replace(',', '.') ?? Number.NaN);
    await expect
      .poll(async () => Math.abs(cmPerPx(await page.getByTestId('underlay-scale-preview').textContent()) - 2))
      .toBeLessThan(0.04);
    await page.getByTestId('underlay-save').click();
    await expect
      .poll(async () => Math.abs(cmPerPx(await page.getByTestId('underlay-scale').textContent()) - 2))
      .toBeLessThan(0.04);
    // The clicked points are the marks' pixels (within a pixel or two of the drawing).
    const stored = (await world.api.staff.get(`/api/storefronts/${sid}/underlay`)).body.underlay.calibration;
    expect(Math.abs(stored.scale.p1.x - MARKS[0].x)).toBeLessThan(2.5);
    expect(Math.abs(stored.scale.p1.y - MARKS[0].y)).toBeLessThan(2.5);
    expect(Math.abs(stored.scale.p2.x - MARKS[1].x)).toBeLessThan(2.5);
    expect(Math.abs(stored.scale.p2.y - MARKS[1].y)).toBeLessThan(2.5);
    expect(stored.scale.distanceCm).toBe(500);
    // Traced over in the outline editor: the calibrated marks are drawn there too.
    await expect.poll(() => page.locator('[data-testid="outline-draw"] [data-testid="underlay-mark"]').count()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'underlay-storefront-edit');

    // The plan editor: the underlay under the canvas, its two calibrated points, the 100 cm plinth.
    const editor = await openEditor(ctx, server, world.demo.planId);
    const canvas = '[data-testid="layout-canvas"]';
    await expect.poll(() => editor.locator(`${canvas} [data-testid="underlay-mark-dot"]`).count(), { timeout: 15_000 }).toBe(2);
    const a = await centreOf(editor, `${canvas} [data-testid="underlay-mark-dot"]`, 0);
    const b = await centreOf(editor, `${canvas} [data-testid="underlay-mark-dot"]`, 1);
    const between = Math.hypot(b.x - a.x, b.y - a.y);
    const itemWidth = await editor
      .locator(`${canvas} [data-item-id="ul-plinth"] rect`)
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(between).toBeGreaterThan(50);
    const ratio = itemWidth / between;
    expect(Math.abs(ratio - 0.2) / 0.2).toBeLessThan(0.02);
    await screenshot(editor, 'underlay-editor');

    // Hidden and shown again with the toolbar's switch.
    await editor.getByTestId('underlay-toolbar-toggle').uncheck();
    await expect.poll(() => editor.locator(`${canvas} [data-testid="underlay-layer"]`).count()).toBe(0);
    await editor.getByTestId('underlay-toolbar-toggle').check();
    await expect.poll(() => editor.locator(`${canvas} [data-testid="underlay-layer"]`).count()).toBe(1);

    // A change made elsewhere (the owner, over the API) reaches the open editor live.
    expect((await world.api.owner1.patch(`/api/storefronts/${sid}/underlay`, { opacity: 0.8 })).status).toBe(200);
    await expect.poll(() => editor.locator(`${canvas} [data-testid="underlay-image"]`).getAttribute('opacity')).toBe('0.8');

    // The print view draws it under the floor plan, and the image loads with the session.
    await editor.goto(`${server.url}/plans/${world.demo.planId}/print`);
    await editor.getByTestId('print-view').waitFor();
    const printed = editor.locator('[data-testid="print-view"] [data-testid="underlay-image"]');
    await expect.poll(() => printed.count()).toBe(1);
    const href = (await printed.getAttribute('href'))!;
    expect(await editor.evaluate(async (url) => (await fetch(url)).status, href)).toBe(200);
    expect(await editor.locator('[data-testid="print-view"] [data-testid="underlay-mark"]').count()).toBe(2);
    await screenshot(editor, 'underlay-print');
  });

  it('the owner calibrates by keyboard alone on a phone-sized window', async () => {
    const sid = world.demo.storefrontIds[0];
    const ctx = await signedInContext(browser, server, world.demo.users.owner1.email, world.password);
    // A fresh scan of 600 × 500 pixels, by the owner (it replaces the one before).
    const up = await uploadUnderlay(server, world.tokens.owner, sid, await floorPlanPng(600, 500, MARKS));
    expect(up.status).toBe(201);
    await server.app.underlays.queue.idle();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/storefronts/${sid}/edit`);
    await page.getByTestId('underlay-scale').waitFor();
    // The calibration opens by itself while not calibrated; closed, Enter on its summary opens it.
    const details = page.getByTestId('underlay-calibrate');
    await details.locator('summary').focus();
    if (await details.evaluate((d) => (d as HTMLDetailsElement).open)) await page.keyboard.press('Enter');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.keyboard.press('Enter');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const typed: [string, string][] = [
      ['Punkt 1 x (Pixel)', '100'],
      ['Punkt 1 y (Pixel)', '50'],
      ['Punkt 2 x (Pixel)', '100'],
      ['Punkt 2 y (Pixel)', '450'],
      ['Abstand der Punkte (cm)', '1200'],
      ['Drehung (Grad)', '-90'],
      ['Verschiebung x (cm)', '-150'],
      ['Verschiebung y (cm)', '25'],
    ];
    for (const [label, value] of typed) {
      await page.getByLabel(label).focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    }
    // Equal points are said before sending, and the button waits.
    await page.getByLabel('Punkt 2 y (Pixel)').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('50');
    await expect.poll(() => page.getByTestId('underlay-problem').textContent()).toContain('verschiedenen Stellen');
    expect(await page.getByTestId('underlay-save').isDisabled()).toBe(true);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('450');
    // The opacity slider with the arrow keys: two steps of 5 % down from the kept opacity.
    const opacityBefore = Number(await page.getByLabel(/Deckkraft/).inputValue());
    await page.getByLabel(/Deckkraft/).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('underlay-save').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('underlay-scale').textContent()).toContain('1 Pixel = 3 cm');
    const c = (await world.api.owner1.get(`/api/storefronts/${sid}/underlay`)).body.underlay.calibration;
    expect(c).toMatchObject({
      scale: { p1: { x: 100, y: 50 }, p2: { x: 100, y: 450 }, distanceCm: 1200 },
      cmPerPx: 3,
      rotationDeg: -90,
      offsetXCm: -150,
      offsetYCm: 25,
    });
    expect(c.opacity).toBeCloseTo(opacityBefore - 0.1);
    // Nothing needs sideways scrolling on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'underlay-phone');
  });

  it('a designer of the plan sees the underlay under the canvas, without the controls to change it', async () => {
    const sid = world.demo.storefrontIds[0];
    if (!(await world.api.staff.get(`/api/storefronts/${sid}/underlay`)).body.underlay) {
      expect((await uploadUnderlay(server, world.tokens.staff, sid, await floorPlanPng(W, H, MARKS))).status).toBe(201);
      await server.app.underlays.queue.idle();
    }
    const ctx = await signedInContext(browser, server, world.demo.users.designer1.email, world.password);
    const editor = await openEditor(ctx, server, world.demo.planId);
    const image = editor.locator('[data-testid="layout-canvas"] [data-testid="underlay-image"]');
    await expect.poll(() => image.count(), { timeout: 15_000 }).toBe(1);
    const href = (await image.getAttribute('href'))!;
    expect(await editor.evaluate(async (url) => (await fetch(url)).status, href)).toBe(200);
    expect(await editor.getByTestId('underlay-toolbar-toggle').count()).toBe(1);
    expect(await editor.getByTestId('editor-underlay').count()).toBe(0);
  });
});
