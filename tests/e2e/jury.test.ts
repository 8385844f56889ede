import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../integration/accounts/fixtures.ts';
import {
  insertApplication,
  insertCall,
  insertStorefront,
  PASSWORD,
  person,
  type CallFixture,
  type Person,
} from '../integration/jury/fixtures.ts';

/**
 * The jury in Chromium (issue 16): a juror scores with the keyboard only; the owner answers
 * "einverstanden" on a phone (390 px, no horizontal scrolling); staff select and land in the new plan.
 */
describe.runIf(browserSuites())('jury, shortlist and selection in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  let juror: Person;
  let applicant: Person;
  let call: CallFixture;
  let applicationId: string;

  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
    juror = await person(server, 'Jana Jurorin', ['juror']);
    applicant = await person(server, 'Paul Bewerber', ['applicant']);
    const storefront = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Browser-Laden');
    call = await insertCall({ storefrontIds: [storefront], jurors: [juror.id], title: 'Herbst im Quartier' });
    applicationId = await insertApplication({
      callId: call.callId,
      applicantId: applicant.id,
      storefrontIds: [storefront],
      concept: 'Papierwald\nEin Wald aus Papier.',
    });
  });

  it('a juror scores with the keyboard', async () => {
    const ctx = await browser.newContext({ locale: 'de-DE' });
    const page = await ctx.newPage();
    await signIn(page, server.url, juror.email, PASSWORD);
    await page.goto(`${server.url}/jury/${call.callId}`);
    const sheet = page.getByTestId('score-sheet');
    await expect.poll(() => sheet.count()).toBe(1);
    // Into the first criterion's radio group, 4 with the arrow keys; Tab to the next group, 2.
    await page.getByRole('radio', { name: '0' }).first().focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Starker Ortsbezug');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => sheet.getByRole('status').textContent()).toContain('Gespeichert');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'jury-score-sheet');
    const ranking = await world.api.staff.get(`/api/jury/calls/${call.callId}/ranking`);
    // (2·4 + 1·2) / 3
    expect(ranking.body.ranking[0].mean).toBeCloseTo(10 / 3, 9);
    const compare = await world.api.staff.get(`/api/jury/calls/${call.callId}/compare?ids=${applicationId},${applicationId}`);
    expect(compare.body.columns[0].jurors[0].comment).toBe('Starker Ortsbezug');
    await ctx.close();
  });

  it('the owner answers "einverstanden" on a phone', async () => {
    expect(
      (await world.api.staff.post(`/api/selection/calls/${call.callId}/applications/${applicationId}/shortlist`)).status,
    ).toBe(200);
    const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await signIn(page, server.url, world.emails.owner, PASSWORD);
    await page.goto(`${server.url}/kurzliste`);
    const item = page.getByTestId('shortlist-item').filter({ hasText: 'Papierwald' });
    await expect.poll(() => item.count()).toBe(1);
    await item.getByRole('radio', { name: 'einverstanden' }).check();
    await item.getByRole('button', { name: 'Antwort senden' }).click();
    await expect.poll(() => item.getByTestId('shortlist-answer').textContent()).toContain('einverstanden');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'jury-owner-shortlist-390');
    const board = await world.api.staff.get(`/api/selection/calls/${call.callId}`);
    expect(board.body.items[0].ownerAnswers[0].answer).toBe('agree');
    await ctx.close();
  });

  it('staff select and are taken to the new plan', async () => {
    const ctx = await browser.newContext({ locale: 'de-DE' });
    const page = await ctx.newPage();
    await signIn(page, server.url, world.emails.staff, PASSWORD);
    await page.goto(`${server.url}/jury/${call.callId}/auswertung`);
    const row = page.getByTestId('decision-row').filter({ hasText: 'Papierwald' });
    await expect.poll(() => row.count()).toBe(1);
    // The evaluation fits a phone too (390 px, no horizontal scrolling).
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.getByTestId('ranking-row').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'jury-evaluation-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await row.getByRole('button', { name: 'Auswählen' }).click();
    const dialog = page.getByTestId('confirm-dialog').filter({ hasText: 'auswählen?' });
    await dialog.getByRole('button', { name: 'Auswählen und Plan anlegen' }).click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}/);
    const planId = page.url().match(/\/plans\/([0-9a-f-]{36})/)![1];
    const board = await world.api.staff.get(`/api/selection/calls/${call.callId}`);
    expect(board.body.items[0]).toMatchObject({ status: 'selected', planId });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toContain('Papierwald');
    await screenshot(page, 'jury-selected-plan');
    await ctx.close();
  });
});
