import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { addScheduleEntry, setMeta } from '@planner/shared/plan/index';
import { foreignRequests, browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { approve, publish } from '../helpers/decisions.ts';
import { openDoc, parseCalendar, serverPlan, waitFor } from '../integration/review/helpers.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';

describe.runIf(browserSuites())('the public programme', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  const tag = Math.random().toString(36).slice(2, 7);
  const publicTitle = `Vernissage Klangraum ${tag}`;
  const privateTitle = `Interner Aufbau ${tag}`;
  const expoTitle = `Ausstellung geöffnet ${tag}`;
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    // A published plan with one public and one private entry, and private notes at the storefront.
    await api.staff.patch(`/api/storefronts/${demo.storefrontIds[0]}`, { keyHandoverNotes: `Schlüssel beim Kiosk ${tag}` });
    const d = await openDoc(server, demo.planId, api.designer1.token!);
    setMeta(d.doc, { publicDescription: 'Eine Klanginstallation im Schaufenster.' });
    addScheduleEntry(d.doc, {
      kind: 'opening',
      title: publicTitle,
      start: '2027-03-05T18:00:00+01:00',
      end: '2027-03-05T21:00:00+01:00',
      public: true,
    });
    addScheduleEntry(d.doc, {
      kind: 'setup',
      title: privateTitle,
      start: '2027-03-04T09:00:00+01:00',
      end: '2027-03-04T17:00:00+01:00',
      public: false,
    });
    // Runs over nine days (issue 13, defect 8).
    addScheduleEntry(d.doc, {
      kind: 'open-hours',
      title: expoTitle,
      start: '2026-12-12T11:00:00+01:00',
      end: '2026-12-20T18:00:00+01:00',
      public: true,
    });
    await waitFor(
      async () => Object.keys((await serverPlan(server, demo.planId)).schedule).length === 3,
      5000,
      'entries on the server',
    );
    d.close();
    for (const [who, name] of [
      ['designer1', 'submit'],
      ['staff', 'approve'],
      ['staff', 'publish'],
    ] as const) {
      const res =
        name === 'publish'
          ? await publish(api.staff, demo.planId)
          : name === 'approve'
            ? await approve(api.staff, demo.planId)
            : await api[who].post(`/api/plans/${demo.planId}/transitions/${name}`);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('lists a published plan’s public entries with the address, no private field, without sign-in; readable on a phone', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const foreign = foreignRequests(page, server.url);
    await page.goto(`${server.url}/programme?from=2027-03-01&to=2027-03-31`);
    const entry = page.getByTestId('programme-entry').filter({ hasText: publicTitle });
    await expect.poll(() => entry.count()).toBe(1);
    const text = (await entry.textContent())!;
    expect(text).toContain('Rheinische Straße 12, 44137 Dortmund');
    expect(text).toContain('Unionviertel');
    expect(text).toContain('18:00–21:00');
    expect(text).toContain('Eröffnung');
    const body = (await page.locator('main').textContent())!;
    expect(body).not.toContain(privateTitle);
    expect(body).not.toContain(demo.users.owner1.email);
    expect(body).not.toContain(`Schlüssel beim Kiosk ${tag}`);
    expect(await page.getByRole('heading', { level: 2, name: /\b5\. März/ }).count()).toBe(1);
    // The calendar feed link works.
    const href = await page.getByTestId('feed-link').getAttribute('href');
    const feed = await fetch(server.url + href);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(await feed.text()).toContain(publicTitle);
    await expect.poll(() => page.title()).toContain('Programm');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'programme-phone');

    // Filter by quarter and by a date range without the entry.
    await page.getByLabel('Quartier').selectOption({ label: 'Unionviertel' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/quarter=/);
    await expect.poll(() => entry.count()).toBe(1);
    await page.getByLabel('Bis').fill('2027-03-02');
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/to=2027-03-02/);
    await expect.poll(() => page.getByText('Für diesen Zeitraum ist nichts im Programm.').count()).toBe(1);
    expect(foreign).toEqual([]);
    await ctx.close();

    const desk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await desk.goto(`${server.url}/programme?from=2027-03-01&to=2027-03-31`);
    await expect.poll(() => desk.getByTestId('programme-entry').filter({ hasText: publicTitle }).count()).toBe(1);
    await screenshot(desk, 'programme');
    await desk.close();
  });

  it('shows an entry over several days on each of its days with that day’s hours, and only the days of the filter', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/programme?from=2026-12-01&to=2026-12-31`);
    const expo = page.getByTestId('programme-entry').filter({ hasText: expoTitle });
    await expect.poll(() => expo.count()).toBe(9);
    const days = page.getByTestId('programme-day').filter({ has: expo });
    expect(await days.locator('h2').allTextContents()).toEqual([
      'Samstag, 12. Dezember',
      'Sonntag, 13. Dezember',
      'Montag, 14. Dezember',
      'Dienstag, 15. Dezember',
      'Mittwoch, 16. Dezember',
      'Donnerstag, 17. Dezember',
      'Freitag, 18. Dezember',
      'Samstag, 19. Dezember',
      'Sonntag, 20. Dezember',
    ]);
    const texts = await expo.allTextContents();
    expect(texts[0]).toContain('ab 11:00');
    expect(texts[0]).toContain('läuft bis 20.12.');
    expect(texts[4]).toContain('ganztägig');
    expect(texts[4]).toContain('läuft bis 20.12.');
    expect(texts[8]).toContain('bis 18:00');
    expect(texts.join(' ')).not.toContain('11:00–18:00');
    await screenshot(page, 'programme-multiday');

    // The filter 15.–16.12.: the entry under those two days, never under 12.12.
    await page.goto(`${server.url}/programme?from=2026-12-15&to=2026-12-16`);
    await expect.poll(() => expo.count()).toBe(2);
    expect(await days.locator('h2').allTextContents()).toEqual(['Dienstag, 15. Dezember', 'Mittwoch, 16. Dezember']);
    expect(await page.getByRole('heading', { level: 2, name: /12\. Dezember/ }).count()).toBe(0);
    await page.close();
  });

  it('links the calendar feed of the chosen quarter, as https and as webcal://', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/programme?from=2026-12-01&to=2026-12-31`);
    await expect.poll(() => page.getByTestId('programme-entry').filter({ hasText: expoTitle }).count()).toBe(9);
    const https = page.getByTestId('feed-link');
    const webcal = page.getByTestId('feed-webcal');
    expect(await https.getAttribute('href')).toBe('/api/public/programme.ics');
    expect(await webcal.getAttribute('href')).toBe(`webcal://${new URL(server.url).host}/api/public/programme.ics`);

    await page.getByLabel('Quartier').selectOption({ label: 'Unionviertel' });
    await page.getByRole('button', { name: 'Filtern' }).click();
    await page.waitForURL(/quarter=/);
    await expect.poll(() => https.getAttribute('href')).toBe(`/api/public/programme.ics?quarter=${demo.quarterId}`);
    expect(await webcal.getAttribute('href')).toBe(
      `webcal://${new URL(server.url).host}/api/public/programme.ics?quarter=${demo.quarterId}`,
    );
    const feed = await fetch(server.url + (await https.getAttribute('href')));
    expect(feed.status).toBe(200);
    // One event for the nine days.
    const { events } = await parseCalendar(await feed.text());
    expect([...events.values()].filter((e) => String(e.summary).includes(expoTitle))).toHaveLength(1);
    await page.close();
  });
});
