import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../helpers/fixtures.ts';
import { signedInContext } from './editor-kit.ts';
import { berlinLocalIn } from '../integration/calls/helpers.ts';

/**
 * Open calls (issue 16) in Chromium: staff create a call and publish it with the keyboard only (Tab,
 * typing, Space, Enter; the publish confirmation included); signed out on a 390 px phone the call is in
 * /aufrufe without sideways scrolling; a designer books a viewing slot on the call page.
 */
const wider = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  );

/**
 * Types a Berlin wall-clock time (`YYYY-MM-DDTHH:mm`) into a datetime-local field with the keyboard,
 * segment by segment. The segment order follows the browser's UI language, which the page cannot ask
 * for: month/day/year with AM/PM is tried first (a failed first try spoils the field for the other order
 * only when it comes second), then day.month.year (24 h). The year takes up to six
 * digits, so Tab moves on to the hour.
 */
async function typeDateTime(page: Page, field: Locator, local: string) {
  const [y, m, d] = local.slice(0, 10).split('-');
  const [hh, mm] = local.slice(11, 16).split(':').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const us of [true, false]) {
    await field.focus();
    await page.keyboard.type(us ? `${m}${d}${y}` : `${d}${m}${y}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(
      us ? `${pad(hh % 12 === 0 ? 12 : hh % 12)}${pad(mm)}${hh < 12 ? 'A' : 'P'}` : `${pad(hh)}${pad(mm)}`,
    );
    if ((await field.inputValue()) === local) return;
    await field.fill('');
  }
  throw new Error(`could not type ${local}`);
}

describe.runIf(browserSuites())('open calls in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
  });

  it('staff create and publish with the keyboard; the public sees it at 390 px; a designer books a viewing', async () => {
    const tag = randomUUID().slice(0, 6);
    // A storefront of its own in a quarter that sorts first, so the form's list shows it whatever else the database holds.
    const q = await world.api.staff.post('/api/quarters', { name: `Aaa Aufrufquartier ${tag}`, slug: `aaa-aufruf-${tag}` });
    expect(q.status).toBe(201);
    const sfTitle = `Aufruf-Laden ${tag}`;
    const sf = await world.api.staff.post('/api/storefronts', {
      quarterId: q.body.id,
      title: sfTitle,
      address: 'Kampstraße 1, 44137 Dortmund',
      lat: 51.514,
      lng: 7.465,
      areaM2: 60,
      outline: [
        { x: 0, y: 0 },
        { x: 600, y: 0 },
        { x: 600, y: 1000 },
        { x: 0, y: 1000 },
      ],
    });
    expect(sf.status).toBe(201);
    const title = `Schaufenster frei ${tag}`;

    // ── staff, keyboard only ──
    // de-DE: the date fields take day, month, year (and hours, minutes) in this order.
    const staffCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
    const login = await staffCtx.request.post(`${server.url}/api/auth/login`, {
      data: { email: world.demo.users.staff.email, password: world.password },
      headers: { origin: server.url },
    });
    expect(login.ok()).toBe(true);
    const page = await staffCtx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await page.goto(`${server.url}/calls/new`);
    await page.getByLabel('Titel', { exact: true }).focus();
    // Submitting without the required fields names them at the field.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#call-title-err').textContent()).toContain('„Titel“ fehlt.');
    await page.getByLabel('Titel', { exact: true }).focus();
    await page.keyboard.type(title);
    // The message follows the input: gone once the title is there.
    await expect.poll(() => page.locator('#call-title-err').count()).toBe(0);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Zwei Monate Schaufenster und Ladenfläche für Szenografie.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Szenografie, Ausstellung');
    // Period from, period until, deadline: the date fields are typed segment by segment (de-DE order).
    // Tab walks through the segments of the two date fields (day, month, year) to the deadline.
    const focused = () => page.evaluate(() => document.activeElement?.id);
    for (let i = 0; i < 10 && (await focused()) !== 'call-deadline'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('call-deadline');
    const deadline = berlinLocalIn(20, '12:00');
    await typeDateTime(page, page.locator('#call-deadline'), deadline);
    expect(await page.getByLabel('Bewerbungsschluss (Berliner Zeit)').inputValue()).toBe(deadline);
    // The storefront checkbox: Tab until it has the focus, Space ticks it.
    const box = page.getByLabel(new RegExp(sfTitle));
    await expect.poll(() => box.count()).toBe(1);
    for (let i = 0; i < 60 && !(await box.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    // A first criterion (the form starts with one row).
    await page.getByLabel('Kriterium 1').focus();
    await page.keyboard.type('Idee');
    // A viewing slot: "Termin hinzufügen" by keyboard, then its fields.
    await page.getByRole('button', { name: 'Termin hinzufügen' }).focus();
    await page.keyboard.press('Enter');
    const viewing = berlinLocalIn(8, '10:00');
    await typeDateTime(page, page.locator('#v-start-0'), viewing);
    await typeDateTime(page, page.locator('#v-end-0'), viewing.replace('T10:00', 'T11:00'));
    await page.locator('#v-cap-0').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('3');
    expect(await page.getByLabel('Ende').inputValue()).toBe(viewing.replace('T10:00', 'T11:00'));
    await screenshot(page, 'calls-staff-form');
    await page.getByTestId('call-submit').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/calls\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('call-status').first().textContent()).toBe('Entwurf');

    // Publish, confirmed in the dialog, by keyboard.
    await page.getByTestId('publish').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Aufruf jetzt veröffentlichen?');
    await dialog.getByRole('button', { name: 'Veröffentlichen' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('call-message').textContent()).toBe('Der Aufruf ist veröffentlicht.');
    const slug = (await page.getByTestId('public-link').getAttribute('href'))!.replace('/aufrufe/', '');

    // ── the public, on a phone ──
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const pub = await phone.newPage();
    await pub.goto(`${server.url}/aufrufe`);
    const item = pub.getByTestId('call-item').filter({ hasText: title });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('Offen');
    expect(await wider(pub)).toEqual([]);
    expect(await pub.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await item.getByRole('link', { name: title }).click();
    await pub.waitForURL(`**/aufrufe/${slug}`);
    await expect.poll(() => pub.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await wider(pub)).toEqual([]);
    await phone.close();

    // ── a designer books the viewing ──
    const designerCtx = await signedInContext(browser, server, world.demo.users.designer3.email, world.password);
    const dp = await designerCtx.newPage();
    await dp.setViewportSize({ width: 390, height: 844 });
    await dp.goto(`${server.url}/aufrufe/${slug}`);
    const slot = dp.getByTestId('viewing').first();
    await expect.poll(() => slot.textContent()).toContain('3 von 3 Plätzen frei');
    await slot.getByRole('button', { name: 'Platz buchen' }).click();
    await expect.poll(() => dp.getByTestId('viewing-message').textContent()).toContain('Ihr Platz ist gebucht');
    await expect.poll(() => slot.textContent()).toContain('2 von 3 Plätzen frei');
    expect(await slot.textContent()).toContain('Gebucht');
    expect(await wider(dp)).toEqual([]);
    await screenshot(dp, 'calls-viewing-booked-phone');
    const call = await world.api.staff.get(`/api/public/calls/${slug}`);
    expect(call.body.viewings[0].booked).toBe(1);
    await designerCtx.close();
    await staffCtx.close();
  });
});
