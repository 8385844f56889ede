import { describe, expect, it } from 'vitest';
import { addScheduleEntry, toBerlinISO } from '@planner/shared/plan/index';
import type { Finding } from '@planner/shared';
import { test, waitFor } from '../../helpers/fixtures.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { freshDraftPlan, type World } from '../accounts/fixtures.ts';

/**
 * The duty rota (issue 18) on a real server: findings of uncovered hours (warning, error within 48 h)
 * that clear when a shift is filled, people on two shifts at once across plans flagged in both, swaps,
 * refusals, validation, and the personal calendar feed.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('duty rota', () => {
  let server: TestServer;
  let world: World;
  let api: DemoApis;

  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
    api = w.api;
  });

  /** A fresh plan (designer1 leads it, owner1 is its owner member) with one opening-hours entry. */
  async function planWithHours(
    title: string,
    startMs: number,
    hours = 6,
  ): Promise<{ planId: string; start: string; end: string }> {
    const planId = await freshDraftPlan(world, title);
    const start = toBerlinISO(startMs);
    const end = toBerlinISO(startMs + hours * HOUR);
    await server.app.sync.transact(planId, (doc) => {
      addScheduleEntry(doc, { id: 'hours', kind: 'open-hours', title: 'Geöffnet', start, end, public: true });
    });
    await server.app.checks.snapshot(planId);
    return { planId, start, end };
  }

  const rotaOf = async (planId: string) => {
    const res = await api.designer1.get(`/api/plans/${planId}/rota`);
    expect(res.status).toBe(200);
    return res.body as { shifts: any[]; contacts: any[]; findings: Finding[] };
  };
  const checksOf = async (planId: string, who = api.designer1) => {
    await server.app.checks.idle();
    const res = await who.get(`/api/plans/${planId}/checks`);
    expect(res.status).toBe(200);
    return res.body.findings as Finding[];
  };
  const kinds = (list: Finding[], kind: string) => list.filter((f) => f.kind === kind);
  /** A future hour on a whole hour, `days` from now. */
  const inDays = (days: number) => Math.ceil((Date.now() + days * DAY) / HOUR) * HOUR;

  it('uncovered opening hours are a finding until a shift is filled; suggested shifts follow the entries', async () => {
    const { planId, start, end } = await planWithHours('Aufsicht A', inDays(10));
    let rota = await rotaOf(planId);
    expect(rota.shifts).toEqual([]);
    const open = kinds(rota.findings, 'rota-uncovered');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'warning', messageKey: 'findings.rotaUncovered', planIds: [planId] });
    expect(Date.parse(String(open[0].params.start))).toBe(Date.parse(start));
    expect(Date.parse(String(open[0].params.end))).toBe(Date.parse(end));
    // The plan's findings list (where the product shows findings) has it too.
    expect(kinds(await checksOf(planId), 'rota-uncovered')).toHaveLength(1);

    // "Schichten vorschlagen": one shift per occurrence; asking again adds nothing.
    const suggested = await api.designer1.post(`/api/plans/${planId}/rota/suggest`);
    expect(suggested.status).toBe(200);
    expect(suggested.body.created).toHaveLength(1);
    const shift = suggested.body.created[0];
    expect(shift).toMatchObject({ entryId: 'hours', minPeople: 1, label: 'Geöffnet', people: [] });
    expect(Date.parse(shift.start)).toBe(Date.parse(start));
    expect((await api.designer1.post(`/api/plans/${planId}/rota/suggest`)).body.created).toEqual([]);
    // An empty shift covers nothing.
    expect(kinds((await rotaOf(planId)).findings, 'rota-uncovered')).toHaveLength(1);

    const signed = await api.designer1.post(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`);
    expect(signed.status).toBe(200);
    expect(signed.body.people).toEqual([expect.objectContaining({ kind: 'member', userId: world.demo.users.designer1.id })]);
    rota = await rotaOf(planId);
    expect(kinds(rota.findings, 'rota-uncovered')).toEqual([]);
    expect(kinds(await checksOf(planId), 'rota-uncovered')).toEqual([]);

    // Half of the hours uncovered again: the finding names the gap.
    const half = toBerlinISO(Date.parse(start) + 3 * HOUR);
    expect((await api.designer1.patch(`/api/plans/${planId}/rota/shifts/${shift.id}`, { end: half })).status).toBe(200);
    const gap = kinds((await rotaOf(planId)).findings, 'rota-uncovered');
    expect(gap).toHaveLength(1);
    expect(Date.parse(String(gap[0].params.start))).toBe(Date.parse(half));

    // A shift with fewer people than its minimum is under-staffed.
    expect((await api.designer1.patch(`/api/plans/${planId}/rota/shifts/${shift.id}`, { end, minPeople: 2 })).status).toBe(200);
    const under = kinds((await rotaOf(planId)).findings, 'rota-understaffed');
    expect(under).toEqual([
      expect.objectContaining({ severity: 'warning', params: expect.objectContaining({ people: 1, min: 2 }) }),
    ]);
    const contact = await api.designer1.post(`/api/plans/${planId}/rota/contacts`, {
      name: 'Frau Aydın',
      phone: '+49 231 123456',
    });
    expect(contact.status).toBe(201);
    const withContact = await api.designer1.post(`/api/plans/${planId}/rota/shifts/${shift.id}/assignments`, {
      contactId: contact.body.id,
    });
    expect(withContact.status).toBe(200);
    expect(withContact.body.people.map((p: { name: string }) => p.name)).toContain('Frau Aydın');
    expect((await rotaOf(planId)).findings).toEqual([]);
  });

  it('within 48 hours of the start an uncovered shift is an error', async () => {
    const { planId } = await planWithHours('Aufsicht bald', inDays(1));
    const found = kinds(await checksOf(planId), 'rota-uncovered');
    expect(found).toEqual([expect.objectContaining({ severity: 'error' })]);
    const later = await planWithHours('Aufsicht später', inDays(3));
    expect(kinds(await checksOf(later.planId), 'rota-uncovered')).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('a person on two shifts at once in two plans is flagged in both plans, and the flag clears', async () => {
    const startMs = inDays(20);
    const a = await planWithHours('Doppelt A', startMs);
    const b = await planWithHours('Doppelt B', startMs + 2 * HOUR);
    const [sa] = (await api.designer1.post(`/api/plans/${a.planId}/rota/suggest`)).body.created;
    const [sb] = (await api.designer1.post(`/api/plans/${b.planId}/rota/suggest`)).body.created;
    expect((await api.designer1.post(`/api/plans/${a.planId}/rota/shifts/${sa.id}/signup`)).status).toBe(200);
    expect((await api.designer1.post(`/api/plans/${b.planId}/rota/shifts/${sb.id}/signup`)).status).toBe(200);

    for (const [plan, other] of [
      [a.planId, b.planId],
      [b.planId, a.planId],
    ]) {
      const flagged = kinds(await checksOf(plan), 'rota-person-double-booked');
      expect(flagged).toHaveLength(1);
      expect(flagged[0].planIds.sort()).toEqual([plan, other].sort());
      expect(flagged[0].params.assignee).toBe(world.demo.users.designer1.name);
      expect(kinds((await rotaOf(plan)).findings, 'rota-person-double-booked')).toHaveLength(1);
    }
    // The overlap is the common two hours.
    const [f] = kinds((await rotaOf(a.planId)).findings, 'rota-person-double-booked');
    expect(Date.parse(String(f.params.start))).toBe(startMs + 2 * HOUR);
    expect(Date.parse(String(f.params.end))).toBe(startMs + 6 * HOUR);

    expect((await api.designer1.delete(`/api/plans/${b.planId}/rota/shifts/${sb.id}/signup`)).status).toBe(200);
    await waitFor(async () => kinds(await checksOf(a.planId), 'rota-person-double-booked').length === 0);
    expect(kinds(await checksOf(b.planId), 'rota-person-double-booked')).toEqual([]);
  });

  it('a swap offer is visible to the plan’s members; taking it moves the assignment; an offer can be withdrawn', async () => {
    const { planId } = await planWithHours('Tausch', inDays(12));
    await server.app.db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      planId,
      world.demo.users.designer2.id,
    ]);
    const [shift] = (await api.designer1.post(`/api/plans/${planId}/rota/suggest`)).body.created;
    const mine = await api.designer1.post(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`);
    const assignmentId = mine.body.people[0].assignmentId;

    const offered = await api.designer1.post(`/api/plans/${planId}/rota/assignments/${assignmentId}/swap`);
    expect(offered.status).toBe(200);
    const swapId = offered.body.people[0].swapId;
    expect(swapId).toBeTruthy();
    // Only the person on the shift can offer it; the offer is seen by the other members.
    expect((await api.staff.post(`/api/plans/${planId}/rota/assignments/${assignmentId}/swap`)).status).toBe(403);
    const seen = await api.owner1.get(`/api/plans/${planId}/rota`);
    expect(seen.body.shifts[0].people[0].swapId).toBe(swapId);

    // Withdrawn, then offered again.
    expect((await api.designer1.delete(`/api/plans/${planId}/rota/swaps/${swapId}`)).status).toBe(200);
    expect((await api.designer2.post(`/api/plans/${planId}/rota/swaps/${swapId}/take`)).status).toBe(404);
    const again = await api.designer1.post(`/api/plans/${planId}/rota/assignments/${assignmentId}/swap`);
    const swap2 = again.body.people[0].swapId;
    expect((await api.designer1.post(`/api/plans/${planId}/rota/swaps/${swap2}/take`)).status).toBe(409);

    // The owner member holds no shift role; designer2 takes it.
    expect((await api.owner1.post(`/api/plans/${planId}/rota/swaps/${swap2}/take`)).status).toBe(403);
    const taken = await api.designer2.post(`/api/plans/${planId}/rota/swaps/${swap2}/take`);
    expect(taken.status).toBe(200);
    expect(taken.body.people).toEqual([
      expect.objectContaining({ assignmentId, userId: world.demo.users.designer2.id, swapId: null }),
    ]);
    const { rows } = await server.app.db.query<{ user_id: string }>('select user_id from rota_assignments where shift_id = $1', [
      shift.id,
    ]);
    expect(rows).toEqual([{ user_id: world.demo.users.designer2.id }]);
    expect((await api.designer2.post(`/api/plans/${planId}/rota/swaps/${swap2}/take`)).status).toBe(404);
  });

  it('refuses: the owner cannot edit shifts, a non-member cannot read, only the lead assigns others', async () => {
    const { planId } = await planWithHours('Rechte', inDays(15));
    const shift = (
      await api.designer1.post(`/api/plans/${planId}/rota/shifts`, {
        start: toBerlinISO(inDays(15)),
        end: toBerlinISO(inDays(15) + 2 * HOUR),
        minPeople: 1,
        label: 'Früh',
      })
    ).body;
    expect(shift.label).toBe('Früh');
    expect((await api.owner1.get(`/api/plans/${planId}/rota`)).status).toBe(200);
    expect(
      (await api.owner1.post(`/api/plans/${planId}/rota/shifts`, { start: shift.start, end: shift.end, minPeople: 1 })).status,
    ).toBe(403);
    expect((await api.owner1.patch(`/api/plans/${planId}/rota/shifts/${shift.id}`, { label: 'x' })).status).toBe(403);
    expect((await api.owner1.delete(`/api/plans/${planId}/rota/shifts/${shift.id}`)).status).toBe(403);
    expect((await api.owner1.post(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`)).status).toBe(403);
    expect((await api.designer3.get(`/api/plans/${planId}/rota`)).status).toBe(403);
    expect((await api.owner2.get(`/api/plans/${planId}/rota`)).status).toBe(403);
    expect((await api.anonymous.get(`/api/plans/${planId}/rota`)).status).toBe(401);
    // designer2 is a designer of the world plan, not of this one.
    expect((await api.designer2.post(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`)).status).toBe(403);
    // The lead (designer1) and staff put others on shifts; members only themselves.
    const other = await freshDraftPlan(world, 'Rechte zwei');
    await server.app.db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      other,
      world.demo.users.designer2.id,
    ]);
    const s2 = (
      await api.designer1.post(`/api/plans/${other}/rota/shifts`, {
        start: shift.start,
        end: shift.end,
        minPeople: 1,
      })
    ).body;
    expect(
      (
        await api.designer2.post(`/api/plans/${other}/rota/shifts/${s2.id}/assignments`, {
          userId: world.demo.users.designer1.id,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.designer1.post(`/api/plans/${other}/rota/shifts/${s2.id}/assignments`, {
          userId: world.demo.users.designer2.id,
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.staff.post(`/api/plans/${other}/rota/shifts/${s2.id}/assignments`, { userId: world.demo.users.owner1.id }))
        .status,
    ).toBe(200);
    // Someone outside the plan cannot be put on it.
    const outside = await api.staff.post(`/api/plans/${other}/rota/shifts/${s2.id}/assignments`, {
      userId: world.demo.users.designer3.id,
    });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body.error.fields)).toContain('userId');
    // Staff edit shifts too; the owner still cannot.
    expect((await api.staff.patch(`/api/plans/${planId}/rota/shifts/${shift.id}`, { minPeople: 3 })).body.minPeople).toBe(3);
    expect((await api.staff.delete(`/api/plans/${planId}/rota/shifts/${shift.id}`)).status).toBe(204);
  });

  it('bad bodies are a 400 naming the field, and nothing is stored', async () => {
    const { planId } = await planWithHours('Eingaben', inDays(16));
    const start = toBerlinISO(inDays(16));
    const end = toBerlinISO(inDays(16) + HOUR);
    const cases: [unknown, string][] = [
      [{ start, end, minPeople: 0 }, 'minPeople'],
      [{ start, end, minPeople: 51 }, 'minPeople'],
      [{ start: 'morgen', end, minPeople: 1 }, 'start'],
      [{ start: end, end: start, minPeople: 1 }, 'end'],
      [{ start, end, minPeople: 1, label: 'x'.repeat(121) }, 'label'],
      [{ start, end, minPeople: 1, extra: true }, 'extra'],
      [{ end, minPeople: 1 }, 'start'],
    ];
    for (const [body, field] of cases) {
      const res = await api.designer1.post(`/api/plans/${planId}/rota/shifts`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(JSON.stringify(res.body.error.fields), JSON.stringify(body)).toContain(field);
    }
    const bad = await api.designer1.post(`/api/plans/${planId}/rota/contacts`, { name: '  ', email: 'keine-adresse' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('name');
    expect(JSON.stringify(bad.body.error.fields)).toContain('email');
    expect((await rotaOf(planId)).shifts).toEqual([]);
    expect((await rotaOf(planId)).contacts).toEqual([]);
  });

  it('shifts appear in the person’s personal calendar feed and on their "Heute" view', async () => {
    const startMs = inDays(9);
    const { planId } = await planWithHours('Kalender', startMs);
    await server.app.db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      planId,
      world.demo.users.designer2.id,
    ]);
    const [shift] = (await api.designer2.post(`/api/plans/${planId}/rota/suggest`)).body.created;
    expect((await api.designer2.post(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`)).status).toBe(200);

    const created = await api.designer2.post('/api/feeds/personal');
    expect([200, 201]).toContain(created.status);
    const path = new URL(created.body.url).pathname;
    const feed = await fetch(server.url + path);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    expect(ics).toContain(`UID:shift-${shift.id}@kreativquartiere-planner`);
    expect(ics).toContain('SUMMARY:Aufsicht: Geöffnet – Kalender');
    const wall = toBerlinISO(startMs).slice(0, 16).replace(/[-:]/g, '');
    expect(ics).toContain(`DTSTART;TZID=Europe/Berlin:${wall}00`);
    // Signed off, the shift leaves the feed.
    await api.designer2.delete(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`);
    expect(await (await fetch(server.url + path)).text()).not.toContain(`shift-${shift.id}`);
    await api.designer2.post(`/api/plans/${planId}/rota/shifts/${shift.id}/signup`);

    const day = toBerlinISO(startMs).slice(0, 10);
    const today = await api.designer2.get(`/api/rota/today?date=${day}`);
    expect(today.status).toBe(200);
    expect(today.body.date).toBe(day);
    expect(today.body.shifts).toEqual([
      expect.objectContaining({
        shiftId: shift.id,
        planId,
        planTitle: 'Kalender',
        address: 'Rheinische Straße 12, 44137 Dortmund',
      }),
    ]);
    expect(today.body.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ planId, entryId: 'hours', kind: 'open-hours', title: 'Geöffnet' })]),
    );
    // Another person's day does not hold it; a bad date is a 400 naming the field.
    expect((await api.designer3.get(`/api/rota/today?date=${day}`)).body.shifts).toEqual([]);
    const bad = await api.designer2.get('/api/rota/today?date=2026-02-30');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('date');
    expect((await api.anonymous.get('/api/rota/today')).status).toBe(401);
  });
  test('other members see changes live: rota:changed to the plan room and to the person taken on', async ({ record }) => {
    const { planId } = await planWithHours('Live', inDays(14));
    const owner = await record(world.tokens.owner);
    await owner.join(planId);
    const designer2 = await record(api.designer2.token!);
    const suggested = owner.next('rota:changed', (p) => p.planId === planId);
    const [shift] = (await api.designer1.post(`/api/plans/${planId}/rota/suggest`)).body.created;
    expect(await suggested).toEqual({ planId });
    // Staff put designer2 on the shift: the plan room hears it, and so does designer2's own room.
    await server.app.db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      planId,
      world.demo.users.designer2.id,
    ]);
    const inRoom = owner.next('rota:changed', (p) => p.planId === planId);
    const toPerson = designer2.next('rota:changed', (p) => p.planId === planId);
    const res = await api.staff.post(`/api/plans/${planId}/rota/shifts/${shift.id}/assignments`, {
      userId: world.demo.users.designer2.id,
    });
    expect(res.status).toBe(200);
    expect(await inRoom).toEqual({ planId });
    expect(await toPerson).toEqual({ planId });
  });
});
