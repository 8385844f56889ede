import { describe, expect, it } from 'vitest';
import type { ProgrammeDay } from '@planner/shared';
import { normaliseProgramme, programmeByDay, programmeFeedPath, webcalUrl, type ProgrammeRow } from './programme';

const row = (id: string, days: ProgrammeDay[]): ProgrammeRow => ({
  id,
  title: id,
  kind: 'event',
  start: days[0].start,
  end: days[days.length - 1].end,
  days,
  description: '',
  planId: 'p',
  planTitle: 'P',
  storefrontTitle: 'S',
  address: 'A',
  quarterId: 'q',
  quarterName: 'Q',
  href: `/programm/${id}`,
});

describe('the programme by day', () => {
  it('puts an entry over several days under each of them, entries of a day by their start that day', () => {
    const expo = row('expo', [
      { day: '2026-12-15', part: 'middle', start: '2026-12-14T23:00:00.000Z', end: '2026-12-15T23:00:00.000Z' },
      { day: '2026-12-16', part: 'middle', start: '2026-12-15T23:00:00.000Z', end: '2026-12-16T23:00:00.000Z' },
    ]);
    const talk = row('talk', [
      { day: '2026-12-16', part: 'whole', start: '2026-12-16T17:00:00.000Z', end: '2026-12-16T18:00:00.000Z' },
    ]);
    const groups = programmeByDay([talk, expo]);
    expect(groups.map((g) => [g.day, g.entries.map((e) => e.row.id)])).toEqual([
      ['2026-12-15', ['expo']],
      ['2026-12-16', ['expo', 'talk']],
    ]);
  });

  it('links the feed of the chosen quarter, also as webcal://', () => {
    expect(programmeFeedPath(null)).toBe('/api/public/programme.ics');
    expect(programmeFeedPath('union viertel')).toBe('/api/public/programme.ics?quarter=union%20viertel');
    expect(webcalUrl('https://planer.example:8443', '/api/public/programme.ics?quarter=x')).toBe(
      'webcal://planer.example:8443/api/public/programme.ics?quarter=x',
    );
  });
});

describe('links to event pages', () => {
  it('links each entry to /programm/<title>-<day>-<short id> (an untitled one by its plan title)', () => {
    const entry = (id: string, title: string) => ({
      id: `plan-1:${id}`,
      planId: 'plan-1',
      planTitle: 'Klangraum',
      description: '',
      kind: 'event',
      title,
      start: '2027-03-05T18:00:00+01:00',
      end: '2027-03-05T20:00:00+01:00',
      days: [],
      storefront: { id: 's', title: 'S', address: 'A', lat: 0, lng: 0 },
      quarter: { id: 'q', name: 'Q', slug: 'q' },
    });
    const [a, b] = normaliseProgramme({ items: [entry('a', 'Vernissage: Licht & Ton'), entry('b', '')] });
    expect(a.href).toMatch(/^\/programm\/vernissage-licht-ton-2027-03-05-[a-z2-9]{10}$/);
    expect(b.href).toMatch(/^\/programm\/klangraum-2027-03-05-[a-z2-9]{10}$/);
    expect(a.href.slice(-10)).not.toBe(b.href.slice(-10));
  });
});
