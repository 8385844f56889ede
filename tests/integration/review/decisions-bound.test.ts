import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addLayoutItem, addScheduleEntry, updateLayoutItem, updateScheduleEntry } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { Api, DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, ownerAgrees, publish, renew, scheduleHashOf } from '../../helpers/decisions.ts';
import { entry, openDoc, serverPlan, waitFor } from './helpers.ts';

/**
 * Decisions bound to what was seen (issue 13, defects 1 and 6). Staff read the schedule's hash, a
 * designer edits over `/yjs` with the stock y-websocket client, and a decision on the old hash is a
 * 409 `schedule-changed` with the diff; the same for the owner's consent, which also binds the layout.
 * Open errors must be acknowledged; publishing needs the owner's current consent (or a recorded
 * override) where the storefront requires it.
 */
describe('decisions bound to what was seen', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  const docs: { close(): void }[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  /** A fresh plan of designer1 in a storefront with one entry and one layout item, submitted unless `draft`. */
  async function plan(storefront: 0 | 1, at: { start: string; end: string }, draft = false) {
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[storefront], title: 'Gebunden' });
    expect(created.status).toBe(201);
    const planId: string = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    addScheduleEntry(d.doc, entry('e1', at));
    addLayoutItem(d.doc, { id: 'l1', kind: 'plinth', x: 100, y: 100, w: 80, h: 80, label: 'Sockel' });
    await waitFor(async () => (await serverPlan(server, planId)).layout.l1 || undefined, 5000, 'edits on the server');
    if (!draft) expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    return { planId, doc: d.doc };
  }
  const moveEntry = async (planId: string, doc: import('yjs').Doc, start: string, end: string) => {
    updateScheduleEntry(doc, 'e1', { start, end });
    await waitFor(
      async () => (await serverPlan(server, planId)).schedule.e1?.end === end || undefined,
      5000,
      'move on the server',
    );
  };
  const moveLayout = async (planId: string, doc: import('yjs').Doc, x: number) => {
    updateLayoutItem(doc, 'l1', { x });
    await waitFor(async () => (await serverPlan(server, planId)).layout.l1?.x === x || undefined, 5000, 'layout on the server');
  };
  const activity = async (planId: string) =>
    (await api.staff.get(`/api/activity?planId=${planId}`)).body.items as { action: string; details: Record<string, unknown> }[];
  const notifications = async (who: Api, kind: string, planId: string) =>
    ((await who.get('/api/notifications')).body.items as { kind: string; planId: string; key: string }[]).filter(
      (n) => n.kind === kind && n.planId === planId,
    );

  const MARCH = { start: '2027-03-05T18:00:00+01:00', end: '2027-03-05T20:00:00+01:00' };

  it('approve on a schedule that moved since staff read it is a 409 schedule-changed with the diff; with the new hash it goes through', async () => {
    const { planId, doc } = await plan(0, MARCH);
    const seen = await scheduleHashOf(api.staff, planId);
    // The approve route requires the hash (a 400 naming it).
    const missing = await api.staff.post(`/api/plans/${planId}/transitions/approve`, { note: 'ok' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.fields)).toContain('scheduleHash');

    await moveEntry(planId, doc, '2027-03-05T19:00:00+01:00', '2027-03-05T21:00:00+01:00');
    const refused = await approve(api.staff, planId, 'Passt', { scheduleHash: seen });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('schedule-changed');
    const { details } = refused.body.error;
    expect(details.sentHash).toBe(seen);
    expect(details.currentHash).not.toBe(seen);
    expect(details.currentHash).toBe(await scheduleHashOf(api.staff, planId));
    expect(details.basis).toBe('seen'); // the hash of the submitted version: the server has that schedule
    expect(details.diff.moved.map((c: { id: string }) => c.id)).toEqual(['e1']);
    expect(details.diff.moved[0].before.start).toBe('2027-03-05T17:00:00.000Z');
    expect(details.diff.moved[0].after.start).toBe('2027-03-05T18:00:00.000Z');
    expect((await api.staff.get(`/api/plans/${planId}`)).body.status).toBe('submitted');

    const ok = await approve(api.staff, planId, 'Passt', { scheduleHash: details.currentHash });
    expect(ok.status).toBe(200);
    const state = (await api.staff.get(`/api/plans/${planId}/approval`)).body;
    expect(state.current.scheduleHash).toBe(details.currentHash);

    // Renewing is bound the same way: a hash the reviewer saw before the next move is refused.
    const before = await scheduleHashOf(api.staff, planId);
    await moveEntry(planId, doc, '2027-03-05T20:00:00+01:00', '2027-03-05T22:00:00+01:00');
    const staleRenew = await renew(api.staff, planId, 'Neu', { scheduleHash: before });
    expect(staleRenew.status).toBe(409);
    expect(staleRenew.body.error.code).toBe('schedule-changed');
    expect(staleRenew.body.error.details.basis).toBe('seen');
    expect(staleRenew.body.error.details.diff.moved.map((c: { id: string }) => c.id)).toEqual(['e1']);
    const renewed = await renew(api.staff, planId, 'Neu');
    expect(renewed.status).toBe(201);
    expect(renewed.body.scheduleHash).toBe(await scheduleHashOf(api.staff, planId));
  });

  it('a hash the server never stored is diffed against the last submitted schedule, and says so', async () => {
    const { planId } = await plan(0, { start: '2027-04-05T18:00:00+02:00', end: '2027-04-05T20:00:00+02:00' });
    const res = await approve(api.staff, planId, undefined, { scheduleHash: `sha256:${'0'.repeat(64)}` });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('schedule-changed');
    expect(res.body.error.details.basis).toBe('lastSubmitted');
  });

  it('open errors (a double booking) must be acknowledged with a reason, recorded in the approval and the activity log', async () => {
    const at = { start: '2027-05-12T15:00:00+02:00', end: '2027-05-12T17:00:00+02:00' };
    await plan(1, at);
    const { planId } = await plan(1, at);
    await server.app.checks.idle();

    const refused = await approve(api.staff, planId, 'ok', { acknowledgeErrors: null });
    expect(refused.status).toBe(409);
    expect(refused.body.error.key).toBe('review.errorsNotAcknowledged');
    const blank = await approve(api.staff, planId, 'ok', { acknowledgeErrors: '   ' });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body.error.fields)).toContain('acknowledgeErrors');
    expect((await api.staff.get(`/api/plans/${planId}`)).body.status).toBe('submitted');

    const reason = 'Der andere Plan zieht zurück, mit dem Laden abgesprochen.';
    const ok = await approve(api.staff, planId, 'ok', { acknowledgeErrors: reason });
    expect(ok.status).toBe(200);
    expect((await api.staff.get(`/api/plans/${planId}/approval`)).body.current.acknowledgedErrors).toBe(reason);
    const entry = (await activity(planId)).find((a) => a.action === 'plan.approve');
    expect(entry?.details.acknowledgedErrors).toBe(reason);
  });

  it('owner consent is bound to schedule and layout: a layout move makes the seen hash a 409 with the diff, and makes a given consent stale', async () => {
    const { planId, doc } = await plan(0, { start: '2027-06-05T18:00:00+02:00', end: '2027-06-05T20:00:00+02:00' });
    expect((await approve(api.staff, planId)).status).toBe(200);

    const s0 = (await api.owner1.get(`/api/plans/${planId}/consent`)).body;
    expect(s0).toMatchObject({ required: true, current: null, stale: false, satisfied: false });
    // Only the storefront's owner gives consent; an objection needs a text.
    expect(
      (await api.designer1.post(`/api/plans/${planId}/consent`, { decision: 'agreed', consentHash: s0.consentHash })).status,
    ).toBe(403);
    expect(
      (await api.staff.post(`/api/plans/${planId}/consent`, { decision: 'agreed', consentHash: s0.consentHash })).status,
    ).toBe(403);
    expect(
      (await api.owner2.post(`/api/plans/${planId}/consent`, { decision: 'agreed', consentHash: s0.consentHash })).status,
    ).toBe(403);
    const noText = await api.owner1.post(`/api/plans/${planId}/consent`, { decision: 'objected', consentHash: s0.consentHash });
    expect(noText.status).toBe(400);
    expect(JSON.stringify(noText.body.error.fields)).toContain('text');

    // Publishing without the owner's consent is refused.
    const noConsent = await publish(api.staff, planId, { overrideConsent: null });
    expect(noConsent.status).toBe(409);
    expect(noConsent.body.error.key).toBe('consent.missing');

    // The designer moves a layout item after the owner read the plan: the schedule hash is unchanged,
    // the consent hash is not.
    const scheduleBefore = await scheduleHashOf(api.staff, planId);
    await moveLayout(planId, doc, 260);
    expect(await scheduleHashOf(api.staff, planId)).toBe(scheduleBefore);
    const refused = await api.owner1.post(`/api/plans/${planId}/consent`, { decision: 'agreed', consentHash: s0.consentHash });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('schedule-changed');
    expect(refused.body.error.details.sentHash).toBe(s0.consentHash);
    expect(refused.body.error.details.basis).toBe('seen'); // the approval's version is what the owner saw
    expect(refused.body.error.details.layout.changed).toEqual([{ id: 'l1', fields: ['x'] }]);

    const given = await ownerAgrees(api.owner1, planId);
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ decision: 'agreed', stale: false, givenBy: { id: demo.users.owner1.id } });
    const s1 = (await api.staff.get(`/api/plans/${planId}/consent`)).body;
    expect(s1).toMatchObject({ stale: false, satisfied: true });
    // The approving reviewer hears of it.
    const heard = await waitFor(async () => (await notifications(api.staff, 'consent-given', planId))[0]);
    expect(heard.key).toBe('notification.consentGiven');

    // A layout move makes it stale: staff read it so, and are told.
    await moveLayout(planId, doc, 300);
    await server.app.consent.idle();
    const s2 = (await api.staff.get(`/api/plans/${planId}/consent`)).body;
    expect(s2).toMatchObject({ stale: true, satisfied: false });
    expect(s2.current.stale).toBe(true);
    const told = await waitFor(async () => (await notifications(api.staff, 'consent-stale', planId))[0]);
    expect(told.key).toBe('notification.consentStale');

    // Publishing: refused with a stale consent, allowed with a recorded override.
    const stale = await publish(api.staff, planId, { overrideConsent: null });
    expect(stale.status).toBe(409);
    expect(stale.body.error.key).toBe('consent.missing');
    expect((await publish(api.staff, planId, { overrideConsent: '  ' })).status).toBe(400);
    const reason = 'Eigentümerin telefonisch einverstanden, Sockel nur verschoben.';
    const published = await publish(api.staff, planId, { overrideConsent: reason });
    expect(published.status).toBe(200);
    const logged = (await activity(planId)).find((a) => a.action === 'plan.publish');
    expect(logged?.details.consentOverridden).toBe(reason);
  });

  it('a current consent lets staff publish without override; consentRequired=false needs none', async () => {
    const a = await plan(0, { start: '2027-07-05T18:00:00+02:00', end: '2027-07-05T20:00:00+02:00' });
    expect((await approve(api.staff, a.planId)).status).toBe(200);
    expect((await ownerAgrees(api.owner1, a.planId)).status).toBe(201);
    const ok = await publish(api.staff, a.planId, { overrideConsent: null });
    expect(ok.status).toBe(200);
    expect((await activity(a.planId)).find((x) => x.action === 'plan.publish')?.details.consentOverridden).toBeUndefined();

    // Storefront 1 (owner2's): the owner switches consent off, as other storefront fields.
    const off = await api.owner2.patch(`/api/storefronts/${demo.storefrontIds[1]}`, { consentRequired: false });
    expect(off.status).toBe(200);
    expect(off.body.consentRequired).toBe(false);
    try {
      const b = await plan(1, { start: '2027-08-05T18:00:00+02:00', end: '2027-08-05T20:00:00+02:00' });
      expect((await approve(api.staff, b.planId)).status).toBe(200);
      expect((await api.staff.get(`/api/plans/${b.planId}/consent`)).body).toMatchObject({ required: false, satisfied: true });
      expect((await publish(api.staff, b.planId, { overrideConsent: null })).status).toBe(200);
    } finally {
      await api.staff.patch(`/api/storefronts/${demo.storefrontIds[1]}`, { consentRequired: true });
    }
  });
});
