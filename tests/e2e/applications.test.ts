import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { test, waitFor } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../integration/accounts/fixtures.ts';
import { testDb } from '../integration/accounts/fixtures.ts';
import { insertCall } from '../integration/applications/fixtures.ts';

/**
 * Issue 16 in the browser at phone size (390×844): a new person applies to a call, makes the account
 * inside the form, sees the draft save itself, confirms the address from the mailed link, submits, and
 * finds the application in "Meine Bewerbungen".
 */
describe.runIf(browserSuites())('applying to a call in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  let mailer: MemoryMailer;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  it('a new person fills the form, makes the account, confirms it and submits; it shows in Meine Bewerbungen', async () => {
    const db = await testDb();
    const call = await insertCall(db, { storefrontIds: [...world.demo.storefrontIds], title: 'Schaufenster Nordstadt' });
    const email = `e2e-bewerbung-${randomUUID()}@test.example`;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/aufrufe/${call.slug}/bewerben`);
    await page.getByRole('heading', { name: 'Konto anlegen' }).waitFor();

    // The account fields name what is missing before anything is sent.
    await page.getByTestId('create-account').click();
    await expect.poll(() => page.getByText('„Name“ fehlt.').count()).toBe(1);
    await page.getByLabel('Name', { exact: true }).fill('Mara Muster');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill('ein-langer-satz-als-passwort');
    await page.getByLabel('Passwort wiederholen').fill('ein-langer-satz-als-passwort');
    await page.getByTestId('create-account').click();

    // The draft exists: fields save themselves.
    const concept = page.getByLabel('Konzept', { exact: true });
    await concept.waitFor();
    expect(await page.getByTestId('verify-note').count()).toBe(1);
    await concept.fill('Eine Leseecke mit Risografie-Werkstatt im Schaufenster.');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Gespeichert');
    await page.locator(`#rank-${call.storefrontIds[0]}`).selectOption({ label: 'Rang 1' });
    await page.getByLabel('Workshop').check();
    await page.getByLabel('Strom').check();
    await page.getByRole('button', { name: 'Link hinzufügen' }).click();
    await page.getByLabel('Portfolio-Link 1: Adresse').fill('https://example.org/mara');
    await page.getByLabel('Ich willige in die Verarbeitung').check();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Gespeichert');
    expect(await page.getByTestId('privacy-text').textContent()).toContain(call.privacyText);
    expect(await noSideScroll(page)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'applications-form-390');

    const saved = await db.query<{ concept: string; consent_text: string | null }>(
      'select a.concept, a.consent_text from applications a join users u on u.id = a.applicant_id where u.email = $1',
      [email],
    );
    expect(saved.rows[0]).toEqual({
      concept: 'Eine Leseecke mit Risografie-Werkstatt im Schaufenster.',
      consent_text: call.privacyText,
    });

    // The confirmation link from the captured mail.
    const mail = await waitFor(
      () => mailer.sent.find((m) => m.to === email && m.text.includes('/bewerben/bestaetigen/')),
      5000,
      'the mail',
    );
    const path = /\/aufrufe\/[\w-]+\/bewerben\/bestaetigen\/[\w-]+/.exec(mail.text)?.[0];
    expect(path).toBeTruthy();
    await page.goto(`${server.url}${path}`);
    await page.getByTestId('verified').waitFor();
    await page.getByRole('link', { name: 'Zurück zur Bewerbung' }).click();

    await page.getByTestId('submit-application').waitFor();
    expect(await page.getByTestId('verify-note').count()).toBe(0);
    expect(await concept.inputValue()).toBe('Eine Leseecke mit Risografie-Werkstatt im Schaufenster.');
    await page.getByTestId('submit-application').click();
    await expect.poll(() => page.getByTestId('application-status').first().textContent()).toBe('Abgegeben');
    await waitFor(() => mailer.sent.find((m) => m.to === email && m.text.includes('Risografie-Werkstatt')), 5000, 'the receipt');

    await page.goto(`${server.url}/bewerbungen`);
    const item = page.getByTestId('my-applications').getByRole('listitem');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toContain('Schaufenster Nordstadt');
    expect(await item.textContent()).toContain('Abgegeben');
    expect(await noSideScroll(page)).toBe(true);
    await ctx.close();
  });
});
