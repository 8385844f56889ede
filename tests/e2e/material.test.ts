import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../helpers/fixtures.ts';
import { freshDraftPlan } from '../integration/accounts/fixtures.ts';
import { openEditor, signedInContext } from './editor-kit.ts';

/**
 * The plan's "Material" tab (issue 17) in Chromium: a designer uploads a photo with the button (file
 * chooser) over a throttled upload link, sees the progress bar move, then the picture in the gallery
 * (after "wird verarbeitet"); a PDF dropped on the drop zone arrives too; the owner sees both and
 * cannot upload; the print view shows the picture.
 */
describe.runIf(browserSuites())('plan material in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
  });

  /** Throttles this page's uploads to `bytesPerSecond` (Chromium's network emulation). */
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

  it('uploads with a progress bar, shows the picture, takes a dropped PDF; the owner only looks', async () => {
    const planId = await freshDraftPlan(world, 'Material-Plan');
    // About 1 MB of noise (PNG cannot compress it): at 256 KiB/s the upload takes a few seconds.
    const photo = await sharp({
      create: { width: 600, height: 600, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    })
      .png()
      .toBuffer();
    expect(photo.length).toBeGreaterThan(700 * 1024);

    const ctx = await signedInContext(browser, server, world.demo.users.designer1.email, world.password);
    const page = await openEditor(ctx, server, planId);
    await page.getByRole('tab', { name: 'Material' }).click();
    await expect.poll(() => page.getByTestId('material-empty').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await throttleUploads(page, 256 * 1024);
    // Record every value the progress bar shows, in the page (no polling gaps).
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('[data-testid="material-progress"] progress'))
          seen.push((p as HTMLProgressElement).value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Dateien auswählen' }).click();
    await (await chooser).setFiles({ name: 'rendering.png', mimeType: 'image/png', buffer: photo });

    const bar = page.getByTestId('material-progress');
    await expect.poll(() => bar.count()).toBe(1);
    await expect.poll(() => bar.getByText(/rendering\.png wird hochgeladen … \d+ %/).count()).toBe(1);
    await screenshot(page, 'material-progress');
    // The bar moved: values strictly between 0 and 1 were shown, rising.
    await expect.poll(() => bar.count(), { timeout: 30_000 }).toBe(0);
    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    const between = seen.filter((v) => v > 0 && v < 1);
    expect(between.length).toBeGreaterThan(1);
    expect([...between].sort((a, b) => a - b)).toEqual(between);

    // The picture arrives in the gallery (through "wird verarbeitet" while the server makes the sizes).
    const item = page.getByTestId('material-item');
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    const img = item.getByRole('img', { name: 'rendering.png' });
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(320);

    // A PDF dropped on the drop zone.
    await throttleUploads(page, -1);
    const pdf =
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text.padEnd(5000, ' ')], 'konzept.pdf', { type: 'application/pdf' }));
      return dt;
    }, pdf);
    await page.getByTestId('material-drop').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => item.filter({ hasText: 'konzept.pdf' }).getAttribute('data-state')).toBe('ready');
    await screenshot(page, 'material-gallery');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A program renamed to a photo is refused with a German message naming the field; nothing is added.
    const exeChooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Dateien auswählen' }).click();
    await (await exeChooser).setFiles({
      name: 'foto.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(6000, 1)]),
    });
    const alerts = page.getByTestId('material-panel').getByRole('alert');
    await expect
      .poll(() => alerts.allTextContents())
      .toEqual([expect.stringMatching(/„file“: Dieses Dateiformat wird nicht angenommen/)]);
    await screenshot(page, 'material-refused');
    expect(await item.count()).toBe(2);

    // A comment on the picture: the thread is named after the file and lists under it.
    const pictureCard = item.filter({ hasText: 'rendering.png' });
    await pictureCard.getByRole('button', { name: /^Kommentieren/ }).click();
    await expect.poll(() => page.getByTestId('comment-target').textContent()).toBe('Material: rendering.png');
    await page.getByLabel('Kommentar', { exact: true }).fill('Kräftigere Farben?');
    await page.getByRole('button', { name: 'Senden' }).first().click();
    await expect.poll(() => page.getByTestId('threads').textContent()).toContain('Kräftigere Farben?');
    await expect.poll(() => page.getByTestId('threads').textContent()).toContain('Material: rendering.png');

    // The print view shows the picture and names the PDF.
    const print = await ctx.newPage();
    await print.goto(`${server.url}/plans/${planId}/print`);
    const printed = print.getByTestId('print-material');
    await expect.poll(() => printed.getByRole('img', { name: 'rendering.png' }).count()).toBe(1);
    await expect
      .poll(() => printed.getByRole('img', { name: 'rendering.png' }).evaluate((el) => (el as HTMLImageElement).naturalWidth))
      .toBe(600);
    expect(await printed.getByText('konzept.pdf (PDF, 1 Seite)').count()).toBe(1);
    await print.close();

    // The owner of the storefront sees the material but has no upload.
    const octx = await signedInContext(browser, server, world.demo.users.owner1.email, world.password);
    const opage = await openEditor(octx, server, planId);
    await opage.getByRole('tab', { name: 'Material' }).click();
    await expect.poll(() => opage.getByTestId('material-item').count()).toBe(2);
    expect(await opage.getByRole('button', { name: 'Dateien auswählen' }).count()).toBe(0);
    await octx.close();
    await ctx.close();
  });
});
