import { describe, expect, it } from 'vitest';
import { eventShortId, eventSlug, shortIdOfSlug, slugWords } from './public-web.ts';

describe('event slugs', () => {
  it('are readable: title words, the Berlin day, a short id', () => {
    const slug = eventSlug({
      planId: 'p1',
      entryId: 'e1',
      title: 'Größte Übung: Kunst & Ökologie!',
      start: '2027-03-05T23:30:00Z',
    });
    // 23:30 UTC is already the 6th in Berlin.
    expect(slug).toBe(`groesste-uebung-kunst-oekologie-2027-03-06-${eventShortId('p1', 'e1')}`);
    expect(eventSlug({ planId: 'p1', entryId: 'e1', title: '</script>', start: '2027-03-05T10:00:00Z' })).toMatch(
      /^script-2027-03-05-/,
    );
    expect(eventSlug({ planId: 'p1', entryId: 'e1', title: '!!!', start: '2027-03-05T10:00:00Z' })).toMatch(
      /^termin-2027-03-05-/,
    );
    expect(slugWords('x'.repeat(100))).toHaveLength(60);
  });

  it('are stable and tell entries apart by the short id alone', () => {
    expect(eventShortId('p1', 'e1')).toBe(eventShortId('p1', 'e1'));
    expect(eventShortId('p1', 'e1')).toMatch(/^[a-z2-9]{10}$/);
    const ids = new Set(Array.from({ length: 2000 }, (_, i) => eventShortId('plan', `e${i}`)));
    expect(ids.size).toBe(2000);
    const slug = eventSlug({ planId: 'p1', entryId: 'e1', title: 'Lesung', start: '2027-03-05T10:00:00Z' });
    expect(shortIdOfSlug(slug)).toBe(eventShortId('p1', 'e1'));
    expect(shortIdOfSlug(`anderer-titel-2020-01-01-${eventShortId('p1', 'e1')}`)).toBe(eventShortId('p1', 'e1'));
    expect(shortIdOfSlug('kurz')).toBeNull();
    expect(shortIdOfSlug('a-ABCDEFGHIJ')).toBeNull();
  });
});
