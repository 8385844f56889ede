import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { submitApprovePublish } from '../helpers/decisions.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor, signedInContext } from './editor-kit.ts';
import { newStorefront, planWith, waitForPeriods } from '../integration/places/kit.ts';

/**
 * Issue 14 in the browser: when a shop is taken (occupancy on its page), the quarter page, and a task
 * given to an external helper, listed in the print view.
 */
describe.runIf(browserSuites())('places: occupancy, quarter pages, external helpers', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let quarter: { id: string; slug: string; name: string };
  let taken: string;
  let secret: string;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    const slug = `e2e-${Math.random().toString(36).slice(2, 8)}`;
    quarter = (await api.staff.post('/api/quarters', { name: `Platzviertel ${slug}`, slug })).body;
    taken = await newStorefront(api.staff, quarter.id, demo.users.owner2.id, 'Laden am Markt');
    const published = await planWith(server, api.designer1, taken, 'Lichtspiele am Markt', [
      {
        kind: 'opening',
        title: 'Eröffnung Lichtspiele',
        public: true,
        start: '2027-03-05T18:00:00+01:00',
        end: '2027-03-05T21:00:00+01:00',
      },
    ]);
    await submitApprovePublish(api.designer1, api.staff, published);
    // A submitted plan designer 3 cannot read, on another storefront.
    secret = await newStorefront(api.staff, quarter.id, demo.users.owner2.id, 'Laden im Hof');
    const hidden = await planWith(server, api.designer2, secret, 'Vertrauliches Projekt', [
      { kind: 'event', title: 'Intern', public: false, start: '2027-03-12T10:00:00+01:00', end: '2027-03-12T18:00:00+01:00' },
    ]);
    expect((await api.designer2.post(`/api/plans/${hidden}/transitions/submit`)).status).toBe(200);
    await waitForPeriods(api.staff, taken, 1);
    await waitForPeriods(api.staff, secret, 1);
  });

  it('a designer sees the booked period on a taken shop’s page: the title of a published plan, else "belegt"', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer3.email, demo.password);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/storefronts/${taken}`);
    const list = page.getByTestId('occupancy');
    await expect.poll(() => list.textContent().catch(() => '')).toContain('Lichtspiele am Markt');
    expect(await list.textContent()).toMatch(/05\.03\.2027/);
    expect(await page.getByText('Noch keine Pläne').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'places-occupancy');

    await page.goto(`${server.url}/storefronts/${secret}`);
    await expect
      .poll(() =>
        page
          .getByTestId('occupancy')
          .textContent()
          .catch(() => ''),
      )
      .toContain('belegt');
    const text = (await page.getByTestId('occupancy').textContent()) ?? '';
    expect(text).toMatch(/12\.03\.2027/);
    expect(await page.getByText('Vertrauliches Projekt').count()).toBe(0);
    // The quarter is linked from the storefront page.
    await page.getByRole('link', { name: `Quartiersseite: ${quarter.name}` }).click();
    await page.waitForURL(`**/quartiere/${quarter.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(quarter.name);
    await ctx.close();
  });

  it('a quarter page shows its storefronts and upcoming entries, signed out; staff edit it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/quartiere/${quarter.slug}`);
    await expect
      .poll(() =>
        page
          .getByTestId('quarter-storefronts')
          .textContent()
          .catch(() => ''),
      )
      .toContain('Laden am Markt');
    expect(await page.getByTestId('quarter-storefronts').textContent()).toContain('Laden im Hof');
    expect(await page.getByTestId('quarter-entries').textContent()).toContain('Eröffnung Lichtspiele');
    expect(await page.getByText('Intern').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Quartier bearbeiten' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'places-quarter-phone');
    await ctx.close();

    const staff = await signedInContext(browser, server, demo.users.staff.email, demo.password);
    const sp = await staff.newPage();
    await sp.goto(`${server.url}/quartiere/${quarter.slug}`);
    await sp.getByRole('button', { name: 'Quartier bearbeiten' }).click();
    await sp.getByLabel('Beschreibung', { exact: true }).fill('Läden rund um den Markt.');
    await sp.getByLabel('Name der Ansprechperson').fill('Quartiersbüro Markt');
    await sp.getByLabel('E-Mail der Ansprechperson').fill('markt@example.org');
    // Issue 20: staff mark the quarter as an established creative quarter (the reports' share outside them).
    expect(await sp.getByLabel('Etabliertes Kreativquartier').isChecked()).toBe(false);
    await sp.getByLabel('Etabliertes Kreativquartier').check();
    await sp.getByRole('button', { name: 'Speichern' }).click();
    await sp.getByTestId('confirm-dialog').getByRole('button', { name: 'Speichern' }).click();
    await expect
      .poll(() =>
        sp
          .getByTestId('quarter-contact')
          .textContent()
          .catch(() => ''),
      )
      .toContain('Quartiersbüro Markt');
    expect(await sp.getByText('Läden rund um den Markt.').count()).toBe(1);
    const stored = await fetch(`${server.url}/api/quarters/${quarter.slug}`);
    expect(((await stored.json()) as { established: boolean }).established).toBe(true);
    await sp.getByRole('button', { name: 'Quartier bearbeiten' }).click();
    expect(await sp.getByLabel('Etabliertes Kreativquartier').isChecked()).toBe(true);
    await staff.close();
  });

  it('a task assigned to an external helper shows in the print view', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    await page.getByRole('tab', { name: 'Zuständigkeiten' }).click();
    await page.getByLabel('Neue Aufgabe').fill('Schlüssel beim Hausmeister');
    await page.getByRole('button', { name: 'Aufgabe anlegen' }).click();
    const idOf = () =>
      page
        .locator('[data-task-id]')
        .evaluateAll((els) =>
          els
            .filter(
              (el) => (el.querySelector('input[type="text"]') as HTMLInputElement | null)?.value === 'Schlüssel beim Hausmeister',
            )
            .map((el) => el.getAttribute('data-task-id')),
        );
    await expect.poll(async () => (await idOf()).length).toBe(1);
    const task = page.locator(`[data-task-id="${(await idOf())[0]}"]`);
    await task.getByLabel('Zuständig', { exact: true }).selectOption({ label: 'Externe Person (ohne Konto)' });
    await task.getByLabel('Name der externen Person').fill('Herr Oster');
    await task.getByLabel('Telefon (optional)').fill('ruf an');
    await task.getByRole('button', { name: 'Übernehmen' }).click();
    await expect
      .poll(() =>
        task
          .getByRole('alert')
          .textContent()
          .catch(() => ''),
      )
      .toContain('Telefonnummer ungültig');
    await task.getByLabel('Telefon (optional)').fill('0231 123456');
    await task.getByRole('button', { name: 'Übernehmen' }).click();
    await expect.poll(() => task.getByRole('alert').count()).toBe(0);
    await page.getByRole('link', { name: 'Druckansicht' }).click();
    await page.getByTestId('print-view').waitFor();
    await expect
      .poll(() =>
        page
          .getByTestId('print-helpers')
          .textContent()
          .catch(() => ''),
      )
      .toContain('Herr Oster');
    expect(await page.getByTestId('print-helpers').textContent()).toContain('0231 123456');
    expect(await page.getByTestId('print-view').textContent()).toContain('Herr Oster (extern)');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'places-print-helper');
    await ctx.close();
  });
});
