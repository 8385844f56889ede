import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { addScheduleEntry, setMeta } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, publish, submitApprovePublish, ownerAgrees } from '../../helpers/decisions.ts';
import { entry, fetchCalendar, openDoc, serverPlan, waitFor } from './helpers.ts';

/**
 * Publication safeguards (issue 13, defect 4 and the designer/owner part of defect 5): the preview
 * of exactly what becomes public, publishing over open errors only with a recorded reason,
 * un-publishing and cancelling one public entry (the programme drops them, the iCalendar feed keeps
 * the UID as CANCELLED with a higher SEQUENCE), and who is told.
 */
describe('publication', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  const docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const uid = (planId: string, entryId: string) => `${planId}-${entryId}@kreativquartiere-planner`;
  const programme = async (planId: string) =>
    ((await api.anonymous.get('/api/public/programme')).body.items as { planId: string; id: string }[]).filter(
      (i) => i.planId === planId,
    );
  const feed = () => fetchCalendar(`${server.url}/api/public/programme.ics`);

  /** A new plan of designer1 in owner1's storefront with public entries a and b and a private c. */
  async function planWithEntries(title: string): Promise<string> {
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title });
    expect(created.status).toBe(201);
    const planId = created.body.id as string;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    setMeta(d.doc, { title: `${title} öffentlich`, publicDescription: `Beschreibung von ${title}` });
    addScheduleEntry(d.doc, entry('a', { title: `${title} Eröffnung` }));
    addScheduleEntry(
      d.doc,
      entry('b', { title: `${title} Lesung`, start: '2027-03-06T15:00:00+01:00', end: '2027-03-06T16:00:00+01:00' }),
    );
    addScheduleEntry(d.doc, entry('c', { kind: 'setup', title: `${title} Aufbau intern`, public: false }));
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 3 || undefined);
    return planId;
  }

  it('the preview lists exactly what the programme shows once the plan is published', async () => {
    const planId = await planWithEntries('Vorschau');
    // A draft: the preview shows the live document.
    const draft = await api.designer1.get(`/api/plans/${planId}/publication-preview`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({
      source: 'live',
      planTitle: 'Vorschau öffentlich',
      description: 'Beschreibung von Vorschau',
    });
    expect(draft.body.entries.map((e: { title: string }) => e.title)).toEqual(['Vorschau Eröffnung', 'Vorschau Lesung']);

    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    const preview = await api.staff.get(`/api/plans/${planId}/publication-preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.source).toBe('approved');
    expect(preview.body.openErrors).toBeGreaterThan(0); // the demo storefront has no availability windows
    expect(JSON.stringify(preview.body)).not.toContain('Aufbau intern');
    // Not yet public.
    expect(await programme(planId)).toEqual([]);

    expect((await publish(api.staff, planId)).status).toBe(200);
    expect(await programme(planId)).toEqual(preview.body.entries);
    // Owner and an outsider: the owner may see it, a designer without relation may not.
    expect((await api.owner1.get(`/api/plans/${planId}/publication-preview`)).status).toBe(200);
    expect((await api.designer3.get(`/api/plans/${planId}/publication-preview`)).status).toBe(403);
    expect((await api.anonymous.get(`/api/plans/${planId}/publication-preview`)).status).toBe(401);
  });

  it('publishing with open errors is refused (409 publication.openErrors) unless staff give a reason, which is logged', async () => {
    const planId = await planWithEntries('Fehler');
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    // The owner agrees: this test is about the open errors, not the consent.
    expect((await ownerAgrees(api.owner1, planId)).status).toBeLessThan(300);

    const refused = await api.staff.post(`/api/plans/${planId}/transitions/publish`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.key).toBe('publication.openErrors');
    expect((await api.staff.get(`/api/plans/${planId}`)).body.status).toBe('approved');

    const blank = await api.staff.post(`/api/plans/${planId}/transitions/publish`, { overrideErrors: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields.map((f: { path: string }) => f.path)).toContain('overrideErrors');

    const reason = 'Verfügbarkeit wird vom Eigentümer nachgetragen';
    const ok = await api.staff.post(`/api/plans/${planId}/transitions/publish`, { overrideErrors: reason });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('published');
    const { rows } = await server.app.db.query<{ details: Record<string, unknown> }>(
      `select details from activity where plan_id = $1 and action = 'plan.publish'`,
      [planId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].details).toMatchObject({ overrideErrors: reason });
    expect(Number(rows[0].details.openErrors)).toBeGreaterThan(0);
  });

  it('un-publish (staff, with a reason) drops the plan from the programme; the feed keeps each UID as CANCELLED with a higher SEQUENCE', async () => {
    const planId = await planWithEntries('Zurückgezogen');
    await submitApprovePublish(api.designer1, api.staff, planId);
    expect((await programme(planId)).map((i) => i.id)).toEqual([`${planId}:a`, `${planId}:b`]);
    const before = await feed();
    const seqBefore = Number(before.events.get(uid(planId, 'a')).sequence);
    expect(before.events.get(uid(planId, 'a')).status).toBe('CONFIRMED');

    // A reason is required; only staff un-publish.
    const noReason = await api.staff.post(`/api/plans/${planId}/transitions/unpublish`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.map((f: { path: string }) => f.path)).toContain('note');
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/unpublish`, { note: 'selbst' })).status).toBe(403);

    const res = await api.staff.post(`/api/plans/${planId}/transitions/unpublish`, { note: 'Ladenlokal gesperrt' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(await programme(planId)).toEqual([]);

    const after = await feed();
    for (const id of ['a', 'b']) {
      const ev = after.events.get(uid(planId, id));
      expect(ev, id).toBeDefined();
      expect(ev.status).toBe('CANCELLED');
    }
    expect(Number(after.events.get(uid(planId, 'a')).sequence)).toBeGreaterThan(seqBefore);
    expect(after.events.has(uid(planId, 'c'))).toBe(false);
    // Asked again: the same cancelled event, not a new change.
    expect(Number((await feed()).events.get(uid(planId, 'a')).sequence)).toBe(
      Number(after.events.get(uid(planId, 'a')).sequence),
    );

    // Published again: back in the programme, CONFIRMED with a still higher SEQUENCE.
    expect((await publish(api.staff, planId)).status).toBe(200);
    expect((await programme(planId)).map((i) => i.id)).toEqual([`${planId}:a`, `${planId}:b`]);
    const again = (await feed()).events.get(uid(planId, 'a'));
    expect(again.status).toBe('CONFIRMED');
    expect(Number(again.sequence)).toBeGreaterThan(Number(after.events.get(uid(planId, 'a')).sequence));
  });

  it('un-publish of a plan no feed showed yet still lists its entries as CANCELLED', async () => {
    const planId = await planWithEntries('Ungesehen');
    await submitApprovePublish(api.designer1, api.staff, planId);
    expect((await api.staff.post(`/api/plans/${planId}/transitions/unpublish`, { note: 'zu früh' })).status).toBe(200);
    const ev = (await feed()).events.get(uid(planId, 'a'));
    expect(ev.status).toBe('CANCELLED');
    expect(Number(ev.sequence)).toBeGreaterThan(0);
  });

  it('cancelling one public entry (staff, with a reason) drops it from the programme and the feed shows it CANCELLED', async () => {
    const planId = await planWithEntries('Abgesagt');
    await submitApprovePublish(api.designer1, api.staff, planId);
    const before = await feed();
    const seqBefore = Number(before.events.get(uid(planId, 'a')).sequence);
    const path = `/api/plans/${planId}/public-entries/a/cancel`;

    expect((await api.designer1.post(path, { reason: 'selbst' })).status).toBe(403);
    const blank = await api.staff.post(path, { reason: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields.map((f: { path: string }) => f.path)).toContain('reason');
    expect((await api.staff.post(`/api/plans/${planId}/public-entries/c/cancel`, { reason: 'privat' })).status).toBe(404);

    const res = await api.staff.post(path, { reason: 'Künstlerin erkrankt' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ planId, entryId: 'a', reason: 'Künstlerin erkrankt' });
    expect((await api.staff.post(path, { reason: 'nochmal' })).status).toBe(409);

    expect((await programme(planId)).map((i) => i.id)).toEqual([`${planId}:b`]);
    const after = await feed();
    expect(after.events.get(uid(planId, 'a')).status).toBe('CANCELLED');
    expect(Number(after.events.get(uid(planId, 'a')).sequence)).toBeGreaterThan(seqBefore);
    expect(after.events.get(uid(planId, 'b')).status).toBe('CONFIRMED');
    // The plan's own feed (members) shows it cancelled too.
    const own = await fetchCalendar(`${server.url}/api/plans/${planId}/calendar.ics`, api.designer1.token);
    expect(own.events.get(uid(planId, 'a')).status).toBe('CANCELLED');
    // The preview no longer lists it either.
    const preview = await api.staff.get(`/api/plans/${planId}/publication-preview`);
    expect(preview.body.entries.map((e: { id: string }) => e.id)).toEqual([`${planId}:b`]);
    const { rows } = await server.app.db.query<{ details: Record<string, unknown> }>(
      `select details from activity where plan_id = $1 and action = 'plan.cancelEntry'`,
      [planId],
    );
    expect(rows[0].details).toMatchObject({ entryId: 'a', reason: 'Künstlerin erkrankt' });
  });

  it('designers hear of approve, publish, un-publish and cancel; the owner of submit, approve and publish — with the note or reason', async () => {
    const planId = await planWithEntries('Benachrichtigt');
    await submitApprovePublish(api.designer1, api.staff, planId);
    expect((await api.staff.post(`/api/plans/${planId}/public-entries/b/cancel`, { reason: 'Regen' })).status).toBe(200);
    expect((await api.staff.post(`/api/plans/${planId}/transitions/unpublish`, { note: 'Baustelle' })).status).toBe(200);

    type N = { kind: string; planId: string; key: string; params: Record<string, string> };
    const of = async (who: keyof DemoApis) =>
      ((await api[who].get('/api/notifications')).body.items as N[]).filter((n) => n.planId === planId);
    const designer = await waitFor(async () => {
      const list = await of('designer1');
      return list.length >= 4 && list;
    });
    expect(designer.map((n) => n.kind).sort()).toEqual([
      'entry-cancelled',
      'plan-approved',
      'plan-published',
      'plan-unpublished',
    ]);
    expect(designer.find((n) => n.kind === 'plan-unpublished')!.params.reason).toBe('Baustelle');
    expect(designer.find((n) => n.kind === 'entry-cancelled')!.params).toMatchObject({
      reason: 'Regen',
      entry: 'Benachrichtigt Lesung',
    });

    const owner = await waitFor(async () => {
      const list = await of('owner1');
      return list.length >= 5 && list;
    });
    expect(owner.map((n) => n.kind).sort()).toEqual([
      'entry-cancelled',
      'plan-approved',
      'plan-published',
      'plan-unpublished',
      'storefront-plan',
    ]);
    expect(owner.find((n) => n.kind === 'plan-approved')!.key).toBe('notification.planApprovedOwner');
    expect(owner.find((n) => n.kind === 'plan-published')!.key).toBe('notification.planPublishedOwner');
    // Nobody outside the plan hears of it.
    expect(await of('owner2')).toEqual([]);
    expect(await of('designer3')).toEqual([]);
  });
});
