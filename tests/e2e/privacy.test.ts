import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser } from '@planner/server/modules/accounts/users';
import { test } from '../helpers/fixtures.ts';
import type { World } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { PASSWORD, testDb } from '../integration/accounts/fixtures.ts';

/**
 * Data-protection self-service in Chromium (issue 20): a person downloads their data (a real zip) and
 * deletes their account through the confirmation dialog; staff filter the activity log (also at phone
 * width) and keep the privacy page's text, which the public reads without any HTML taking effect.
 */
describe.runIf(browserSuites())('data protection in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
  });

  let deletedPseudonym = '';

  it('a person exports their data as a zip and deletes their account through the dialog', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `loesch-mich-${tag}@datenschutz.example`;
    const user = await createUser(await testDb(), {
      email,
      name: `Lotte Löschbar ${tag}`,
      password: PASSWORD,
      roles: ['designer'],
    });
    deletedPseudonym = server.app.privacy.pseudonymOf(user.id);
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await signIn(page, server.url, email, PASSWORD);
    await page.goto(`${server.url}/account`);
    await page.getByRole('heading', { name: 'Meine Daten' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Meine Daten exportieren' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^meine-daten-\d{4}-\d{2}-\d{2}\.zip$/);
    const bytes = await readFile((await download.path()) as string);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const zip = unzipSync(new Uint8Array(bytes));
    const account = JSON.parse(Buffer.from(zip['tables/users.json']).toString('utf8'));
    expect(account[0]).toMatchObject({ id: user.id, email, name: `Lotte Löschbar ${tag}` });
    expect(JSON.parse(Buffer.from(zip['tables/sessions.json']).toString('utf8')).length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Konto löschen …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Konto endgültig löschen?' });
    await dialog.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const confirm = dialog.getByRole('button', { name: 'Endgültig löschen' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Zur Bestätigung Ihr Passwort').fill('leider-falsch-geraten');
    await confirm.click();
    await expect.poll(() => dialog.getByRole('alert').first().textContent()).toContain('Das Passwort stimmt nicht');
    await dialog.getByLabel('Zur Bestätigung Ihr Passwort').fill(PASSWORD);
    await screenshot(page, 'privacy-delete-dialog');
    await confirm.click();
    await page.waitForURL('**/login?deleted=1');
    await expect.poll(() => page.getByTestId('account-deleted').textContent()).toContain('Ihr Konto wurde gelöscht');
    // The browser's session is gone on the server too.
    expect((await page.request.get(`${server.url}/api/auth/session`)).status()).toBe(401);
    await ctx.close();
  });

  it('staff filter the activity log, also on a phone', async () => {
    expect(deletedPseudonym).not.toBe('');
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await signIn(page, server.url, world.emails.staff, PASSWORD);
    await page.goto(`${server.url}/activity`);
    await page.getByRole('heading', { name: 'Aktivitätsprotokoll' }).waitFor();
    await page.getByTestId('activity-entries').waitFor();

    await page.getByLabel('Wer (Name, E-Mail oder Pseudonym)').fill(deletedPseudonym);
    await page.getByLabel('Was (Aktion)').selectOption('account.deleted');
    await page.getByRole('button', { name: 'Filtern', exact: true }).click();
    await expect.poll(() => page.getByTestId('entry-action').allTextContents()).toEqual(['account.deleted']);
    expect(await page.getByTestId('entry-actor').textContent()).toBe(`Ehemaliges Konto (${deletedPseudonym})`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'privacy-activity-phone');

    await page.getByLabel('Von (Datum)').fill('2001-01-01');
    await page.getByLabel('Bis (Datum)').fill('2001-01-02');
    await page.getByRole('button', { name: 'Filtern', exact: true }).click();
    await page.getByTestId('activity-empty').waitFor();

    await page.getByLabel('Plan-ID').fill('kein-plan');
    await page.getByRole('button', { name: 'Filtern', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('„Plan-ID“ ist keine gültige ID.');
    await ctx.close();
  });

  it('staff delete a person’s account after typing its address', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `auf-anfrage-${tag}@datenschutz.example`;
    const user = await createUser(await testDb(), { email, name: `Briefschreiberin ${tag}`, password: PASSWORD });
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, world.emails.staff, PASSWORD);
    await page.goto(`${server.url}/account`);
    await page.getByLabel('Name oder E-Mail-Adresse').fill(email);
    await page.getByRole('button', { name: 'Konten suchen' }).click();
    const results = page.getByTestId('staff-delete-results');
    await results.getByText(`Briefschreiberin ${tag}`).waitFor();
    await results.getByRole('button', { name: 'Konto löschen' }).click();
    const dialog = page.getByRole('dialog', { name: `Konto von Briefschreiberin ${tag} endgültig löschen?` });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Endgültig löschen' });
    await dialog.getByRole('textbox').fill('jemand-anderes@datenschutz.example');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox').fill(email);
    await confirm.click();
    await page
      .getByRole('status')
      .filter({ hasText: `Das Konto ${email} wurde gelöscht.` })
      .waitFor();
    const gone = await (await testDb()).query('select 1 from users where id = $1', [user.id]);
    expect(gone.rows).toHaveLength(0);
    await ctx.close();
  });

  it('staff edit the privacy page; the public reads it as text, linked from the sign-in page', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, server.url, world.emails.staff, PASSWORD);
    await page.goto(`${server.url}/datenschutz`);
    await page.getByRole('button', { name: 'Text bearbeiten' }).click();
    const marker = randomUUID().slice(0, 8);
    await page
      .getByLabel('Text der Datenschutzseite')
      .fill(
        `# Verantwortliche Stelle ${marker}\n\nStadt Dortmund <img src=x onerror="window.__pwned=1">\n\n- Auskunft **jederzeit**`,
      );
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert.' }).waitFor();
    await ctx.close();

    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    await pub.goto(`${server.url}/login`);
    await pub.getByRole('link', { name: 'Datenschutz' }).first().click();
    await pub.waitForURL('**/datenschutz');
    await pub.getByRole('heading', { name: `Verantwortliche Stelle ${marker}` }).waitFor();
    const text = pub.getByTestId('privacy-text');
    expect(await text.textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await text.locator('img').count()).toBe(0);
    expect(await text.locator('li strong').textContent()).toBe('jederzeit');
    expect(await pub.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await pub.getByRole('button', { name: 'Text bearbeiten' }).count()).toBe(0);
    await visitor.close();
  });
});
