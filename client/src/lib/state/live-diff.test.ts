import { describe, expect, it } from 'vitest';
import type { ApprovalDiffEvent, ApprovalState } from '@planner/shared';
import { isNewer, markOf, reconcile, withDiff } from './live-diff';

const empty = { added: [], removed: [], moved: [], retitled: [], changed: [] };
const entry = (start: string) => ({
  id: 'v',
  kind: 'event' as const,
  title: 'Vernissage',
  start,
  end: '2026-12-12T22:00:00.000Z',
  expectedAttendance: null,
  public: true,
  seating: 'standing' as const,
});

function state(revision: number, approvalId = 3): ApprovalState {
  const current = {
    id: approvalId,
    planId: 'p',
    decision: 'approved' as const,
    note: '',
    decidedBy: null,
    decidedAt: '2026-12-01T10:00:00.000Z',
    scheduleHash: 'sha256:a',
    schedule: [],
    version: 1,
    stale: false,
    staleSince: null,
    acknowledgedErrors: null,
  };
  return {
    planId: 'p',
    status: 'approved',
    latest: current,
    current,
    stale: false,
    currentHash: 'sha256:a',
    changes: empty,
    revision,
  };
}

function push(revision: number, start: string, approvalId = 3): ApprovalDiffEvent {
  const before = entry('2026-12-12T17:00:00.000Z');
  return {
    planId: 'p',
    approvalId,
    stale: true,
    currentHash: `sha256:${revision}`,
    changes: { ...empty, moved: [{ id: 'v', before, after: entry(start) }] },
    revision,
  };
}

/** Applies pushes as the page does: only a newer one replaces what is shown. */
function applyAll(start: ApprovalState, pushes: ApprovalDiffEvent[]): ApprovalState {
  let shown = start;
  for (const p of pushes) if (isNewer(markOf(shown), p)) shown = withDiff(shown, p);
  return shown;
}

describe('live diff ordering (the out-of-order guard)', () => {
  it('keeps the newest push whatever order the pushes arrive in', () => {
    const first = push(10, '2026-12-11T17:15:00.000Z');
    const second = push(12, '2026-12-12T17:30:00.000Z');
    const last = push(14, '2026-12-12T18:00:00.000Z');
    for (const order of [
      [first, second, last],
      [last, first, second],
      [second, last, first],
      [last, last, first],
    ]) {
      const shown = applyAll(state(5), order);
      expect(shown.revision).toBe(14);
      expect(shown.changes?.moved[0]?.after.start).toBe('2026-12-12T18:00:00.000Z');
      expect(shown.stale).toBe(true);
      expect(shown.current?.stale).toBe(true);
    }
  });

  it('ignores a push older than the loaded state, and a push for an older approval', () => {
    expect(isNewer(markOf(state(20)), push(19, '2026-12-12T18:00:00.000Z'))).toBe(false);
    expect(isNewer(markOf(state(1, 4)), push(99, '2026-12-12T18:00:00.000Z', 3))).toBe(false);
    expect(isNewer(markOf(state(99, 3)), push(1, '2026-12-12T18:00:00.000Z', 4))).toBe(true);
  });

  it('a fresh push clears the diff (edits back to the approved schedule)', () => {
    const shown = applyAll(state(5), [
      push(10, '2026-12-11T17:15:00.000Z'),
      { ...push(11, 'x'), stale: false, changes: empty, currentHash: 'sha256:a' },
    ]);
    expect(shown.stale).toBe(false);
    expect(shown.changes).toEqual(empty);
    expect(shown.current?.staleSince).toBeNull();
  });

  it('a reload that answers with an older revision keeps the newer push; a newer reload wins', () => {
    const shown = withDiff(state(5), push(14, '2026-12-12T18:00:00.000Z'));
    const olderLoad = { ...withDiff(state(5), push(10, '2026-12-11T17:15:00.000Z')) };
    expect(reconcile(shown, olderLoad).changes?.moved[0]?.after.start).toBe('2026-12-12T18:00:00.000Z');
    expect(reconcile(shown, olderLoad).revision).toBe(14);
    const newerLoad = withDiff(state(5), push(16, '2026-12-12T18:15:00.000Z'));
    expect(reconcile(shown, newerLoad)).toBe(newerLoad);
  });
});
