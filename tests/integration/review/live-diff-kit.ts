import fc from 'fast-check';
import { expect } from 'vitest';
import {
  addScheduleEntry,
  deleteScheduleEntry,
  diffSchedules,
  scheduleHash,
  toJSON,
  updateScheduleEntry,
  type ScheduleDiff,
} from '@planner/shared/plan/index';
import type { ApprovalDiffEvent } from '@planner/shared';
import type { TestServer } from '../../helpers/server.ts';
import type { DocClient } from '../../helpers/yjs.ts';
import { entry, serverPlan, waitFor, type Recorder } from './helpers.ts';

/**
 * The live-diff property, shared by the one-instance and the two-instance file: after any sequence of
 * schedule edits (stock y-websocket clients, possibly on different instances), the newest `approval:diff`
 * every open page received equals diff(approved copy, live schedule).
 */

/** The approved schedule the sequences start from and may return to. */
export const APPROVED = [
  entry('e1', { title: 'Vernissage', start: '2026-12-11T18:15:00+01:00', end: '2026-12-11T21:00:00+01:00' }),
  entry('e2', { title: 'Lesung', start: '2026-12-13T15:00:00+01:00', end: '2026-12-13T16:00:00+01:00' }),
  entry('e3', { kind: 'open-hours', title: 'Ausstellung', start: '2026-12-12T11:00:00+01:00', end: '2026-12-12T18:00:00+01:00' }),
];
const IDS = ['e1', 'e2', 'e3', 'n1'] as const;

export type Edit =
  | { op: 'move'; on: number; id: string; minutes: number }
  | { op: 'retitle'; on: number; id: string; title: string }
  | { op: 'remove'; on: number; id: string }
  | { op: 'add'; on: number; id: string }
  | { op: 'reset'; on: number };

export const editArb = (clients: number): fc.Arbitrary<Edit> => {
  const on = fc.integer({ min: 0, max: clients - 1 });
  const id = fc.constantFrom(...IDS);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ op: fc.constant('move' as const), on, id, minutes: fc.constantFrom(0, 15, 45, 60, 24 * 60 + 45) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('retitle' as const),
        on,
        id,
        title: fc.constantFrom('Vernissage', 'Finissage', 'Lesung'),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), on, id }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), on, id }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const), on }) },
  );
};

const base = (id: string) =>
  APPROVED.find((e) => e.id === id) ??
  entry(id, { title: 'Neu', start: '2026-12-14T10:00:00+01:00', end: '2026-12-14T11:00:00+01:00' });
const shift = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const has = (c: DocClient, id: string) => id in toJSON(c.doc).plan.schedule;

/** Applies one edit to the client it names (moves are relative to the approved times, so 0 moves back). */
export function applyEdit(clients: DocClient[], e: Edit): void {
  const c = clients[e.on]!;
  switch (e.op) {
    case 'move': {
      if (!has(c, e.id)) return;
      const b = base(e.id);
      updateScheduleEntry(c.doc, e.id, { start: shift(b.start, e.minutes), end: shift(b.end, e.minutes) });
      return;
    }
    case 'retitle':
      if (has(c, e.id)) updateScheduleEntry(c.doc, e.id, { title: e.title });
      return;
    case 'remove':
      deleteScheduleEntry(c.doc, e.id);
      return;
    case 'add':
      if (!has(c, e.id)) addScheduleEntry(c.doc, base(e.id));
      return;
    case 'reset':
      c.doc.transact(() => {
        for (const id of IDS) if (!APPROVED.some((a) => a.id === id)) deleteScheduleEntry(c.doc, id);
        for (const a of APPROVED) {
          if (!has(c, a.id)) addScheduleEntry(c.doc, a);
          else updateScheduleEntry(c.doc, a.id, { title: a.title, start: a.start, end: a.end });
        }
      });
      return;
  }
}

const hashOf = (c: DocClient) => scheduleHash(toJSON(c.doc).plan.schedule);

/** The newest push a page would show (the client's rule: higher approval, then higher revision). */
export function newest(rec: Recorder, planId: string): ApprovalDiffEvent | undefined {
  let best: ApprovalDiffEvent | undefined;
  for (const e of rec.of('approval:diff')) {
    if (e.planId !== planId) continue;
    if (!best || e.approvalId > best.approvalId || (e.approvalId === best.approvalId && e.revision > best.revision)) best = e;
  }
  return best;
}

/**
 * Waits until every client and every instance hold the same schedule and every instance's checks are
 * done, then checks the property on every recorder: the newest pushed diff is diff(approved, live).
 */
export async function expectPushedDiff(opts: {
  planId: string;
  servers: TestServer[];
  clients: DocClient[];
  recorders: Recorder[];
  approved: Parameters<typeof diffSchedules>[0];
  approvedHash: string;
}): Promise<void> {
  const { planId, servers, clients, recorders } = opts;
  const liveHash = await waitFor(
    async () => {
      const hashes = new Set(clients.map(hashOf));
      for (const s of servers) hashes.add(scheduleHash((await serverPlan(s, planId)).schedule));
      return hashes.size === 1 ? [...hashes][0] : undefined;
    },
    10_000,
    'the same schedule on every client and instance',
  );
  await Promise.all(servers.map((s) => s.app.review.monitor.idle()));
  const live = (await serverPlan(servers[0]!, planId)).schedule;
  const expected: ScheduleDiff = diffSchedules(opts.approved, live);
  for (const rec of recorders) {
    // Delivery over the sockets (and the bus) follows the checks; wait for the push of this state.
    const pushed = await waitFor(
      () => {
        const n = newest(rec, planId);
        return n && n.currentHash === liveHash ? n : undefined;
      },
      10_000,
      'the push of the live schedule',
    );
    expect(pushed.changes).toEqual(expected);
    expect(pushed.stale).toBe(liveHash !== opts.approvedHash);
  }
}
