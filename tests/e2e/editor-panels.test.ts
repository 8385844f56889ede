import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { addLayoutItem, addScheduleEntry, addTask, toJSON } from '@planner/shared';
import { artifactsDir, browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import { openDoc } from '../helpers/yjs.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor, prepareStorefront, signedInContext } from './editor-kit.ts';

describe.runIf(browserSuites())('the plan editor: schedule, tasks, concept, review, print', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
    await prepareStorefront(server, api, demo);
    const c = openDoc(server.wsUrl, demo.planId, api.designer1.token!);
    await c.synced;
    addLayoutItem(c.doc, { id: 'p-wall', kind: 'partition-wall', x: 100, y: 300, w: 300, h: 10, label: 'Klangwand' });
    // Overlaps the wall: a finding shown on the canvas and in the list.
    addLayoutItem(c.doc, { id: 'p-plinth', kind: 'plinth', x: 150, y: 280, w: 60, h: 60, label: 'Sockel 1' });
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    addScheduleEntry(c.doc, {
      id: 'p-setup',
      kind: 'setup',
      title: 'Aufbau',
      start: `${day}T09:00:00+01:00`,
      end: `${day}T16:00:00+01:00`,
    });
    // 500 people in 80 m²: a capacity conflict.
    addScheduleEntry(c.doc, {
      id: 'p-talk',
      kind: 'event',
      title: 'Künstlergespräch',
      start: `${day}T19:00:00+01:00`,
      end: `${day}T21:00:00+01:00`,
      expectedAttendance: 500,
    });
    addTask(c.doc, { id: 'p-task', title: 'Lautsprecher leihen', assignee: demo.users.designer2.id, status: 'doing' });
    const check = openDoc(server.wsUrl, demo.planId, api.designer2.token!);
    await check.synced;
    for (let i = 0; i < 100 && Object.keys(toJSON(check.doc).plan.tasks).length < 1; i++)
      await new Promise((r) => setTimeout(r, 50));
    c.close();
    check.close();
  });

  it('shows findings on the canvas, the schedule with conflicts, tasks by status and person; axe-clean panels', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    await expect.poll(() => page.getByTestId('layout-findings').textContent()).toContain('Klangwand');
    expect(await page.locator('[data-item-id="p-plinth"] rect').getAttribute('stroke')).not.toBe('#4d5560');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'editor-panel-layout');
    await page.getByRole('button', { name: 'Liste', exact: true }).click();
    await screenshot(page, 'editor-panel-list');

    await page.getByRole('tab', { name: 'Zeitplan' }).click();
    await expect.poll(() => page.locator('[data-entry-id="p-talk"]').getAttribute('class')).toContain('conflict');
    // Create an entry by dragging across a day (the first row), from about 06:00 to 12:00.
    const before = await page.locator('[data-entry-id]').count();
    const track = (await page.locator('.track').first().boundingBox())!;
    await page.mouse.move(track.x + track.width * 0.25, track.y + track.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.mouse.move(track.x + track.width * (0.25 + 0.05 * i), track.y + track.height / 2);
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-entry-id]').count()).toBe(before + 1);
    await expect.poll(() => page.locator('#kq-e-start').inputValue()).toMatch(/T06:00$/);
    expect(await page.locator('#kq-e-end').inputValue()).toMatch(/T12:00$/);
    await page.locator('#kq-e-title').fill('Probe');
    await page.locator('#kq-e-title').press('Enter');
    // Move it by dragging: two hours to the right (on the 15-minute grid).
    const probe = page.locator('[data-entry-id]').filter({ hasText: 'Probe' });
    const pb = (await probe.boundingBox())!;
    const hour = track.width / 24;
    await page.mouse.move(pb.x + 10, pb.y + pb.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 4; i++) await page.mouse.move(pb.x + 10 + (2 * hour * i) / 4, pb.y + pb.height / 2);
    await page.mouse.up();
    await expect.poll(() => page.locator('#kq-e-start').inputValue()).toMatch(/T08:00$/);
    expect(await page.locator('#kq-e-end').inputValue()).toMatch(/T14:00$/);
    await page.locator('[data-entry-id="p-talk"]').click();
    await expect.poll(() => page.getByTestId('entry-form').textContent()).toContain('Kapazität');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'editor-panel-schedule');

    await page.getByRole('tab', { name: 'Zuständigkeiten' }).click();
    await expect.poll(() => page.getByTestId('task-board').textContent()).toContain('In Arbeit');
    await page.getByLabel('Neue Aufgabe').fill('Schlüssel abholen');
    await page.getByRole('button', { name: 'Aufgabe anlegen' }).click();
    await expect
      .poll(() =>
        page.locator('[data-task-id] input[type="text"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
      )
      .toContain('Schlüssel abholen');
    await page.getByRole('button', { name: 'Nach Person' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Gustav Klang/ }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'editor-panel-tasks');

    await page.getByRole('tab', { name: 'Status & Freigabe' }).click();
    // The tab's panel loads on first use (a chunk of its own): wait for it before counting.
    await expect.poll(() => page.getByRole('button', { name: 'Einreichen' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Freigeben' }).count()).toBe(0);
    await page.getByLabel(/Name der Version/).fill('Vor dem Ortstermin');
    await page.getByRole('button', { name: 'Version speichern' }).click();
    await expect.poll(() => page.getByTestId('versions').textContent()).toContain('Vor dem Ortstermin');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'editor-panel-review');

    // English through the language switch.
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.getByRole('tab', { name: 'Status & approval' }).count()).toBe(1);
    await page.getByRole('tab', { name: 'Floor plan' }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    await screenshot(page, 'editor-panel-layout-en');
    await page.getByLabel('Language').selectOption('de');
    // A phone-sized window: everything stacks, nothing needs sideways scrolling of the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('tab', { name: 'Grundriss' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await screenshot(page, 'editor-phone');
    await ctx.close();
  });

  it('two designers co-edit the concept text', async () => {
    const [c1, c2] = await Promise.all([
      signedInContext(browser, server, demo.users.designer1.email, demo.password),
      signedInContext(browser, server, demo.users.designer2.email, demo.password),
    ]);
    const [p1, p2] = await Promise.all([openEditor(c1, server, demo.planId), openEditor(c2, server, demo.planId)]);
    for (const p of [p1, p2]) await p.getByRole('tab', { name: 'Konzept' }).click();
    await p1.getByTestId('concept').click();
    await p1.keyboard.type('Ein Raum aus Klang.');
    await expect.poll(() => p2.getByTestId('concept').inputValue()).toBe('Ein Raum aus Klang.');
    await p2.getByTestId('concept').click();
    await p2.keyboard.press('End');
    await p2.keyboard.type(' Mit Sitzkissen.');
    await p1.keyboard.press('Home');
    await p1.keyboard.type('Konzept: ');
    const expected = 'Konzept: Ein Raum aus Klang. Mit Sitzkissen.';
    await expect.poll(() => p1.getByTestId('concept').inputValue()).toBe(expected);
    await expect.poll(() => p2.getByTestId('concept').inputValue()).toBe(expected);
    expect(await seriousA11yViolations(p1)).toEqual([]);
    // The plan's facts too: a discipline ticked in one browser shows in the other.
    await p1.getByLabel('Sounddesign').check();
    await expect.poll(() => p2.getByLabel('Sounddesign').isChecked()).toBe(true);
    await screenshot(p1, 'editor-panel-concept');
    await c1.close();
    await c2.close();
  });

  it('prints the plan: floor plan, schedule, tasks and contacts', async () => {
    const ctx = await signedInContext(browser, server, demo.users.owner1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    // The owner reads the concept as text: no text field.
    await page.getByRole('tab', { name: 'Konzept' }).click();
    await expect.poll(() => page.getByTestId('concept-text').textContent()).toContain('Ein Raum aus Klang.');
    expect(await page.locator('textarea#kq-concept').count()).toBe(0);
    await page.getByRole('link', { name: 'Druckansicht' }).click();
    await page.getByTestId('print-view').waitFor();
    const text = await page.getByTestId('print-view').textContent();
    expect(text).toContain('Probe');
    for (const s of ['Klangwand', 'Künstlergespräch', 'Lautsprecher leihen', demo.users.designer1.email])
      expect(text).toContain(s);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'editor-print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    await screenshot(page, 'editor-print-media');
    mkdirSync(artifactsDir, { recursive: true });
    const pdf = await page.pdf({ path: path.join(artifactsDir, 'editor-print.pdf'), format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10_000);
    await ctx.close();
  });
});
