/** Builders for check tests (not a test file itself). */
import type { LayoutItem, ScheduleEntry, Task } from '../plan/schema.ts';
import type { PlanInput, StorefrontInput } from './types.ts';

/** 10 m × 8 m with the top-right 5 m × 4 m cut away: an L-shaped shop, 60 m². */
export const L_OUTLINE = [
  { x: 0, y: 0 },
  { x: 500, y: 0 },
  { x: 500, y: 400 },
  { x: 1000, y: 400 },
  { x: 1000, y: 800 },
  { x: 0, y: 800 },
];

export function storefront(over: Partial<StorefrontInput> = {}): StorefrontInput {
  return {
    id: 'sf1',
    outline: L_OUTLINE,
    doors: [],
    availability: [{ start: '2026-05-01T00:00:00+02:00', end: '2026-06-01T00:00:00+02:00' }],
    maxOccupancy: null,
    ...over,
  };
}

export function entry(id: string, start: string, end: string, over: Partial<ScheduleEntry> = {}): ScheduleEntry {
  return { id, kind: 'event', title: id, start, end, expectedAttendance: null, public: true, seating: 'standing', ...over };
}

export function item(
  id: string,
  kind: LayoutItem['kind'],
  x: number,
  y: number,
  w: number,
  h: number,
  rotation = 0,
  label = '',
): LayoutItem {
  return { id, kind, x, y, w, h, rotation, label, layer: 0, locked: false };
}

export function task(id: string, over: Partial<Task> = {}): Task {
  return { id, title: id, assignee: 'u1', due: null, status: 'todo', scheduleEntryId: null, ...over };
}

export function plan(id: string, over: Partial<PlanInput> = {}): PlanInput {
  return { id, storefrontId: 'sf1', status: 'submitted', title: id, schedule: [], tasks: [], layout: [], ...over };
}
