import { describe, expect, it } from 'vitest';
import { EMPTY_META, type PlanDocJSON } from '@planner/shared/plan/index';
import { comparePlans, diffItems } from './versions.ts';

const plan = (over: Partial<PlanDocJSON> = {}): PlanDocJSON => ({
  meta: EMPTY_META,
  concept: '',
  layout: {},
  schedule: {},
  tasks: {},
  ...over,
});
const item = (id: string, x = 0, label = '') => ({
  id,
  kind: 'table' as const,
  x,
  y: 0,
  w: 10,
  h: 10,
  rotation: 0,
  label,
  layer: 0,
  locked: false,
});

describe('diffItems', () => {
  it('names added, removed and changed items with the fields that differ', () => {
    const a = { t1: item('t1'), t2: item('t2'), t3: item('t3') };
    const b = { t1: item('t1'), t2: item('t2', 5, 'Tisch'), t4: item('t4') };
    expect(diffItems(a, b)).toEqual({ added: ['t4'], removed: ['t3'], changed: [{ id: 't2', fields: ['label', 'x'] }] });
    expect(diffItems(a, a)).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('comparePlans', () => {
  it('covers meta, concept, layout, tasks and the schedule', () => {
    const e = {
      id: 'e',
      kind: 'event' as const,
      title: 'A',
      start: '2027-03-05T18:00:00+01:00',
      end: '2027-03-05T20:00:00+01:00',
      expectedAttendance: null,
      public: true,
      seating: 'standing' as const,
    };
    const a = plan({ schedule: { e } });
    const b = plan({
      meta: { ...EMPTY_META, title: 'Neu' },
      concept: 'x',
      schedule: { e: { ...e, start: '2027-03-05T19:00:00+01:00' } },
      layout: { l: item('l') },
    });
    const d = comparePlans(a, b);
    expect(d.meta).toEqual(['title']);
    expect(d.concept).toBe(true);
    expect(d.layout.added).toEqual(['l']);
    expect(d.schedule.moved.map((m) => m.id)).toEqual(['e']);
    expect(d.tasks).toEqual({ added: [], removed: [], changed: [] });
  });
});
