import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry } from '@planner/shared/plan/index';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { approve, publish } from '../helpers/decisions.ts';
import { openDoc, serverPlan, waitFor } from '../integration/review/helpers.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';

/** The open days of "Mi–So 12–18 Uhr", 18.03.–05.04.2027, closed Fri 26.03. (the clocks change on 28.03.). */
const OPEN_DAYS = [
  '2027-03-18',
  '2027-03-19',
  '2027-03-20',
  '2027-03-21',
  '2027-03-24',
  '2027-03-25',
  '2027-03-27',
  '2027-03-28',
  '2027-03-31',
  '2027-04-01',
  '2027-04-02',
  '2027-04-03',
  '2027-04-04',
];

/** Issue 18: the weekly opening hours are set in one small form, drawn per occurrence and published per day. */
describe.runIf(browserSuites())('recurring opening hours in the editor and the programme', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  const tag = Math.random().toString(36).slice(2, 7);
  const titles = { desk: `Ausstellung ${tag}`, phone: `Schaufenster ${tag}` };

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    await prepareStorefront(server, api, demo);
    const d = await openDoc(server, demo.planId, api.designer1.token!);
    for (const [id, title] of [
      ['rh-desk', titles.desk],
      ['rh-phone', titles.phone],
    ]) {
      // One block from 18.03. 10:00 to 05.04. 18:00: open day and night until a pattern says otherwise.
      addScheduleEntry(d.doc, {
        id,
        kind: 'open-hours',
        title,
        start: '2027-03-18T10:00:00+01:00',
        end: '2027-04-05T18:00:00+02:00',
        public: true,
      });
    }
    await waitFor(async () => Object.keys((await serverPlan(server, demo.planId)).schedule).length >= 2 || undefined);
    d.close();
  });

  /** Opens the entry's form from the list and sets "Mi–So 12–18" (the default) with a closed and a changed day. */
  async function setPattern(page: Page, title: string) {
    await page.getByRole('tab', { name: 'Zeitplan' }).click();
    await page.getByTestId('schedule-table').getByRole('button', { name: title }).click();
    const form = page.getByTestId('recurrence-form');
    await form.getByRole('button', { name: 'Wöchentliche Öffnungszeiten festlegen' }).click();
    await form.getByLabel('Von (Datum)').fill('2027-03-18');
    await form.getByLabel('Bis (Datum)').fill('2027-04-05');
    for (const day of ['Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'])
      expect(await form.getByRole('checkbox', { name: day, exact: true }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'Montag', exact: true }).isChecked()).toBe(false);
    // Keyboard: Tuesday on and off again with the space bar.
    await form.getByRole('checkbox', { name: 'Dienstag', exact: true }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => form.getByLabel('Dienstag: Öffnet').count()).toBe(1);
    await page.keyboard.press('Space');
    await expect.poll(() => form.getByLabel('Dienstag: Öffnet').count()).toBe(0);
    await form.getByRole('button', { name: 'Ausnahme hinzufügen' }).click();
    await form.getByLabel('Datum der Ausnahme 1', { exact: true }).fill('2027-03-26');
    await form.getByRole('button', { name: 'Ausnahme hinzufügen' }).click();
    await form.getByLabel('Datum der Ausnahme 2', { exact: true }).fill('2027-04-03');
    await form.getByLabel('Art der Ausnahme 2').selectOption('changed');
    await form.getByLabel('Datum der Ausnahme 2: Öffnet').fill('10:00');
    await form.getByLabel('Datum der Ausnahme 2: Schließt').fill('20:00');
    // An invalid range is refused with a message naming the field, nothing written.
    await form.getByLabel('Bis (Datum)').fill('2027-03-01');
    await form.getByRole('button', { name: 'Öffnungszeiten speichern' }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('Bis:');
    await form.getByLabel('Bis (Datum)').fill('2027-04-05');
    await expect.poll(() => form.getByTestId('recurrence-count').textContent()).toBe('13 Öffnungstage');
    await form.getByRole('button', { name: 'Öffnungszeiten speichern' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Gespeichert.');
    return form;
  }

  const occurrenceDays = (page: Page, id: string) =>
    page
      .locator(`[data-entry-id="${id}"][data-occurrence]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-occurrence')));

  it('sets a pattern on the desktop and sees each occurrence on the timeline; the server reads it back', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    await setPattern(page, titles.desk);
    await expect.poll(() => occurrenceDays(page, 'rh-desk')).toEqual(OPEN_DAYS);
    // Hours on the timeline are Berlin wall-clock, before and after the change.
    const label = (day: string) => page.locator(`[data-entry-id="rh-desk"][data-occurrence="${day}"]`).getAttribute('aria-label');
    expect(await label('2027-03-25')).toContain('12:00–18:00');
    expect(await label('2027-03-28')).toContain('12:00–18:00');
    expect(await label('2027-04-03')).toContain('10:00–20:00');
    // Start and end follow the pattern and are not edited directly.
    expect(await page.locator('#kq-e-start').isDisabled()).toBe(true);
    expect(await page.locator('#kq-e-start').inputValue()).toBe('2027-03-18T12:00');
    expect(await page.locator('#kq-e-end').inputValue()).toBe('2027-04-04T18:00');
    await waitFor(
      async () => (await serverPlan(server, demo.planId)).schedule['rh-desk']?.recurrence?.exceptions.length === 2 || undefined,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'recurring-hours-desktop');
    await ctx.close();
  });

  it('sets a pattern at 390 × 844: the form fits the phone and the occurrences are drawn', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const login = await phone.request.post(`${server.url}/api/auth/login`, {
      data: { email: demo.users.designer1.email, password: demo.password },
      headers: { origin: server.url },
    });
    expect(login.ok()).toBe(true);
    const page = await openEditor(phone, server, demo.planId);
    const form = await setPattern(page, titles.phone);
    await expect.poll(() => occurrenceDays(page, 'rh-phone')).toEqual(OPEN_DAYS);
    // The form fits a phone: at the 358 px a 390 px screen leaves inside the page's margins, nothing in
    // it sticks out. (The schedule tab's own overflow at 390 px, the timeline, is fixed separately: the
    // form is measured at that width rather than in the tab as it is.)
    const fit = await form.evaluate((el) => {
      const box = el as HTMLElement;
      box.style.width = '358px';
      box.style.boxSizing = 'border-box';
      const right = box.getBoundingClientRect().right;
      const out = [...box.querySelectorAll('input, select, button, label, legend, p')]
        .filter((c) => c.getBoundingClientRect().right > right + 0.5)
        .map((c) => c.outerHTML.slice(0, 80));
      return { scroll: box.scrollWidth, client: box.clientWidth, out };
    });
    expect(fit.out).toEqual([]);
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    await screenshot(page, 'recurring-hours-phone');
    await phone.close();
  });

  it('once published, the programme shows each open day with its hours, not one block', async () => {
    await waitFor(
      async () => (await serverPlan(server, demo.planId)).schedule['rh-phone']?.recurrence?.exceptions.length === 2 || undefined,
    );
    for (const name of ['submit', 'approve', 'publish'] as const) {
      const res =
        name === 'publish'
          ? await publish(api.staff, demo.planId)
          : name === 'approve'
            ? await approve(api.staff, demo.planId)
            : await api.designer1.post(`/api/plans/${demo.planId}/transitions/${name}`);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${server.url}/programme?from=2027-03-01&to=2027-04-30`);
      const expo = page.getByTestId('programme-entry').filter({ hasText: titles.desk });
      await expect.poll(() => expo.count()).toBe(13);
      const texts = await expo.allTextContents();
      expect(texts[0]).toContain('12:00–18:00');
      expect(texts[7]).toContain('12:00–18:00'); // Sunday 28.03., after the change
      expect(texts[11]).toContain('10:00–20:00');
      expect(texts.join(' ')).not.toContain('ganztägig');
      const days = page.getByTestId('programme-day').filter({ has: expo });
      const headings = await days.locator('h2').allTextContents();
      expect(headings).not.toContain('Freitag, 26. März');
      expect(headings).not.toContain('Montag, 22. März');
      expect(headings[0]).toBe('Donnerstag, 18. März');
      await page.close();
    }
  });
});
