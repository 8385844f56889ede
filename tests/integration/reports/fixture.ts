import { randomUUID } from 'node:crypto';
import { addScheduleEntry, setMeta, type ScheduleEntryInput } from '@planner/shared/plan/index';
import type { Discipline } from '@planner/shared';
import type { Api, DemoApis } from '../../helpers/api.ts';
import { approve, publish } from '../../helpers/decisions.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { newStorefront } from '../places/kit.ts';

/**
 * A hand-built city for the reports (issue 20), in two fresh quarters of its own so that no other test's
 * plans change its numbers (every report below is filtered by these two quarters): `est` (established)
 * with storefront s1, `out` (not established) with s2 and s3. All in 2025, so every entry has ended.
 *
 * - A (s1, photography, published): setup 28 Mar, public a1 29 Mar 18–20 h, teardown 31 Mar (summer time
 *   from 30 Mar) → days 28–31 Mar.
 * - B (s1, sound design, published): public b1 30 Mar 12–14 h, public b2 2 Apr 18 h – 3 Apr 0 h → days
 *   30 Mar – 2 Apr (the midnight end does not touch 3 Apr). s1 in use 28 Mar – 2 Apr: 6 days, 4 in Q1, 2 in Q2.
 * - C (s2, no discipline, published): public c1 31 Dec 20–23 h, public c2 1 Jan 2026 0–2 h, cancelled
 *   → 1 day in 2025.
 * - E (s3, illustration, approved, not published): public e1 10 Jun 10 h – 12 Jun 10 h → 3 days.
 * - D (s3, photography, only submitted): not a staging.
 * Visitors: a1 40 (by the designer), b1 10 (by staff), c1 100 corrected to 120; b2 and e1 have none.
 */
export const YEAR = 2025;

/** The hand-computed report for `YEAR` and both quarters. */
export const EXPECTED = {
  totals: {
    stagings: 4,
    storefronts: 3,
    vacancyDays: 10,
    events: 5,
    eventsCounted: 3,
    visitors: 170,
    stagingsOutsideEstablished: 2,
    shareOutsideEstablished: 0.5,
  },
  byQuarterOfYear: [
    { quarterOfYear: 1, stagings: 2, storefronts: 1, vacancyDays: 4, events: 2, eventsCounted: 2, visitors: 50 },
    { quarterOfYear: 2, stagings: 2, storefronts: 2, vacancyDays: 5, events: 2, eventsCounted: 0, visitors: 0 },
    { quarterOfYear: 3, stagings: 0, storefronts: 0, vacancyDays: 0, events: 0, eventsCounted: 0, visitors: 0 },
    { quarterOfYear: 4, stagings: 1, storefronts: 1, vacancyDays: 1, events: 1, eventsCounted: 1, visitors: 120 },
  ],
  est: { stagings: 2, storefronts: 1, vacancyDays: 6, events: 3, eventsCounted: 2, visitors: 50 },
  out: { stagings: 2, storefronts: 2, vacancyDays: 4, events: 2, eventsCounted: 1, visitors: 120 },
  byDiscipline: {
    photography: { stagings: 1, storefronts: 1, vacancyDays: 4, events: 1, eventsCounted: 1, visitors: 40 },
    'sound-design': { stagings: 1, storefronts: 1, vacancyDays: 4, events: 2, eventsCounted: 1, visitors: 10 },
    illustration: { stagings: 1, storefronts: 1, vacancyDays: 3, events: 1, eventsCounted: 0, visitors: 0 },
    none: { stagings: 1, storefronts: 1, vacancyDays: 1, events: 1, eventsCounted: 1, visitors: 120 },
  },
} as const;

export interface ReportCity {
  est: { id: string; name: string };
  out: { id: string; name: string };
  storefronts: { s1: string; s2: string; s3: string };
  plans: { A: string; B: string; C: string; D: string; E: string };
  /** `?year=2025&quarters=<est>,<out>` */
  query: string;
}

const e = (id: string, kind: ScheduleEntryInput['kind'], start: string, end: string, pub = true): ScheduleEntryInput => ({
  id,
  kind,
  title: `Termin ${id}`,
  start,
  end,
  public: pub,
});

const ok = (what: string, res: { status: number; body: unknown }, status = 200) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/** A plan by `designer` with these entries and disciplines, written on the server's live document. */
async function plan(
  server: TestServer,
  designer: Api,
  storefrontId: string,
  title: string,
  disciplines: Discipline[],
  entries: ScheduleEntryInput[],
): Promise<string> {
  const created = ok('plan', await designer.post('/api/plans', { storefrontId, title }), 201);
  const id: string = (created.body as { id: string }).id;
  await server.app.sync.withDoc(id, (doc) => {
    setMeta(doc, { title, disciplines });
    for (const x of entries) addScheduleEntry(doc, x);
  });
  return id;
}

export async function buildReportCity(server: TestServer, api: DemoApis, demo: DemoSet, label = 'Bericht'): Promise<ReportCity> {
  const tag = randomUUID().slice(0, 8);
  const quarter = async (established: boolean) => {
    const slug = `${established ? 'etabliert' : 'aussen'}-${tag}`;
    const name = `${label} ${established ? 'Etabliert' : 'Außen'} ${tag}`;
    const res = ok('quarter', await api.staff.post('/api/quarters', { name, slug, established }), 201);
    return { id: (res.body as { id: string }).id, name };
  };
  const est = await quarter(true);
  const out = await quarter(false);
  const owner = demo.users.owner2.id;
  const s1 = await newStorefront(api.staff, est.id, owner, `Laden Eins ${tag}`);
  const s2 = await newStorefront(api.staff, out.id, owner, `Laden Zwei ${tag}`);
  const s3 = await newStorefront(api.staff, out.id, owner, `Laden Drei ${tag}`);
  const d = api.designer1;

  const A = await plan(
    server,
    d,
    s1,
    `Lichtspiele ${tag}`,
    ['photography'],
    [
      e('setup', 'setup', '2025-03-28T10:00:00+01:00', '2025-03-28T18:00:00+01:00', false),
      e('a1', 'opening', '2025-03-29T18:00:00+01:00', '2025-03-29T20:00:00+01:00'),
      e('teardown', 'teardown', '2025-03-31T10:00:00+02:00', '2025-03-31T12:00:00+02:00', false),
    ],
  );
  const B = await plan(
    server,
    d,
    s1,
    `Klangraum ${tag}`,
    ['sound-design'],
    [
      e('b1', 'event', '2025-03-30T12:00:00+02:00', '2025-03-30T14:00:00+02:00'),
      e('b2', 'workshop', '2025-04-02T18:00:00+02:00', '2025-04-03T00:00:00+02:00'),
    ],
  );
  const C = await plan(
    server,
    d,
    s2,
    `Silvester ${tag}`,
    [],
    [
      e('c1', 'event', '2025-12-31T20:00:00+01:00', '2025-12-31T23:00:00+01:00'),
      e('c2', 'event', '2026-01-01T00:00:00+01:00', '2026-01-01T02:00:00+01:00'),
    ],
  );
  const E = await plan(
    server,
    d,
    s3,
    `Zeichensaal ${tag}`,
    ['illustration'],
    [e('e1', 'event', '2025-06-10T10:00:00+02:00', '2025-06-12T10:00:00+02:00')],
  );
  const D = await plan(
    server,
    d,
    s3,
    `Entwurf ${tag}`,
    ['photography'],
    [e('d1', 'event', '2025-06-01T10:00:00+02:00', '2025-06-01T12:00:00+02:00')],
  );

  const submit = (id: string) => d.post(`/api/plans/${id}/transitions/submit`);
  for (const id of [A, B, C, D, E]) ok(`submit ${id}`, await submit(id));
  for (const id of [A, B, C, E]) ok(`approve ${id}`, await approve(api.staff, id));
  for (const id of [A, B, C]) ok(`publish ${id}`, await publish(api.staff, id));
  ok('cancel c2', await api.staff.post(`/api/plans/${C}/public-entries/c2/cancel`, { reason: 'Feuerwerksverbot' }));

  ok('a1', await d.put(`/api/plans/${A}/attendance/a1`, { visitors: 40, note: 'Volles Haus' }));
  ok('b1', await api.staff.put(`/api/plans/${B}/attendance/b1`, { visitors: 10 }));
  ok('c1', await d.put(`/api/plans/${C}/attendance/c1`, { visitors: 100 }));
  ok('c1 corrected', await d.put(`/api/plans/${C}/attendance/c1`, { visitors: 120, note: 'nachgezählt' }));

  return {
    est,
    out,
    storefronts: { s1, s2, s3 },
    plans: { A, B, C, D, E },
    query: `year=${YEAR}&quarters=${est.id},${out.id}`,
  };
}
