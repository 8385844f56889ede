import { describe, expect, it } from 'vitest';
import { DISCIPLINES, LAYOUT_KINDS, SCHEDULE_KINDS, SEATING, TASK_STATUSES } from '../plan/schema.ts';
import { DISCIPLINE_NAMES, LAYOUT_KIND_NAMES, SCHEDULE_KIND_NAMES, SEATING_NAMES, TASK_STATUS_NAMES } from './labels.ts';

describe('vocabulary names', () => {
  it('name every value in German and English, and nothing else', () => {
    const pairs: Array<[readonly string[], Record<string, Record<string, string>>]> = [
      [LAYOUT_KINDS, LAYOUT_KIND_NAMES],
      [SCHEDULE_KINDS, SCHEDULE_KIND_NAMES],
      [DISCIPLINES, DISCIPLINE_NAMES],
      [TASK_STATUSES, TASK_STATUS_NAMES],
      [SEATING, SEATING_NAMES],
    ];
    for (const [values, names] of pairs) {
      expect(Object.keys(names).sort()).toEqual([...values].sort());
      for (const v of values) {
        expect(names[v].de.length).toBeGreaterThan(0);
        expect(names[v].en.length).toBeGreaterThan(0);
      }
    }
  });
});
