import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runPlanChecks } from '../checks/run.ts';
import type { PlanInput } from '../checks/types.ts';
import { addScheduleEntry, addTask, PLAN_KEYS, updateScheduleEntry } from './doc.ts';
import { readLivePlan } from './live-read.ts';
import { toJSON } from './read.ts';
import { consentHash } from './consent-hash.ts';
import { canonicalJSON, normaliseSchedule, scheduleHash } from './schedule-hash.ts';
import type { Recurrence } from './schema.ts';
import { sha256Hex } from './sha256.ts';

/**
 * The incremental reader against toJSON (issue 19): random sequences of raw Yjs writes, as any client
 * could send them (valid and invalid values, nested types, bad ids, items that are not maps, several
 * writes in one transaction, updates from another replica), read after random steps. Every read must
 * equal a from-scratch toJSON of the same document, key order and problems included, and so must the
 * findings and hashes computed from it.
 */

const PATTERN: Recurrence = {
  from: '2027-03-18',
  until: '2027-04-05',
  weekly: [3, 5].map((day) => ({ day, start: '12:00', end: '18:00' })),
  exceptions: [{ date: '2027-03-26', closed: true }],
};

const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', '', '__proto__', 'x\u0000y', 'i'.repeat(101));
const collections = fc.constantFrom('layout', 'schedule', 'tasks') as fc.Arbitrary<'layout' | 'schedule' | 'tasks'>;
const fields = fc.constantFrom(
  'start',
  'end',
  'kind',
  'title',
  'expectedAttendance',
  'public',
  'seating',
  'recurrence',
  'x',
  'y',
  'w',
  'h',
  'label',
  'rotation',
  'assignee',
  'helper',
  'due',
  'status',
  'scheduleEntryId',
  'other',
);
/** Plain values for a field: valid ones of several fields and invalid ones. */
const values = fc.oneof(
  fc.constantFrom(
    '2027-03-18T10:00:00+01:00',
    '2027-03-18T12:00:00.000Z',
    '2027-03-19T09:00:00+01:00',
    '2027-03-20T18:30:00+01:00',
    'not a date',
    'event',
    'workshop',
    'table',
    'seated',
    'todo',
    'done',
    'user-1',
    'user-2',
    'a',
    'b',
    'z',
    'bad\u0000text\uD800',
    'x'.repeat(300),
    '2027-03-25',
  ),
  fc.integer({ min: -5, max: 500 }),
  fc.constantFrom(null, true, false, 1.5, PATTERN, { ...PATTERN, weekly: [] }, { name: 'Hilfe', phone: 'nope' }, ['x']),
);

type Op =
  | { op: 'item'; col: 'layout' | 'schedule' | 'tasks'; id: string; entries: [string, unknown][] }
  | { op: 'field'; col: 'layout' | 'schedule' | 'tasks'; id: string; key: string; value: unknown; asText: boolean }
  | { op: 'textEdit'; col: 'layout' | 'schedule' | 'tasks'; id: string; key: string; text: string }
  | { op: 'deleteField'; col: 'layout' | 'schedule' | 'tasks'; id: string; key: string }
  | { op: 'deleteItem'; col: 'layout' | 'schedule' | 'tasks'; id: string }
  | { op: 'notMap'; col: 'layout' | 'schedule' | 'tasks'; id: string; value: unknown }
  | { op: 'meta'; key: string; value: unknown }
  | { op: 'concept'; text: string; at: number }
  | { op: 'entry'; start: number; hours: number; recurring: boolean }
  | { op: 'entryAt'; id: string; start: number }
  | { op: 'moveEnd'; id: string; minutes: number }
  | { op: 'task'; assignee: string; link: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('item' as const),
    col: collections,
    id: ids,
    entries: fc.array(fc.tuple(fields, values), { maxLength: 8 }),
  }),
  fc.record({ op: fc.constant('field' as const), col: collections, id: ids, key: fields, value: values, asText: fc.boolean() }),
  fc.record({
    op: fc.constant('textEdit' as const),
    col: collections,
    id: ids,
    key: fields,
    text: fc.constantFrom('A', '\u0001', '2027'),
  }),
  fc.record({ op: fc.constant('deleteField' as const), col: collections, id: ids, key: fields }),
  fc.record({ op: fc.constant('deleteItem' as const), col: collections, id: ids }),
  fc.record({ op: fc.constant('notMap' as const), col: collections, id: ids, value: values }),
  fc.record({
    op: fc.constant('meta' as const),
    key: fc.constantFrom('title', 'disciplines', 'expectedAudience'),
    value: fc.oneof(values, fc.constant(['music', 'nope'])),
  }),
  fc.record({ op: fc.constant('concept' as const), text: fc.constantFrom('Konzept', '\u0000'), at: fc.nat(20) }),
  fc.record({
    op: fc.constant('entry' as const),
    start: fc.nat(40),
    hours: fc.integer({ min: 1, max: 30 }),
    recurring: fc.boolean(),
  }),
  fc.record({ op: fc.constant('entryAt' as const), id: ids, start: fc.nat(40) }),
  fc.record({ op: fc.constant('moveEnd' as const), id: ids, minutes: fc.integer({ min: -120, max: 120 }) }),
  fc.record({ op: fc.constant('task' as const), assignee: fc.constantFrom('user-1', 'user-2'), link: ids }),
);

/** One step: some ops in one transaction, on this replica or on the other one (then synced), maybe a read after. */
const step = fc.record({ ops: fc.array(op, { minLength: 1, maxLength: 3 }), remote: fc.boolean(), read: fc.boolean() });

function toYValue(v: unknown, asText: boolean): unknown {
  if (asText && typeof v === 'string') return new Y.Text(v);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return { ...v };
  return Array.isArray(v) ? [...v] : v;
}

function apply(doc: Y.Doc, o: Op): void {
  const root = (col: 'layout' | 'schedule' | 'tasks') => doc.getMap<unknown>(PLAN_KEYS[col]);
  const itemMap = (col: 'layout' | 'schedule' | 'tasks', id: string) => {
    const v = root(col).get(id);
    return v instanceof Y.Map ? (v as Y.Map<unknown>) : null;
  };
  const base = Date.parse('2027-03-18T08:00:00Z');
  switch (o.op) {
    case 'item': {
      const m = new Y.Map<unknown>();
      for (const [k, v] of o.entries) m.set(k, toYValue(v, false));
      root(o.col).set(o.id, m);
      return;
    }
    case 'field':
      itemMap(o.col, o.id)?.set(o.key, toYValue(o.value, o.asText));
      return;
    case 'textEdit': {
      const t = itemMap(o.col, o.id)?.get(o.key);
      if (t instanceof Y.Text) t.insert(Math.min(1, t.length), o.text);
      return;
    }
    case 'deleteField':
      itemMap(o.col, o.id)?.delete(o.key);
      return;
    case 'deleteItem':
      root(o.col).delete(o.id);
      return;
    case 'notMap':
      root(o.col).set(o.id, toYValue(o.value, false));
      return;
    case 'meta':
      doc.getMap<unknown>(PLAN_KEYS.meta).set(o.key, toYValue(o.value, false));
      return;
    case 'concept': {
      const t = doc.getText(PLAN_KEYS.concept);
      t.insert(Math.min(o.at, t.length), o.text);
      return;
    }
    case 'entry': {
      const start = base + o.start * 3_600_000;
      addScheduleEntry(doc, {
        kind: 'event',
        title: 'Termin',
        start: new Date(start).toISOString(),
        end: new Date(start + o.hours * 3_600_000).toISOString(),
        ...(o.recurring ? { recurrence: PATTERN } : {}),
      });
      return;
    }
    case 'entryAt': {
      // A valid entry under a chosen id, so that tasks can link to it (and lose the link when it goes).
      const m = new Y.Map<unknown>();
      m.set('start', new Date(base + o.start * 3_600_000).toISOString());
      m.set('end', new Date(base + (o.start + 2) * 3_600_000).toISOString());
      m.set('kind', 'event');
      root('schedule').set(o.id, m);
      return;
    }
    case 'moveEnd': {
      const m = itemMap('schedule', o.id);
      const end = Date.parse(String(m?.get('end')));
      if (!m || !Number.isFinite(end)) return;
      const start = Date.parse(String(m.get('start')));
      const next = end + o.minutes * 60_000;
      if (Number.isFinite(start) && next > start && typeof m.get('start') === 'string' && !m.has('recurrence'))
        updateScheduleEntry(doc, o.id, { end: new Date(next).toISOString() });
      else m.set('end', new Date(next).toISOString());
      return;
    }
    case 'task':
      addTask(doc, { title: 'Aufbau', assignee: o.assignee, due: '2027-03-18T09:00:00+01:00', scheduleEntryId: null });
      itemMap('tasks', [...root('tasks').keys()].at(-1)!)?.set('scheduleEntryId', o.link);
      return;
  }
}

const OTHER: PlanInput = {
  id: 'other',
  storefrontId: 'shop',
  status: 'approved',
  title: 'Nebenan',
  layout: {},
  schedule: {
    o1: {
      id: 'o1',
      kind: 'event',
      title: 'Fest',
      start: '2027-03-19T08:00:00.000Z',
      end: '2027-03-19T20:00:00.000Z',
      expectedAttendance: null,
      public: true,
      seating: 'standing',
    },
  },
  tasks: {
    t1: { id: 't1', title: 'Kasse', assignee: 'user-1', due: '2027-03-19T10:00:00.000Z', status: 'todo', scheduleEntryId: 'o1' },
  },
};

function findings(plan: ReturnType<typeof toJSON>['plan']) {
  const input: PlanInput = { id: 'p', storefrontId: 'shop', status: 'submitted', title: 'Plan', ...plan };
  return runPlanChecks({ plan: input, storefront: null, otherPlans: [OTHER], now: '2027-03-01T00:00:00Z' });
}

function expectSame(doc: Y.Doc): void {
  const live = readLivePlan(doc);
  const fresh = toJSON(doc);
  expect(JSON.stringify(live.plan)).toBe(JSON.stringify(fresh.plan));
  expect(live.problems).toEqual(fresh.problems);
  // The memoised hash of the frozen schedule, the hash of a fresh one, and the definition.
  const defined = `sha256:${sha256Hex(canonicalJSON(normaliseSchedule(fresh.plan.schedule)))}`;
  expect(scheduleHash(live.plan.schedule)).toBe(defined);
  expect(scheduleHash(fresh.plan.schedule)).toBe(defined);
  expect(consentHash(live.plan)).toBe(consentHash(fresh.plan));
  expect(findings(live.plan)).toEqual(findings(fresh.plan));
}

describe('readLivePlan', () => {
  it('equals toJSON after any sequence of edits, local or from another replica', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const doc = new Y.Doc();
        const remote = new Y.Doc();
        doc.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'sync') Y.applyUpdate(remote, u, 'sync');
        });
        remote.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'sync') Y.applyUpdate(doc, u, 'sync');
        });
        for (const s of steps) {
          const target = s.remote ? remote : doc;
          target.transact(() => {
            for (const o of s.ops) apply(target, o);
          });
          if (s.read) expectSame(doc);
        }
        expectSame(doc);
      }),
      { numRuns: 200 },
    );
  });

  it('shares what did not change, and reads a document loaded from an update', () => {
    const source = new Y.Doc();
    const a = addScheduleEntry(source, { kind: 'event', title: 'A', start: '2027-03-18T10:00:00Z', end: '2027-03-18T12:00:00Z' });
    addScheduleEntry(source, { kind: 'event', title: 'B', start: '2027-03-19T10:00:00Z', end: '2027-03-19T12:00:00Z' });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    const first = readLivePlan(doc);
    expect(first.plan).toEqual(toJSON(doc).plan);
    const again = readLivePlan(doc);
    expect(again.plan.schedule).toBe(first.plan.schedule);
    expect(Object.isFrozen(again.plan.schedule[a])).toBe(true);
    updateScheduleEntry(doc, a, { end: '2027-03-18T13:00:00Z' });
    const after = readLivePlan(doc);
    expect(after.plan.schedule).not.toBe(first.plan.schedule);
    expect(after.plan.layout).toBe(first.plan.layout);
    expect(after.plan.schedule[a]!.end).toBe('2027-03-18T13:00:00Z');
    expect(after).toEqual(toJSON(doc));
  });

  it('reads from scratch within a transaction', () => {
    const doc = new Y.Doc();
    readLivePlan(doc);
    doc.transact(() => {
      addScheduleEntry(doc, { kind: 'event', title: 'A', start: '2027-03-18T10:00:00Z', end: '2027-03-18T12:00:00Z' });
      expect(readLivePlan(doc)).toEqual(toJSON(doc));
    });
    expect(readLivePlan(doc)).toEqual(toJSON(doc));
  });

  it('falls back to toJSON when a root is taken by another type', () => {
    const doc = new Y.Doc();
    doc.getArray(PLAN_KEYS.schedule);
    expect(readLivePlan(doc)).toEqual(toJSON(doc));
    expect(readLivePlan(doc).problems.some((p) => p.path === 'schedule')).toBe(true);
  });
});
