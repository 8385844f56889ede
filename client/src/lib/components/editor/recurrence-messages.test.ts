import { describe, expect, it } from 'vitest';
import de from '../../i18n/recurrence.de.json';
import en from '../../i18n/recurrence.en.json';

describe('opening-hours form texts', () => {
  it('have German and English for every key, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)[},]/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(de)) expect(holes(en[k as keyof typeof en]), k).toEqual(holes(v));
  });
});
