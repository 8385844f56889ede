import { describe, expect, it } from 'vitest';
import { FINDING_MESSAGES, formatMessage } from '../messages/index.ts';
import { checkTasks } from './tasks.ts';
import { diffFindings, findingKey } from './finding.ts';
import { runCityChecks, runPlanChecks } from './run.ts';
import { entry, item, plan, storefront, task } from './test-fixtures.ts';
import { FINDING_KINDS, type Finding } from './types.ts';

const setup = entry('setup', '2026-05-04T09:00:00+02:00', '2026-05-04T18:00:00+02:00', { kind: 'setup' });
const talk = entry('talk', '2026-05-08T19:00:00+02:00', '2026-05-08T21:00:00+02:00');

describe('tasks before setup', () => {
  const kinds = (tasks: ReturnType<typeof task>[], now?: string) =>
    checkTasks(plan('p', { schedule: [setup, talk], tasks }), now).map((f) => `${f.kind}:${f.ids[0]}`);

  it('finds unassigned, due-after-setup and overdue tasks', () => {
    expect(
      kinds(
        [
          task('nobody', { assignee: null }),
          task('late', { due: '2026-05-05' }),
          task('lateTime', { due: '2026-05-04T09:30:00+02:00' }),
          task('overdue', { due: '2026-05-01' }),
          task('linkedSetup', { due: '2026-05-06', scheduleEntryId: 'setup' }),
        ],
        '2026-05-02T08:00:00+02:00',
      ),
    ).toEqual([
      'task-unassigned:nobody',
      'task-due-after-setup:late',
      'task-due-after-setup:lateTime',
      'task-overdue:overdue',
      'task-due-after-setup:linkedSetup',
    ]);
  });

  it('does not find done tasks, tasks due on setup day or at setup start, tasks for later entries, or tasks due today', () => {
    expect(
      kinds(
        [
          task('done', { assignee: null, due: '2026-04-01', status: 'done' }),
          task('sameDay', { due: '2026-05-04' }),
          task('atStart', { due: '2026-05-04T09:00:00+02:00' }),
          task('forTalk', { due: '2026-05-08', scheduleEntryId: 'talk' }),
          task('today', { due: '2026-05-02' }),
          task('noDue'),
        ],
        '2026-05-02T23:30:00+02:00',
      ),
    ).toEqual([]);
    // Without a setup entry there is no "after setup"; without now no "overdue".
    expect(checkTasks(plan('p', { schedule: [talk], tasks: [task('x', { due: '2026-01-01' })] }))).toEqual([]);
  });
});

/** A storefront and plans crafted so that every finding kind occurs. */
function city() {
  const sf = storefront({ doors: [{ x: 200, y: 800, width: 100 }], maxOccupancy: 50 });
  const sf2 = storefront({
    id: 'sf2',
    outline: [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 0, y: 100 },
      { x: 100, y: 100 },
    ],
  });
  const a = plan('a', {
    status: 'approved',
    schedule: [
      setup,
      entry('opening', '2026-05-05T18:00:00+02:00', '2026-05-05T22:00:00+02:00', { kind: 'opening', expectedAttendance: 220 }),
      entry('late', '2026-06-02T10:00:00+02:00', '2026-06-02T12:00:00+02:00'),
    ],
    tasks: [
      task('t1', { assignee: 'anna', scheduleEntryId: 'opening' }),
      task('t2', { assignee: null }),
      task('t3', { due: '2026-05-06' }),
      task('t4', { due: '2026-04-20' }),
    ],
    layout: [
      item('w1', 'partition-wall', 700, 100, 100, 10),
      item('tA', 'table', 100, 100, 100, 100),
      item('tB', 'table', 150, 150, 100, 100),
      item('spk', 'speaker', 180, 700, 30, 30),
    ],
  });
  const b = plan('b', {
    status: 'submitted',
    schedule: [entry('b1', '2026-05-05T20:00:00+02:00', '2026-05-05T23:00:00+02:00')],
    tasks: [task('bt', { assignee: 'anna', scheduleEntryId: 'b1' })],
  });
  const c = plan('c', {
    storefrontId: 'sf2',
    status: 'draft',
    schedule: [entry('c1', '2026-05-05T10:00:00+02:00', '2026-05-05T11:00:00+02:00')],
  });
  const gone = plan('gone', { status: 'withdrawn', layout: [item('x', 'table', 5000, 0, 10, 10)] });
  return { storefronts: [sf, sf2], plans: [a, b, c, gone], now: '2026-04-25T12:00:00+02:00' };
}

describe('runPlanChecks and runCityChecks', () => {
  it('the city view finds every kind, each cross-plan conflict once, nothing from withdrawn plans', () => {
    const found = runCityChecks(city());
    expect(new Set(found.map((f) => f.kind))).toEqual(new Set(FINDING_KINDS));
    expect(found.filter((f) => f.kind === 'double-booking')).toHaveLength(1);
    expect(found.filter((f) => f.kind === 'person-double-booked')).toHaveLength(1);
    expect(found.some((f) => f.planIds.includes('gone'))).toBe(false);
    expect(found.filter((f) => f.kind === 'outline-invalid')).toMatchObject([{ planIds: ['c'], ids: ['sf2'] }]);
    // errors first
    const ranks = found.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    // keys are unique, so the server can diff them
    expect(new Set(found.map(findingKey)).size).toBe(found.length);
  });

  it('the plan view shows the plan’s own findings and its cross-plan conflicts', () => {
    const { storefronts, plans, now } = city();
    const [a, ...others] = plans;
    const found = runPlanChecks({ plan: a, storefront: storefronts[0], otherPlans: others, now });
    expect(found.every((f) => f.planIds.includes('a'))).toBe(true);
    expect(found.map((f) => f.kind)).toEqual(
      expect.arrayContaining([
        'double-booking',
        'person-double-booked',
        'layout-outside',
        'layout-overlap',
        'keep-clear-blocked',
        'capacity-owner',
        'capacity-assembly',
        'capacity-area',
        'outside-availability',
        'task-unassigned',
        'task-due-after-setup',
        'task-overdue',
      ]),
    );
    // Without a storefront and other plans only the plan's own checks can find anything.
    const alone = runPlanChecks({ plan: a });
    expect([...new Set(alone.map((f) => f.kind))].sort()).toEqual(['layout-overlap', 'task-due-after-setup', 'task-unassigned']);
  });

  it('every finding renders in German and English with all its parameters', () => {
    const found = runCityChecks(city());
    expect(found.length).toBeGreaterThan(10);
    for (const f of found) {
      for (const locale of ['de', 'en'] as const) {
        const text = formatMessage(f.messageKey, f.params, locale);
        expect(text, `${f.messageKey} ${locale}`).not.toMatch(/\{\w+\}/);
        expect(text).not.toContain('layoutKind:');
      }
    }
  });

  it('diffFindings tells added, removed and changed findings apart', () => {
    const before = runCityChecks(city());
    const input = city();
    input.plans[1] = { ...input.plans[1], status: 'withdrawn' };
    (input.plans[0].schedule as ReturnType<typeof entry>[])[1].expectedAttendance = 230;
    const after = runCityChecks(input);
    const d = diffFindings(before, after);
    expect(d.removed.map((f) => f.kind).sort()).toEqual(['double-booking', 'person-double-booked']);
    expect(d.added).toEqual([]);
    expect(d.changed.map((f) => f.kind).sort()).toEqual(['capacity-area', 'capacity-assembly', 'capacity-owner']);
    expect(diffFindings(after, after)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('finding messages', () => {
  it('German and English exist for every key with the same placeholders', () => {
    for (const [key, texts] of Object.entries(FINDING_MESSAGES)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(texts.de.length, key).toBeGreaterThan(0);
      expect(names(texts.en), key).toEqual(names(texts.de));
    }
  });

  it('formats dates in Berlin time, numbers and kind names per locale', () => {
    const f: Finding = {
      kind: 'layout-overlap',
      severity: 'warning',
      messageKey: 'findings.layoutOverlap',
      params: { item: 'layoutKind:table', otherItem: 'Sockel 3' },
      ids: [],
      planIds: [],
    };
    expect(formatMessage(f.messageKey, f.params, 'de')).toBe('„Tisch“ und „Sockel 3“ überlappen sich.');
    expect(formatMessage(f.messageKey, f.params, 'en')).toBe('“Table” and “Sockel 3” overlap.');
    const de = formatMessage('findings.taskOverdue', { title: 'Flyer', due: '2026-05-01T22:30:00Z' }, 'de');
    expect(de).toContain('02.05.2026');
    expect(de).toContain('00:30');
    expect(formatMessage('findings.capacityOwner', { title: 'x', attendance: 1200, max: 50 }, 'de')).toContain('1.200');
    expect(formatMessage('no.such.key', {}, 'en')).toBe('no.such.key');
  });
});
