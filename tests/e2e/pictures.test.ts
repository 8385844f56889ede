import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { addLayoutItem } from '@planner/shared';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../helpers/fixtures.ts';
import { openDoc } from '../helpers/yjs.ts';
import { smallPng, uploadFile } from '../helpers/media.ts';
import { freshDraftPlan } from '../integration/accounts/fixtures.ts';
import { openEditor, prepareStorefront, screenPoint, signedInContext } from './editor-kit.ts';

/**
 * Pictures in Chromium (issue 17): the owner uploads storefront photos with a progress bar, makes one
 * public (after confirming) and moves it with the keyboard; the public URL then loads signed out; a
 * designer picks a layout item's reference image in the inspector, which shows it, as does hovering
 * the item on the canvas, also for the read-only owner; images attached to a comment show in the thread.
 */
describe.runIf(browserSuites())('pictures in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
    await prepareStorefront(server, world.api, world.demo);
  });

  async function throttleUploads(page: Page, bytesPerSecond: number) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
  }

  it('uploads storefront photos with a progress bar, makes one public, and reorders them by keyboard', async () => {
    const storefrontId = world.demo.storefrontIds[0];
    const noise = (bg: string) =>
      sharp({
        create: { width: 600, height: 450, channels: 3, background: bg, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
      })
        .png()
        .toBuffer();
    const ctx = await signedInContext(browser, server, world.demo.users.owner1.email, world.password);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await page.goto(`${server.url}/storefronts/${storefrontId}`);
    const section = page.getByTestId('storefront-photos');
    await expect.poll(() => section.getByTestId('photos-empty').count()).toBe(1);

    await throttleUploads(page, 256 * 1024);
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('[data-testid="photos-progress"] progress'))
          seen.push((p as HTMLProgressElement).value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    });
    await section.getByLabel('Art').first().selectOption('window');
    const chooser = page.waitForEvent('filechooser');
    await section.getByRole('button', { name: 'Fotos auswählen' }).click();
    await (await chooser).setFiles([
      { name: 'schaufenster.png', mimeType: 'image/png', buffer: await noise('#884') },
      { name: 'innen.png', mimeType: 'image/png', buffer: await noise('#448') },
    ]);
    const bar = page.getByTestId('photos-progress');
    await expect.poll(() => bar.getByText(/„schaufenster\.png“ wird hochgeladen: \d+ %/).count()).toBe(1);
    await screenshot(page, 'storefront-photos-progress');
    await expect.poll(() => section.getByTestId('photo').count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => bar.count(), { timeout: 60_000 }).toBe(0);
    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    expect(seen.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(1);
    await throttleUploads(page, -1);

    const photos = section.getByTestId('photo');
    await expect
      .poll(() => photos.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))))
      .toEqual(['ready', 'ready']);
    const first = photos.first();
    await expect.poll(() => first.getByRole('img').evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
    expect(await first.getByRole('combobox', { name: 'Art' }).inputValue()).toBe('window');

    // Public after confirming; the public address loads without signing in, cached for a year.
    await first.getByLabel('Bildunterschrift').fill('Schaufenster zur Straße');
    await first.getByLabel('Bildunterschrift').press('Tab');
    page.once('dialog', (d) => void d.accept());
    await first.getByLabel('Öffentlich zeigen').check();
    await expect.poll(() => first.getAttribute('data-public')).toBe('true');
    await expect.poll(() => first.getByTestId('photo-visibility').textContent()).toBe('öffentlich');
    const href = await first.getByTestId('photo-public-link').getAttribute('href');
    expect(href).toMatch(/^\/media\/public\/[0-9a-f]{64}\/w320\.webp$/);
    const res = await fetch(`${server.url}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Dismissing the question changes nothing.
    const second = photos.nth(1);
    page.once('dialog', (d) => void d.dismiss());
    await second.getByLabel('Öffentlich zeigen').click();
    await expect.poll(() => second.getByLabel('Öffentlich zeigen').isChecked()).toBe(false);
    expect(await second.getAttribute('data-public')).toBe('false');
    await screenshot(page, 'storefront-photos');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Keyboard: the second photo, focused, moves forward with Alt+↑ and keeps the focus.
    const secondId = await second.getAttribute('data-photo-id');
    await second.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => photos.first().getAttribute('data-photo-id')).toBe(secondId);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-photo-id'))).toBe(secondId);
    const listed = await world.api.staff.get(`/api/storefronts/${storefrontId}/photos`);
    expect(listed.body.photos[0].id).toBe(secondId);

    // A phone: the gallery stacks, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'storefront-photos-phone');

    // Private again: the public address fails at once.
    const publicCard = page.locator(`[data-photo-id]`).filter({ has: page.getByTestId('photo-public-link') });
    await publicCard.getByLabel('Öffentlich zeigen').uncheck();
    await expect.poll(async () => (await fetch(`${server.url}${href}`)).status).toBe(404);
    await ctx.close();
  });

  it('shows a layout item’s reference image in the inspector and on hover, for editors and the read-only owner', async () => {
    const planId = await freshDraftPlan(world, 'Referenzbild');
    const up = await uploadFile(
      server,
      world.tokens.designer,
      planId,
      await smallPng(640, { r: 220, g: 30, b: 40 }),
      'skulptur.png',
      'image/png',
    );
    expect(up.status).toBe(201);
    await server.app.media.queue.idle();
    const c = openDoc(server.wsUrl, planId, world.tokens.designer);
    await c.synced;
    addLayoutItem(c.doc, { id: 'sockel', kind: 'plinth', x: 300, y: 400, w: 120, h: 120, label: 'Sockel Nord' });

    const ctx = await signedInContext(browser, server, world.demo.users.designer1.email, world.password);
    const page = await openEditor(ctx, server, planId);
    await expect.poll(() => page.locator('[data-item-id="sockel"]').count()).toBe(1);
    const centre = await screenPoint(page, 360, 460);
    await page.mouse.click(centre.x, centre.y);
    const inspector = page.getByTestId('inspector');
    await expect.poll(() => inspector.getByLabel('Beschriftung').inputValue()).toBe('Sockel Nord');
    await inspector.getByLabel('Bild aus dem Material').selectOption({ label: 'skulptur.png' });
    const img = inspector.getByRole('img', { name: 'Referenzbild für „Sockel Nord“' });
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
    // It is in the shared document as the attachment's id.
    await expect
      .poll(() => (c.doc.getMap('layout').get('sockel') as { get(k: string): unknown }).get('referenceImage'))
      .toBe(up.body.id);
    await screenshot(page, 'reference-image-inspector');

    // Hovering the item on the canvas shows it too.
    await page.mouse.move(centre.x - 300, centre.y + 300);
    await expect.poll(() => page.getByTestId('reference-hover').count()).toBe(0);
    await page.mouse.move(centre.x, centre.y);
    await expect.poll(() => page.getByTestId('reference-hover').getAttribute('data-for')).toBe('sockel');
    expect(await page.getByTestId('reference-hover').locator('image').getAttribute('href')).toBe(
      `/api/plans/${planId}/attachments/${up.body.id}/files/w320`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    // An id that is no attachment of this plan (someone wrote it into the document) shows nothing but a note.
    (c.doc.getMap('layout').get('sockel') as { set(k: string, v: unknown): void }).set('referenceImage', crypto.randomUUID());
    await expect.poll(() => img.count()).toBe(0);
    await expect.poll(() => inspector.getByText('Das Referenzbild gibt es nicht mehr im Material dieses Plans.').count()).toBe(1);
    await inspector.getByLabel('Bild aus dem Material').selectOption({ label: 'skulptur.png' });
    await expect.poll(() => img.count()).toBe(1);

    // The owner reads: the inspector shows the image without a picker.
    const octx = await signedInContext(browser, server, world.demo.users.owner1.email, world.password);
    const opage = await openEditor(octx, server, planId);
    await expect.poll(() => opage.locator('[data-item-id="sockel"]').count()).toBe(1);
    const ocentre = await screenPoint(opage, 360, 460);
    await opage.mouse.click(ocentre.x, ocentre.y);
    const oimg = opage.getByTestId('inspector').getByRole('img', { name: 'Referenzbild für „Sockel Nord“' });
    await expect.poll(() => oimg.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
    expect(await opage.getByTestId('inspector').getByLabel('Bild aus dem Material').count()).toBe(0);
    await octx.close();
    await ctx.close();
    c.destroy();
  });

  it('attaches images to a comment and shows them as thumbnails in the thread', async () => {
    const planId = await freshDraftPlan(world, 'Kommentarbild');
    const ctx = await signedInContext(browser, server, world.demo.users.owner1.email, world.password);
    const page = await openEditor(ctx, server, planId);
    const panel = page.getByTestId('comments-panel');
    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Bilder anhängen' }).click();
    await (await chooser).setFiles({ name: 'riss.png', mimeType: 'image/png', buffer: await smallPng(500) });
    await expect.poll(() => panel.getByTestId('comment-pending-images').getByRole('img').count()).toBe(1);
    await panel.getByLabel('Kommentar', { exact: true }).fill('Der Riss an der Rückwand.');
    await panel.getByRole('button', { name: 'Senden' }).first().click();
    const shot = panel.getByTestId('comment-image');
    await expect.poll(() => shot.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => shot.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);
    expect(await panel.getByTestId('comment-pending-images').count()).toBe(0);
    await screenshot(page, 'comment-images');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The designer sees it in the thread too.
    const dctx = await signedInContext(browser, server, world.demo.users.designer1.email, world.password);
    const dpage = await openEditor(dctx, server, planId);
    await expect.poll(() => dpage.getByTestId('comment-image').count()).toBe(1);
    await dctx.close();
    await ctx.close();
  });
});
