import { describe, expect, it } from 'vitest';
import { formatFinding, runPlanChecks } from '@planner/shared';
import { entry, plan, storefront, task } from '@planner/shared/checks/test-fixtures';
import { forMember, forReader } from './service.ts';

const SECRET_PLAN = 'Licht und Schatten';
const SECRET_ENTRY = 'Vernissage';

/** A draft in the same storefront as a submitted plan of other people, with one person in both. */
function findingsOfTheDraft() {
  const other = plan('other', {
    title: SECRET_PLAN,
    status: 'submitted',
    schedule: [entry('v', '2026-12-12T15:00:00+01:00', '2026-12-12T17:00:00+01:00', { title: SECRET_ENTRY })],
    tasks: [task('t-other', { assignee: 'anna', scheduleEntryId: 'v' })],
  });
  const mine = plan('mine', {
    title: 'Mein Entwurf',
    status: 'draft',
    schedule: [entry('w', '2026-12-12T16:00:00+01:00', '2026-12-12T18:00:00+01:00', { title: 'Workshop' })],
    tasks: [task('t-mine', { assignee: 'anna', scheduleEntryId: 'w' })],
  });
  return runPlanChecks({ plan: mine, storefront: storefront(), otherPlans: [other] });
}

describe('findings as plan members see them', () => {
  it('name no other plan and none of its entries, whatever the finding (the checks leak of issue 13)', () => {
    const raw = findingsOfTheDraft();
    // The checks do find both conflicts, and name the other plan in them.
    expect(raw.map((f) => f.kind)).toEqual(expect.arrayContaining(['double-booking', 'person-double-booked']));
    expect(JSON.stringify(raw)).toContain(SECRET_PLAN);

    const shown = forMember(raw, 'mine');
    const json = JSON.stringify(shown);
    expect(json).not.toContain(SECRET_PLAN);
    expect(json).not.toContain(SECRET_ENTRY);
    for (const locale of ['de', 'en'] as const) {
      for (const f of shown) {
        const text = formatFinding(f, locale);
        expect(text).not.toContain(SECRET_PLAN);
        expect(text).not.toContain(SECRET_ENTRY);
      }
    }
    // What the member still learns: that the shop is taken then, and by "another plan".
    expect(formatFinding(shown.find((f) => f.kind === 'double-booking')!, 'de')).toContain('ein anderer Plan');
  });
});

describe('findings as a reader sees them (issue 13)', () => {
  it('name the other plan to its readers, and to others show neither its name nor any id of it', () => {
    const raw = findingsOfTheDraft();
    const named = JSON.stringify(forReader(raw, 'mine', new Set(['other']), new Set(['w', 't-mine'])));
    expect(named).toContain(SECRET_PLAN);
    expect(named).toContain(SECRET_ENTRY);

    const hidden = forReader(raw, 'mine', new Set(), new Set(['w', 't-mine']));
    const json = JSON.stringify(hidden);
    for (const secret of [SECRET_PLAN, SECRET_ENTRY, '"other"', '"v"', 't-other']) expect(json).not.toContain(secret);
    // This plan's own items stay linked, so the editor can still point at them.
    expect(hidden.find((f) => f.kind === 'person-double-booked')?.ids).toEqual(['w', 't-mine']);
    expect(hidden.every((f) => f.planIds.join() === 'mine')).toBe(true);
    expect(formatFinding(hidden.find((f) => f.kind === 'double-booking')!, 'de')).toContain('ein anderer Plan');
  });
});
