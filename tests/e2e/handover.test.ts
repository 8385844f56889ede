import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../helpers/fixtures.ts';
import { freshDraftPlan } from '../integration/accounts/fixtures.ts';

/** A phone (390 × 844, German) signed in as `email`. */
async function phone(browser: Browser, server: TestServer, email: string, password: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', acceptDownloads: true });
  const res = await ctx.request.post(`${server.url}/api/auth/login`, {
    data: { email, password },
    headers: { origin: server.url },
  });
  if (!res.ok()) throw new Error(`login of ${email} failed: ${res.status()} ${await res.text()}`);
  return ctx;
}

/** Whether the page scrolls sideways; when it does, the elements reaching past the right edge (for the message). */
const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth + 1) return true;
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
      .join(' | ');
  });

const photo = (r: number, g: number, b: number) =>
  sharp({
    create: { width: 800, height: 600, channels: 3, background: { r, g, b }, noise: { type: 'gaussian', mean: 120, sigma: 30 } },
  })
    .jpeg()
    .toBuffer();

/**
 * The handover protocol on two phones (issue 18, Chromium at 390 × 844): the lead designer starts a
 * move-in protocol and notes a zone's condition, which the owner's phone shows live; two zone photos are
 * taken while the designer's phone is offline, wait in the visible queue ("2 Fotos warten auf
 * Verbindung") and upload once it is back online, and the owner's phone shows them; both confirm (the
 * designer with a drawn signature) through the confirmation dialog; the protocol is locked on both
 * phones; the downloaded PDF holds both photos, the signature and both confirmations. Also: a photo the
 * server refuses stays in the queue with a retry; a photo taken offline survives closing the page and
 * goes up when the page is opened again; the move-out comparison shows the zones side by side. No
 * horizontal scrolling at 390 px (nor at 360 px).
 */
describe.runIf(browserSuites())('the handover protocol on two phones', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
  });

  it('is filled in, photographed offline, confirmed by both, locked and downloaded as PDF', async () => {
    const planId = await freshDraftPlan(world, 'Übergabe im Browser');
    const designerCtx = await phone(browser, server, world.demo.users.designer1.email, world.password);
    const ownerCtx = await phone(browser, server, world.demo.users.owner1.email, world.password);
    try {
      const designer = await designerCtx.newPage();
      const owner = await ownerCtx.newPage();
      for (const p of [designer, owner]) p.on('pageerror', (e) => console.error('[pageerror]', e.message));
      const url = `${server.url}/plans/${planId}/uebergabe`;

      await designer.goto(url);
      await designer.getByTestId('handover-create').click();
      const zone1 = designer.getByTestId('zone-z1');
      await zone1.getByTestId('zone-condition').fill('Boden sauber, Wände weiß');
      await zone1.getByTestId('zone-condition').press('Tab');

      await owner.goto(url);
      await expect
        .poll(() => owner.getByTestId('zone-z1').textContent(), { timeout: 10_000 })
        .toContain('Boden sauber, Wände weiß');
      // The owner reads, but has no fields and no camera buttons.
      expect(await owner.getByTestId('zone-condition').count()).toBe(0);
      expect(await owner.getByTestId('zone-photos-z1-input').count()).toBe(0);

      // Offline: two zone photos wait in the queue.
      await designerCtx.setOffline(true);
      await expect.poll(() => designer.getByTestId('queue-offline').count()).toBe(1);
      await designer
        .getByTestId('zone-photos-z1-input')
        .setInputFiles({ name: 'verkaufsraum.jpg', mimeType: 'image/jpeg', buffer: await photo(200, 60, 40) });
      await designer
        .getByTestId('zone-photos-z2-input')
        .setInputFiles({ name: 'schaufenster.jpg', mimeType: 'image/jpeg', buffer: await photo(40, 90, 200) });
      await expect.poll(() => designer.getByTestId('queue-waiting').textContent()).toContain('2 Fotos warten auf Verbindung');
      expect(await designer.getByTestId('handover-photo-queued').count()).toBe(2);
      expect(await noHorizontalScroll(designer)).toBe(true);
      await screenshot(designer, 'handover-offline-queue');

      // Back online: they upload, in order, and both phones show them.
      await designerCtx.setOffline(false);
      await expect.poll(() => designer.getByTestId('queue-waiting').count(), { timeout: 20_000 }).toBe(0);
      for (const page of [designer, owner]) {
        for (const z of ['z1', 'z2']) {
          await expect
            .poll(
              () => page.getByTestId(`zone-photos-${z}`).locator('[data-testid="handover-photo"][data-state="ready"]').count(),
              { timeout: 30_000 },
            )
            .toBe(1);
        }
      }

      // A photo refused by the server (not an image) stays in the queue with its reason and a retry.
      await designer
        .getByTestId('zone-photos-z3-input')
        .setInputFiles({ name: 'lager.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('kein Bild, nur Text') });
      const refused = designer.getByTestId('queue-refused');
      await expect.poll(() => refused.count(), { timeout: 10_000 }).toBe(1);
      expect(await refused.textContent()).toContain('lager.jpg');
      expect(await refused.getByRole('button', { name: 'Erneut versuchen' }).count()).toBe(1);
      await refused.getByRole('button', { name: 'Verwerfen' }).click();
      await expect.poll(() => refused.count()).toBe(0);

      // A photo taken offline survives closing the page and goes up when the page is opened again online.
      await designerCtx.setOffline(true);
      await designer
        .getByTestId('meter-photos-power-input')
        .setInputFiles({ name: 'strom.jpg', mimeType: 'image/jpeg', buffer: await photo(230, 220, 60) });
      await expect.poll(() => designer.getByTestId('queue-waiting').textContent()).toContain('1 Foto wartet auf Verbindung');
      await designer.close();
      await designerCtx.setOffline(false);
      const designer2 = await designerCtx.newPage();
      designer2.on('pageerror', (e) => console.error('[pageerror]', e.message));
      await designer2.goto(url);
      await expect
        .poll(() => designer2.getByTestId('meter-photos-power').locator('[data-testid="handover-photo"]').count(), {
          timeout: 20_000,
        })
        .toBe(1);
      await expect.poll(() => designer2.getByTestId('queue-waiting').count()).toBe(0);
      const designerPage = designer2;

      // The lead designer confirms with a drawn signature, after the dialog.
      const designerSide = designerPage.getByTestId('confirm-designer');
      await designerSide.getByTestId('confirm-name').fill('Greta Grafik');
      await designerSide.getByTestId('confirm-agree').check();
      const pad = designerSide.getByTestId('signature-designer');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await designerPage.mouse.move(box.x + 20, box.y + box.height * 0.7);
      await designerPage.mouse.down();
      for (let i = 1; i <= 10; i++) await designerPage.mouse.move(box.x + 20 + i * 25, box.y + box.height * (i % 2 ? 0.3 : 0.7));
      await designerPage.mouse.up();
      await designerSide.getByTestId('confirm-button').click();
      const dialog = designerPage.getByRole('dialog');
      await expect.poll(() => dialog.textContent()).toContain('Greta Grafik');
      await dialog.getByRole('button', { name: 'Ja, verbindlich bestätigen' }).click();
      await expect.poll(() => designerSide.getByTestId('confirmed').count(), { timeout: 10_000 }).toBe(1);
      // The designer's phone cannot confirm the owner's side.
      expect(await designerPage.getByTestId('confirm-owner').getByTestId('confirm-button').count()).toBe(0);

      // The owner sees it live and confirms on their phone.
      await expect.poll(() => owner.getByTestId('confirm-designer').textContent(), { timeout: 10_000 }).toContain('Greta Grafik');
      expect(await seriousA11yViolations(owner)).toEqual([]);
      const ownerSide = owner.getByTestId('confirm-owner');
      await ownerSide.getByTestId('confirm-name').fill('Olaf Oster');
      await ownerSide.getByTestId('confirm-agree').check();
      await ownerSide.getByTestId('confirm-button').click();
      await owner.getByRole('dialog').getByRole('button', { name: 'Ja, verbindlich bestätigen' }).click();

      // Locked on both phones; the fields are gone.
      for (const page of [owner, designerPage]) {
        await expect
          .poll(() => page.getByTestId('handover-protocol').getAttribute('data-locked'), { timeout: 10_000 })
          .toBe('true');
        expect(await page.getByTestId('handover-state').textContent()).toContain('Gesperrt');
        expect(await noHorizontalScroll(page)).toBe(true);
      }
      expect(await designerPage.getByTestId('zone-condition').count()).toBe(0);
      await screenshot(owner, 'handover-locked');

      // A move-out protocol next to it: the comparison shows each zone of both side by side.
      await server.app.handover.create(planId, 'auszug', world.demo.users.designer1.id);
      await expect.poll(() => designerPage.getByTestId('tab-compare').count(), { timeout: 10_000 }).toBe(1);
      await designerPage.getByTestId('tab-compare').click();
      expect(await designerPage.getByTestId('compare-zone').count()).toBe(5);
      expect(await designerPage.getByTestId('compare-zone').first().locator('img').count()).toBe(1);
      await designerPage.getByTestId('tab-einzug').click();

      // Still no sideways scrolling on a 360 px phone.
      for (const page of [owner, designerPage]) {
        await page.setViewportSize({ width: 360, height: 740 });
        expect(await noHorizontalScroll(page)).toBe(true);
      }

      // The PDF, downloaded in the app: both photos, the signature, both confirmations.
      const [download] = await Promise.all([
        designerPage.waitForEvent('download'),
        designerPage.getByTestId('handover-pdf').click(),
      ]);
      const file = await download.path();
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Olaf Oster');
      expect(text).toContain('Greta Grafik');
      expect(text).toContain('Boden sauber, Wände weiß');
      expect(text).toMatch(/Gesperrt|gesperrt/);
      const images = execFileSync('/usr/bin/pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      // Two zone photos and the meter photo (JPEG), and the drawn signature (PNG, with its alpha as a soft mask).
      const kinds = images.map((l) => l.trim().split(/\s+/)[2]);
      expect(
        kinds.filter((k) => k === 'image'),
        images.join('\n'),
      ).toHaveLength(4);
      expect(images.filter((l) => / jpeg /.test(l))).toHaveLength(3);
    } finally {
      await designerCtx.close();
      await ownerCtx.close();
    }
  });
});
