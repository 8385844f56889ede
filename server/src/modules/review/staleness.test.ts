import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addLayoutItem,
  addScheduleEntry,
  diffSchedules,
  isEmptyDiff,
  scheduleHash,
  type ScheduleDiff,
  toJSON,
  updateLayoutItem,
  updateScheduleEntry,
} from '@planner/shared/plan/index';
import { StalenessMonitor } from './staleness.ts';

/** Errors the monitors reported: each test fails if there is any (the monitor never throws to its caller). */
let reported: unknown[] = [];
afterEach(() => {
  const errors = reported;
  reported = [];
  expect(errors).toEqual([]);
});

/** One stored approval row shared by several monitors, like instances sharing one database. */
function setup(doc: Y.Doc, instances = 1, beforeWrite: (stale: boolean) => Promise<void> = async () => {}) {
  const row = { id: 7, hash: scheduleHash(toJSON(doc).plan.schedule), stale: false };
  const reports: { instance: number; stale: boolean }[] = [];
  let loads = 0;
  const monitors = Array.from(
    { length: instances },
    (_, instance) =>
      new StalenessMonitor({
        withDoc: async (_id, fn) => fn(doc),
        load: async () => {
          loads++;
          return { approvalId: row.id, hash: row.hash };
        },
        persist: async (id, stale) => {
          await beforeWrite(stale);
          // The conditional write: only a change of the stored value counts.
          if (id !== row.id || row.stale === stale) return false;
          row.stale = stale;
          return true;
        },
        changed: async (_planId, _approvalId, stale) => void reports.push({ instance, stale }),
        onError: (err) => void reported.push(err),
        debounceMs: 5,
      }),
  );
  return { row, reports, monitors, loads: () => loads };
}

function planDoc() {
  const doc = new Y.Doc();
  addScheduleEntry(doc, {
    id: 'e',
    kind: 'event',
    title: 'A',
    start: '2027-03-05T18:00:00+01:00',
    end: '2027-03-05T20:00:00+01:00',
  });
  addLayoutItem(doc, { id: 'l', kind: 'table', x: 0, y: 0, w: 10, h: 10 });
  return doc;
}

describe('StalenessMonitor', () => {
  it('marks stale once across instances, and fresh again when the schedule returns to the approved one', async () => {
    const doc = planDoc();
    const { row, reports, monitors } = setup(doc, 2);
    updateScheduleEntry(doc, 'e', { title: 'B' });
    for (const m of monitors) m.updated('p');
    await Promise.all(monitors.map((m) => m.idle()));
    expect(row.stale).toBe(true);
    expect(reports.filter((r) => r.stale)).toHaveLength(1);

    updateScheduleEntry(doc, 'e', { title: 'A' });
    for (const m of monitors) m.updated('p');
    await Promise.all(monitors.map((m) => m.idle()));
    expect(row.stale).toBe(false);
    expect(reports.map((r) => r.stale)).toEqual([true, false]);
  });

  it('ignores layout edits', async () => {
    const doc = planDoc();
    const { row, reports, monitors } = setup(doc);
    updateLayoutItem(doc, 'l', { x: 50 });
    monitors[0].updated('p');
    await monitors[0].idle();
    expect(row.stale).toBe(false);
    expect(reports).toEqual([]);
  });

  it('tells the live hash while an edit waits for its check, and reloads the binding after invalidate', async () => {
    const doc = planDoc();
    const { monitors, loads } = setup(doc);
    const m = monitors[0];
    expect(m.liveHash('p')).toBeUndefined();
    updateScheduleEntry(doc, 'e', { title: 'C' });
    m.updated('p');
    await Promise.resolve();
    expect(m.liveHash('p')).toBe(scheduleHash(toJSON(doc).plan.schedule));
    await m.idle();
    expect(loads()).toBe(1);
    m.updated('p');
    await m.idle();
    expect(loads()).toBe(1);
    m.invalidate('p');
    m.updated('p');
    await m.idle();
    expect(loads()).toBe(2);
  });

  it('writes the flag in the order the checks read the document, even when an earlier write is slower', async () => {
    const doc = planDoc();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let writes = 0;
    // The first write (stale: true) is held back; the second check (back to the approved schedule) must not overtake it.
    const { row, monitors } = setup(doc, 1, async () => {
      if (writes++ === 0) await slow;
    });
    const m = monitors[0];
    updateScheduleEntry(doc, 'e', { title: 'B' });
    m.updated('p');
    while (writes === 0) await new Promise((r) => setTimeout(r, 1));
    updateScheduleEntry(doc, 'e', { title: 'A' });
    m.updated('p');
    // Room for the second check to run (and, without the guard, to write before the first).
    await new Promise((r) => setTimeout(r, 40));
    release();
    await m.idle();
    expect(row.stale).toBe(false);
  });

  it('pushes the diff against the approved copy after every check, with rising revisions, and an empty one when the schedule is back', async () => {
    const doc = planDoc();
    const approved = toJSON(doc).plan.schedule;
    const pushed: { stale: boolean; currentHash: string; changes: unknown; revision: number }[] = [];
    const m = new StalenessMonitor({
      withDoc: async (_id, fn) => fn(doc),
      load: async () => ({ approvalId: 1, hash: scheduleHash(approved), schedule: approved }),
      persist: async () => false,
      changed: async () => {},
      pushed: (_planId, d) => void pushed.push(d),
      onError: (err) => void reported.push(err),
      debounceMs: 5,
    });
    updateScheduleEntry(doc, 'e', { start: '2027-03-05T19:00:00+01:00' });
    m.updated('p');
    await m.idle();
    updateScheduleEntry(doc, 'e', { start: '2027-03-05T19:15:00+01:00' });
    m.updated('p');
    await m.idle();
    expect(pushed).toHaveLength(2);
    expect(pushed[1].revision).toBeGreaterThan(pushed[0].revision);
    expect(pushed[1].changes).toEqual(diffSchedules(approved, toJSON(doc).plan.schedule));
    expect(pushed[1].stale).toBe(true);
    updateScheduleEntry(doc, 'e', { start: '2027-03-05T18:00:00+01:00' });
    m.updated('p');
    await m.idle();
    expect(pushed[2]).toMatchObject({ stale: false, currentHash: scheduleHash(approved) });
    expect(isEmptyDiff(pushed[2].changes as ScheduleDiff)).toBe(true);
  });
});
