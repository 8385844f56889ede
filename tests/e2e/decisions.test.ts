import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { addLayoutItem, addScheduleEntry, updateLayoutItem } from '@planner/shared/plan/index';
import { openDoc, serverPlan, waitFor } from '../integration/review/helpers.ts';
import { approve, publish } from '../helpers/decisions.ts';
import { openEditor, signedInContext } from './editor-kit.ts';

/**
 * Decisions on true information (issue 13, defects 1 and 6) in Chromium: the approve dialog lists a
 * double booking and wants a reason; the owner's consent goes stale for staff when a designer moves a
 * layout item, and publishing waits until it is renewed or overridden with a reason.
 */
describe.runIf(browserSuites())('decisions in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  let api: DemoApis;
  const docs: { close(): void }[] = [];
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo, api } = world);
  });

  /** A submitted plan of designer1 with one entry and one layout item; returns its id and document. */
  async function submittedPlan(storefront: 0 | 1, title: string, start: string, end: string) {
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[storefront], title });
    expect(created.status).toBe(201);
    const planId: string = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    addScheduleEntry(d.doc, { id: 'e1', kind: 'event', title: `${title}: Abend`, start, end, public: true });
    addLayoutItem(d.doc, { id: 'l1', kind: 'plinth', x: 100, y: 100, w: 80, h: 80, label: 'Sockel' });
    await waitFor(async () => (await serverPlan(server, planId)).layout.l1 || undefined, 5000, 'edits on the server');
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    return { planId, doc: d.doc };
  }

  it('the approve dialog lists a double booking and requires a reason, which is recorded', async () => {
    await submittedPlan(1, 'Licht und Schatten', '2027-05-12T15:00:00+02:00', '2027-05-12T17:00:00+02:00');
    const { planId } = await submittedPlan(1, 'Vernissage Nord', '2027-05-12T16:00:00+02:00', '2027-05-12T18:00:00+02:00');
    await server.app.checks.idle();

    const cs = await signedInContext(browser, server, demo.users.staff.email, demo.password);
    const ps = await openEditor(cs, server, planId);
    await ps.getByRole('tab', { name: 'Status & Freigabe' }).click();
    await ps.getByRole('button', { name: 'Freigeben' }).click();
    const dialog = ps.locator('dialog[open]');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByRole('heading', { level: 2 }).textContent()).toBe('Wirklich freigeben?');
    await expect.poll(() => dialog.getByTestId('approve-findings').count()).toBe(1);
    const findings = (await dialog.getByTestId('approve-findings').textContent()) ?? '';
    expect(findings).toContain('Ladenlokal doppelt belegt');
    expect(await dialog.getByTestId('approve-summary').textContent()).toContain('1 Termin');
    expect(await dialog.getByTestId('consent-state').textContent()).toContain('Noch keine Zustimmung');
    // The reason is required: the confirm button waits for it.
    const confirm = dialog.getByRole('button', { name: 'Freigeben' });
    expect(await confirm.isDisabled()).toBe(true);
    const reason = 'Licht und Schatten räumt um 16 Uhr, mit beiden abgesprochen.';
    await dialog.getByLabel('Grund für die Freigabe trotz Fehlern (Pflicht)').fill(reason);
    expect(await confirm.isDisabled()).toBe(false);
    expect(await seriousA11yViolations(ps)).toEqual([]);
    await screenshot(ps, 'decisions-approve-dialog');
    await confirm.click();
    await expect.poll(async () => (await api.staff.get(`/api/plans/${planId}`)).body.status).toBe('approved');
    expect((await api.staff.get(`/api/plans/${planId}/approval`)).body.current.acknowledgedErrors).toBe(reason);
    await cs.close();
  });

  it('owner consent: given, a designer moves a layout item, staff see it stale, publish waits for renewal or an override', async () => {
    const { planId, doc } = await submittedPlan(0, 'Klang im Fenster', '2027-09-10T18:00:00+02:00', '2027-09-10T20:00:00+02:00');
    expect((await approve(api.staff, planId)).status).toBe(200);

    const [co, cs] = await Promise.all([
      signedInContext(browser, server, demo.users.owner1.email, demo.password),
      signedInContext(browser, server, demo.users.staff.email, demo.password),
    ]);
    const [po, ps] = await Promise.all([openEditor(co, server, planId), openEditor(cs, server, planId)]);
    await po.getByRole('tab', { name: 'Status & Freigabe' }).click();
    await ps.getByRole('tab', { name: 'Status & Freigabe' }).click();
    // The review panel's consent (the approve dialog, closed, has its own copy).
    const consent = ps.locator('[data-testid="review-panel"] > [data-testid="consent-state"]');
    await expect.poll(() => consent.textContent()).toContain('Noch keine Zustimmung');

    // The owner agrees, after a "Wirklich?".
    await po.getByTestId('owner-consent').getByRole('button', { name: 'Einverstanden' }).click();
    const ownerDialog = po.locator('dialog[open]');
    await expect.poll(() => ownerDialog.count()).toBe(1);
    await ownerDialog.getByRole('button', { name: 'Einverstanden' }).click();
    await expect.poll(() => consent.textContent(), { timeout: 15_000 }).toContain('Einverstanden');
    expect(await consent.getByTestId('consent-stale').count()).toBe(0);

    // A designer moves the layout item: staff see the consent stale, live.
    updateLayoutItem(doc, 'l1', { x: 240 });
    await expect.poll(() => consent.getByTestId('consent-stale').count(), { timeout: 15_000 }).toBe(1);
    expect(await seriousA11yViolations(ps)).toEqual([]);
    await screenshot(ps, 'decisions-consent-stale');

    // Publishing is refused (the server's answer) and the dialog asks for a reason to override.
    expect((await publish(api.staff, planId, { overrideConsent: null })).body.error.key).toBe('consent.missing');
    await ps.getByRole('button', { name: 'Veröffentlichen' }).click();
    const dialog = ps.locator('dialog[open]');
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByTestId('publish-consent').textContent()).toContain('Veraltet');
    const confirm = dialog.getByRole('button', { name: 'Veröffentlichen' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    // The owner renews the consent: staff may publish without a reason.
    await po.getByTestId('owner-consent').getByRole('button', { name: 'Einverstanden' }).click();
    await expect.poll(() => ownerDialog.count()).toBe(1);
    await ownerDialog.getByRole('button', { name: 'Einverstanden' }).click();
    await expect.poll(() => consent.getByTestId('consent-stale').count(), { timeout: 15_000 }).toBe(0);
    await ps.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await dialog.getByTestId('publish-consent').count()).toBe(0);
    // The demo storefront has no availability windows: the open errors still need their own reason.
    await expect.poll(() => dialog.getByTestId('publish-open-errors').count()).toBe(1);
    await dialog.getByLabel('Begründung für das Veröffentlichen trotz Fehlern').fill('Verfügbarkeit wird nachgetragen');
    await dialog.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect.poll(async () => (await api.staff.get(`/api/plans/${planId}`)).body.status).toBe('published');

    await co.close();
    await cs.close();
    for (const d of docs) d.close();
  });
});
