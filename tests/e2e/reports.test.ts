import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { buildReportCity, type ReportCity } from '../integration/reports/fixture.ts';
import { openEditor, signedInContext } from './editor-kit.ts';

/** Issue 20 in Chromium: staff read the report (chart and table), a designer records visitors on the plan page. */
describe.runIf(browserSuites())('reports and attendance in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  let city: ReportCity;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    city = await buildReportCity(server, api, demo, 'Browser');
  });

  /** The cells of the row whose header is `name`, as the page shows them. */
  const rowCells = (page: Page, table: string, name: string) =>
    page
      .getByTestId(`report-table-${table}`)
      .locator('tbody tr', { has: page.locator('th', { hasText: name }) })
      .locator('td')
      .allTextContents();

  it('staff open /reports and see the charts, each with its table, with the hand-computed numbers', async () => {
    const ctx = await signedInContext(browser, server, demo.users.staff.email, demo.password);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await page.goto(`${server.url}/dashboard`);
    // The staff dashboard lists the ended public entry still without a count (b2), linked to its plan.
    const missing = page
      .getByTestId('missing-attendance')
      .locator('li', { has: page.locator(`a[href="/plans/${city.plans.B}"]`) });
    await expect.poll(() => missing.allTextContents()).toEqual([expect.stringContaining('Termin b2')]);
    await page.getByRole('navigation').getByRole('link', { name: 'Berichte' }).click();
    await page.getByRole('heading', { name: 'Berichte', level: 1 }).waitFor();
    // The report for the fixture's two quarters in 2025 (the filters live in the URL).
    await page.goto(`${server.url}/reports?year=2025&quarters=${city.est.id},${city.out.id}`);
    const cityTable = page.getByTestId('report-table-cityQuarter');
    await cityTable.waitFor();
    expect(await cityTable.locator('caption').textContent()).toBe('Nach Stadtquartier');
    await expect.poll(() => rowCells(page, 'cityQuarter', city.est.name)).toEqual(['ja', '2', '1', '6', '3', '2', '50']);
    expect(await rowCells(page, 'cityQuarter', city.out.name)).toEqual(['nein', '2', '2', '4', '2', '1', '120']);
    expect(await rowCells(page, 'summary', 'Leerstandstage aktiviert')).toEqual(['10']);
    expect(await rowCells(page, 'summary', 'Besucher:innen (erfasst)')).toEqual(['170']);
    expect(await rowCells(page, 'quarterOfYear', 'Q2 2025')).toEqual(['2', '2', '5', '2', '0', '0']);
    expect(await page.getByTestId('share-outside').textContent()).toBe('50 %');
    // The chart beside the table: a titled figure whose canvas Chart.js has drawn on.
    const chart = page.getByTestId('report-chart').filter({ hasText: 'Inszenierungen je Stadtquartier' });
    expect(await chart.locator('canvas').getAttribute('aria-label')).toContain('Inszenierungen je Stadtquartier');
    await expect
      .poll(() =>
        chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(100);
    expect(await page.getByTestId('report-chart').count()).toBe(3);
    expect(await page.getByTestId('calls-missing').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Narrowing by one city quarter through the filter.
    await page.getByTestId('filter-quarter').selectOption(city.est.id);
    await expect.poll(() => rowCells(page, 'summary', 'Leerstandstage aktiviert')).toEqual(['6']);
    expect(await page.getByTestId('share-outside').textContent()).toBe('0 %');
    expect(page.url()).toContain(`quarters=${city.est.id}`);

    // Phone layout: nothing wider than the screen, chart and table stacked.
    await page.setViewportSize({ width: 390, height: 844 });
    // (Chart.js follows the new width through a ResizeObserver, a frame or two later.)
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const [chartBox, tableBox] = await Promise.all([
      page.getByTestId('report-chart').first().boundingBox(),
      page.getByTestId('report-table-quarterOfYear').boundingBox(),
    ]);
    expect(tableBox!.y).toBeGreaterThan(chartBox!.y + chartBox!.height - 1);
    await screenshot(page, 'reports-phone');
    await ctx.close();
  });

  it('a designer records the visitors of an ended public entry on the plan page; the owner sees them read-only', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, city.plans.B);
    const panel = page.getByTestId('attendance');
    await panel.getByRole('heading', { name: 'Besucherzahlen' }).waitFor();
    const input = panel.getByLabel('Besucher:innen – Termin b2');
    await input.fill('viele');
    await panel.getByRole('button', { name: 'Speichern – Termin b2' }).click();
    await panel.getByRole('alert').filter({ hasText: '„Besucher:innen“ für „Termin b2“' }).waitFor();
    expect((await api.staff.get(`/api/plans/${city.plans.B}/attendance`)).body.entries[1].visitors).toBeNull();
    await input.fill('25');
    await panel.getByLabel('Notiz (optional)').nth(1).fill('Regen');
    await panel.getByRole('button', { name: 'Speichern – Termin b2' }).click();
    await panel.getByRole('status').filter({ hasText: 'Besucherzahl für „Termin b2“ gespeichert.' }).waitFor();
    const saved = (await api.staff.get(`/api/plans/${city.plans.B}/attendance`)).body.entries[1];
    expect(saved).toMatchObject({ entryId: 'b2', visitors: 25, note: 'Regen' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await ctx.close();

    const owner = await signedInContext(browser, server, demo.users.owner2.email, demo.password);
    const ownerPage = await openEditor(owner, server, city.plans.B);
    const ownerPanel = ownerPage.getByTestId('attendance');
    await expect
      .poll(() => ownerPanel.getByTestId('attendance-value').allTextContents())
      .toEqual(['Besucher:innen: 10', 'Besucher:innen: 25 · Regen']);
    expect(await ownerPanel.getByRole('textbox').count()).toBe(0);
    await owner.close();
  });
});
