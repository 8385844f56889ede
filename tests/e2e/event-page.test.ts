import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addScheduleEntry, setMeta } from '@planner/shared/plan/index';
import { eventSlug } from '@planner/shared';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, foreignRequests, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, publish } from '../helpers/decisions.ts';
import { openDoc, parseCalendar, serverPlan, waitFor } from '../integration/review/helpers.ts';

const HOSTILE = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">';

/**
 * Issue 17: the page of one public entry in Chromium. The server rendered it; the app starts on it and
 * shows its own page without a console error, axe-clean, with a working „In den Kalender“ and the
 * programme linking there. Unknown public paths show the app's not-found page.
 */
describe.runIf(browserSuites())('a public event page in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let api: DemoApis;
  let demo: DemoSet;
  let planId: string;
  const tag = Math.random().toString(36).slice(2, 7);
  const title = `Vernissage Schaufenster ${tag}`;
  let slug: string;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ api, demo } = world);
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: `Schaufenster ${tag}` });
    expect(created.status).toBe(201);
    planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    setMeta(d.doc, { title: `Schaufenster ${tag} ${HOSTILE}`, publicDescription: `Licht und Klang. ${HOSTILE}` });
    addScheduleEntry(d.doc, {
      id: 'v',
      kind: 'opening',
      title,
      start: '2027-03-05T18:00:00+01:00',
      end: '2027-03-05T21:00:00+01:00',
      public: true,
    });
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 1 || undefined);
    d.close();
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
    slug = eventSlug({ planId, entryId: 'v', title, start: '2027-03-05T18:00:00+01:00' });
  });

  it('starts the app on the server-rendered page: its own content, no console error, axe-clean, a calendar file', async () => {
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const foreign = foreignRequests(page, server.url);
    const res = await page.goto(`${server.url}/programm/${slug}`);
    expect(res!.status()).toBe(200);
    // The app's page (not the server's block, which it removed).
    await expect.poll(() => page.getByTestId('event-page').count()).toBe(1);
    expect(await page.locator('#ssr-page').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
    expect(await page.getByTestId('event-access').textContent()).toMatch(/stufenlos/i);
    expect(await page.getByTestId('event-map').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.title()).toContain(title);

    expect(await seriousA11yViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('event-calendar').click()]);
    const { readFileSync } = await import('node:fs');
    const cal = await parseCalendar(readFileSync((await download.path())!, 'utf8'));
    expect(new Date(cal.events.get(`${planId}-v@kreativquartiere-planner`).start).toISOString()).toBe('2027-03-05T17:00:00.000Z');

    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await ctx.close();
  });

  it('is reached from the programme by navigation, and an outdated slug ends on the current one', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/programme?from=2027-03-05&to=2027-03-05`);
    const link = page.getByTestId('programme-entry-link').filter({ hasText: title });
    await expect.poll(() => link.count()).toBe(1);
    await link.click();
    await page.waitForURL(`**/programm/${slug}`);
    await expect.poll(() => page.getByTestId('event-page').textContent()).toContain('Licht und Klang.');
    await page.goto(`${server.url}/programm/alter-titel-2020-01-01-${slug.split('-').at(-1)}`);
    await page.waitForURL(`**/programm/${slug}`);
    await expect.poll(() => page.getByTestId('event-page').count()).toBe(1);
    await ctx.close();
  });

  it('the programme and the quarter page (with the widget snippet) are axe-clean too', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/quartiere/unionviertel`);
    await expect.poll(() => page.getByTestId('embed-snippet').textContent()).toContain('/einbetten/unionviertel');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto(`${server.url}/programme?from=2027-03-05&to=2027-03-05`);
    await expect.poll(() => page.getByTestId('programme-entry-link').count()).toBeGreaterThan(0);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await ctx.close();
  });

  it('shows the app’s not-found page on an unknown public path (status 404)', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const res = await page.goto(`${server.url}/gibt-es-nicht-${tag}`);
    expect(res!.status()).toBe(404);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Seite nicht gefunden');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await ctx.close();
  });
});
