import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { test } from '../../helpers/fixtures.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { buildReportCity, EXPECTED, YEAR, type ReportCity } from './fixture.ts';
import { download, pdfStrings } from './download.ts';

/** The counts of a quarter-of-the-year row, without its label. */
const counts = ({ quarterOfYear: _, ...rest }: (typeof EXPECTED.byQuarterOfYear)[number]) => rest;

/** Issue 20: the city report's numbers for a hand-built city, and the same numbers in every export. */
describe('city reports', () => {
  let server: TestServer;
  let api: DemoApis;
  let city: ReportCity;
  let staffToken: string;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    api = world.api;
    staffToken = api.staff.token!;
    city = await buildReportCity(server, api, world.demo);
  });

  it('equals the hand-computed figures: stagings, storefronts, days of vacancy, events, visitors, share outside', async () => {
    const res = await api.staff.get(`/api/reports?${city.query}`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.period).toEqual({ from: `${YEAR}-01-01`, to: `${YEAR}-12-31` });
    expect(r.totals).toEqual(EXPECTED.totals);
    expect(r.byQuarterOfYear).toEqual(EXPECTED.byQuarterOfYear);
    expect(r.byCityQuarter).toEqual(
      [
        { quarterId: city.out.id, name: city.out.name, established: false, ...EXPECTED.out },
        { quarterId: city.est.id, name: city.est.name, established: true, ...EXPECTED.est },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    const byDiscipline = Object.fromEntries(
      r.byDiscipline.map(({ discipline, ...c }: { discipline: string }) => [discipline, c]),
    );
    expect(byDiscipline).toMatchObject(EXPECTED.byDiscipline);
    expect(byDiscipline['graphic-design']).toMatchObject({ stagings: 0, visitors: 0 });
    // Applications per call: no calls yet, and the report says so instead of inventing numbers.
    expect(r.calls).toEqual({ available: false, rows: [] });
    expect(r.quarterOptions).toContainEqual({ id: city.est.id, name: city.est.name, established: true });
  });

  it('gives the same quarter rows without the quarter filter, and narrows by quarter of the year and discipline', async () => {
    const all = (await api.staff.get(`/api/reports?year=${YEAR}`)).body;
    expect(all.byCityQuarter.find((q: { quarterId: string }) => q.quarterId === city.est.id)).toMatchObject(EXPECTED.est);
    expect(all.byCityQuarter.find((q: { quarterId: string }) => q.quarterId === city.out.id)).toMatchObject(EXPECTED.out);
    // The demo quarters keep their flag from the migration.
    const union = all.quarterOptions.find((q: { name: string }) => q.name === 'Unionviertel');
    const hoerde = all.quarterOptions.find((q: { name: string }) => q.name === 'Hörde');
    expect([union?.established, hoerde?.established]).toEqual([true, false]);

    const q1 = (await api.staff.get(`/api/reports?${city.query}&quarterOfYear=1`)).body;
    expect(q1.period).toEqual({ from: `${YEAR}-01-01`, to: `${YEAR}-03-31` });
    expect(q1.totals).toEqual({
      ...counts(EXPECTED.byQuarterOfYear[0]),
      stagingsOutsideEstablished: 0,
      shareOutsideEstablished: 0,
    });

    const q2 = (await api.staff.get(`/api/reports?${city.query}&quarterOfYear=2`)).body;
    expect(q2.totals).toEqual({
      ...counts(EXPECTED.byQuarterOfYear[1]),
      stagingsOutsideEstablished: 1,
      shareOutsideEstablished: 0.5,
    });

    const photo = (await api.staff.get(`/api/reports?${city.query}&discipline=photography`)).body;
    expect(photo.totals).toEqual({
      ...EXPECTED.byDiscipline.photography,
      stagingsOutsideEstablished: 0,
      shareOutsideEstablished: 0,
    });
    const none = (await api.staff.get(`/api/reports?${city.query}&discipline=none`)).body;
    expect(none.totals).toEqual({ ...EXPECTED.byDiscipline.none, stagingsOutsideEstablished: 1, shareOutsideEstablished: 1 });

    const outside = (await api.staff.get(`/api/reports?year=${YEAR}&quarters=${city.out.id}`)).body;
    expect(outside.totals).toEqual({ ...EXPECTED.out, stagingsOutsideEstablished: 2, shareOutsideEstablished: 1 });
  });

  it('exports each table as CSV with the same numbers', async () => {
    const res = await download(server, staffToken, `/api/reports/export.csv?${city.query}&table=cityQuarter`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(`kreativquartiere-bericht-${YEAR}-cityQuarter.csv`);
    const text = res.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(lines[0]).toEqual([
      'Stadtquartier',
      'Etabliert',
      'Inszenierungen',
      'Ladenlokale aktiviert',
      'Leerstandstage aktiviert',
      'Öffentliche Termine',
      'Termine mit Besucherzahl',
      'Besucher:innen (erfasst)',
    ]);
    const row = (name: string) => lines.find((l) => l[0] === name);
    const nums = (c: (typeof EXPECTED)['est' | 'out']) =>
      [c.stagings, c.storefronts, c.vacancyDays, c.events, c.eventsCounted, c.visitors].map(String);
    expect(row(city.est.name)).toEqual([city.est.name, 'ja', ...nums(EXPECTED.est)]);
    expect(row(city.out.name)).toEqual([city.out.name, 'nein', ...nums(EXPECTED.out)]);

    const summary = (await download(server, staffToken, `/api/reports/export.csv?${city.query}&lang=en`)).bytes.toString('utf8');
    const sum = Object.fromEntries(
      summary
        .slice(1)
        .trimEnd()
        .split('\r\n')
        .map((l) => l.split(';')),
    );
    expect(sum).toMatchObject({
      Stagings: '4',
      'Storefronts activated': '3',
      'Days of vacancy activated': '10',
      'Public events': '5',
      'Visitors (recorded)': '170',
      'Share outside established quarters (%)': '50',
    });
  });

  it('exports every table as XLSX that parses back with the same numbers', async () => {
    const res = await download(server, staffToken, `/api/reports/export.xlsx?${city.query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Übersicht', 'Nach Quartal', 'Nach Stadtquartier', 'Nach Disziplin']);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      book.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const summary = Object.fromEntries(rows('Übersicht').slice(1));
    expect(summary).toMatchObject({
      Inszenierungen: 4,
      'Ladenlokale aktiviert': 3,
      'Leerstandstage aktiviert': 10,
      'Öffentliche Termine': 5,
      'Termine mit Besucherzahl': 3,
      'Besucher:innen (erfasst)': 170,
      'Inszenierungen außerhalb etablierter Quartiere': 2,
      'Anteil außerhalb etablierter Quartiere (%)': 50,
    });
    expect(rows('Nach Quartal').slice(1)).toEqual(
      EXPECTED.byQuarterOfYear.map((q) => [
        `Q${q.quarterOfYear} ${YEAR}`,
        q.stagings,
        q.storefronts,
        q.vacancyDays,
        q.events,
        q.eventsCounted,
        q.visitors,
      ]),
    );
    const est = rows('Nach Stadtquartier').find((r) => r[0] === city.est.name);
    expect(est).toEqual([city.est.name, 'ja', 2, 1, 6, 3, 2, 50]);
    const sound = rows('Nach Disziplin').find((r) => r[0] === 'Sounddesign');
    expect(sound?.slice(1)).toEqual([1, 1, 4, 2, 1, 10]);
  });

  it('renders the annual report as PDF with chart titles, bars and table values', async () => {
    const res = await download(server, staffToken, `/api/reports/annual.pdf?${city.query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const strings = pdfStrings(res.bytes);
    expect(strings).toContain(`Jahresbericht Kreativquartiere ${YEAR}`);
    for (const title of [
      'Leerstandstage aktiviert je Quartal',
      'Inszenierungen je Stadtquartier',
      'Besucher:innen je Disziplin',
    ]) {
      expect(strings).toContain(title);
    }
    // The summary table: each figure's label followed by its value.
    const following = (label: string, n: number, from = 0) => {
      const i = strings.indexOf(label, from);
      expect(i, label).toBeGreaterThanOrEqual(0);
      return strings.slice(i + 1, i + 1 + n);
    };
    expect(following('Leerstandstage aktiviert', 1)).toEqual(['10']);
    expect(following('Besucher:innen (erfasst)', 1)).toEqual(['170']);
    expect(following('Anteil außerhalb etablierter Quartiere (%)', 1)).toEqual(['50']);
    // The city-quarter table row (after its chart, where the name is followed by the bar's value).
    const table = strings.indexOf('Nach Stadtquartier');
    expect(table).toBeGreaterThan(strings.indexOf('Inszenierungen je Stadtquartier'));
    expect(following(city.est.name, 7, table)).toEqual(['ja', '2', '1', '6', '3', '2', '50']);
    expect(following(city.out.name, 7, table)).toEqual(['nein', '2', '2', '4', '2', '1', '120']);
    // The chart of the quarters of the year: a label and its value per bar.
    const chart = strings.indexOf('Leerstandstage aktiviert je Quartal');
    expect(following(`Q1 ${YEAR}`, 1, chart)).toEqual(['4']);
    expect(following(`Q2 ${YEAR}`, 1, chart)).toEqual(['5']);
  });

  it('follows the established flag that staff change on a quarter', async () => {
    const share = async () => (await api.staff.get(`/api/reports?${city.query}`)).body.totals;
    expect((await api.staff.patch(`/api/quarters/${city.out.id}`, { established: true })).status).toBe(200);
    try {
      expect(await share()).toMatchObject({ stagingsOutsideEstablished: 0, shareOutsideEstablished: 0 });
      expect((await api.designer1.patch(`/api/quarters/${city.out.id}`, { established: false })).status).toBe(403);
    } finally {
      expect((await api.staff.patch(`/api/quarters/${city.out.id}`, { established: false })).status).toBe(200);
    }
    expect(await share()).toMatchObject({ stagingsOutsideEstablished: 2, shareOutsideEstablished: 0.5 });
  });

  it('answers 400 naming the field for a bad query', async () => {
    for (const [query, field] of [
      ['year=1999', 'year'],
      ['year=abc', 'year'],
      ['', 'year'],
      ['year=2025&quarterOfYear=5', 'quarterOfYear'],
      ['year=2025&discipline=cooking', 'discipline'],
      ['year=2025&quarters=nicht-uuid', 'quarters'],
      ['year=2025&surprise=1', ''],
    ] as const) {
      const res = await api.staff.get(`/api/reports?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('VALIDATION');
      if (field) expect(JSON.stringify(res.body.error.fields ?? []), query).toContain(field);
    }
    expect((await download(server, staffToken, '/api/reports/export.csv?year=2025&table=secret')).status).toBe(400);
    expect((await download(server, staffToken, '/api/reports/annual.pdf?year=20255')).status).toBe(400);
  });

  it('is for staff only: designers and owners get 403, anonymous 401', async () => {
    for (const path of ['/api/reports', '/api/reports/export.csv', '/api/reports/export.xlsx', '/api/reports/annual.pdf']) {
      const url = `${path}?${city.query}`;
      for (const who of [api.designer1, api.owner2, api.owner1]) {
        const res = await download(server, who.token, url);
        expect(res.status, `${path} ${who.token}`).toBe(403);
        expect(res.bytes.toString()).not.toContain('170');
      }
      expect((await download(server, null, url)).status).toBe(401);
    }
  });
});
