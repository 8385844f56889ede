/**
 * The tables and charts of a city report (issue 20), built once from a `Report` for the /reports page,
 * the CSV and XLSX exports and the PDF annual report, so that all of them show the same numbers under the
 * same headings. Pure; German and English.
 */
import type { Locale } from '../api/auth.ts';
import type { Report, ReportCounts, ReportTable } from '../api/reports.ts';
import { DISCIPLINE_NAMES } from '../i18n/labels.ts';

type Texts = Readonly<Record<Locale, string>>;

/** Headings and words of the report, German first. */
export const REPORT_WORDS = {
  stagings: { de: 'Inszenierungen', en: 'Stagings' },
  storefronts: { de: 'Ladenlokale aktiviert', en: 'Storefronts activated' },
  vacancyDays: { de: 'Leerstandstage aktiviert', en: 'Days of vacancy activated' },
  events: { de: 'Öffentliche Termine', en: 'Public events' },
  eventsCounted: { de: 'Termine mit Besucherzahl', en: 'Events with a visitor count' },
  visitors: { de: 'Besucher:innen (erfasst)', en: 'Visitors (recorded)' },
  stagingsOutsideEstablished: {
    de: 'Inszenierungen außerhalb etablierter Quartiere',
    en: 'Stagings outside established quarters',
  },
  shareOutsideEstablished: { de: 'Anteil außerhalb etablierter Quartiere (%)', en: 'Share outside established quarters (%)' },
  metric: { de: 'Kennzahl', en: 'Figure' },
  value: { de: 'Wert', en: 'Value' },
  quarterOfYear: { de: 'Quartal', en: 'Quarter' },
  cityQuarter: { de: 'Stadtquartier', en: 'City quarter' },
  established: { de: 'Etabliert', en: 'Established' },
  discipline: { de: 'Disziplin', en: 'Discipline' },
  yes: { de: 'ja', en: 'yes' },
  no: { de: 'nein', en: 'no' },
  none: { de: 'ohne Angabe', en: 'not stated' },
  tableSummary: { de: 'Übersicht', en: 'Summary' },
  tableQuarterOfYear: { de: 'Nach Quartal', en: 'By quarter of the year' },
  tableCityQuarter: { de: 'Nach Stadtquartier', en: 'By city quarter' },
  tableDiscipline: { de: 'Nach Disziplin', en: 'By discipline' },
  chartQuarterOfYear: { de: 'Leerstandstage aktiviert je Quartal', en: 'Days of vacancy activated per quarter' },
  chartCityQuarter: { de: 'Inszenierungen je Stadtquartier', en: 'Stagings per city quarter' },
  chartDiscipline: { de: 'Besucher:innen je Disziplin', en: 'Visitors per discipline' },
  title: { de: 'Jahresbericht Kreativquartiere', en: 'Creative quarters annual report' },
} as const satisfies Record<string, Texts>;

export type ReportWord = keyof typeof REPORT_WORDS;

/** A cell: text, or a number (kept a number in XLSX). */
export type Cell = string | number;

export interface ReportTableData {
  key: ReportTable;
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** A bar chart of one figure over the rows of a table. */
export interface ReportChart {
  table: ReportTable;
  title: string;
  labels: string[];
  values: number[];
}

const COUNT_KEYS = ['stagings', 'storefronts', 'vacancyDays', 'events', 'eventsCounted', 'visitors'] as const;

const counts = (c: ReportCounts): number[] => COUNT_KEYS.map((k) => c[k]);

/** The share as a percentage with one decimal (null without stagings). */
export function sharePercent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

/** The name of a quarter of the year, e.g. `Q2 2026`. */
export const quarterLabel = (q: number, year: number) => `Q${q} ${year}`;

/** The tables of a report in one language, in the order the page and the exports show them. */
export function reportTables(r: Report, lang: Locale): ReportTableData[] {
  const w = (k: ReportWord) => REPORT_WORDS[k][lang];
  const countColumns = COUNT_KEYS.map((k) => w(k));
  const share = sharePercent(r.totals.shareOutsideEstablished);
  return [
    {
      key: 'summary',
      title: w('tableSummary'),
      columns: [w('metric'), w('value')],
      rows: [
        ...COUNT_KEYS.map((k): Cell[] => [w(k), r.totals[k]]),
        [w('stagingsOutsideEstablished'), r.totals.stagingsOutsideEstablished],
        [w('shareOutsideEstablished'), share === null ? '–' : share],
      ],
    },
    {
      key: 'quarterOfYear',
      title: w('tableQuarterOfYear'),
      columns: [w('quarterOfYear'), ...countColumns],
      rows: r.byQuarterOfYear.map((q) => [quarterLabel(q.quarterOfYear, r.filter.year), ...counts(q)]),
    },
    {
      key: 'cityQuarter',
      title: w('tableCityQuarter'),
      columns: [w('cityQuarter'), w('established'), ...countColumns],
      rows: r.byCityQuarter.map((q) => [q.name, q.established ? w('yes') : w('no'), ...counts(q)]),
    },
    {
      key: 'discipline',
      title: w('tableDiscipline'),
      columns: [w('discipline'), ...countColumns],
      rows: r.byDiscipline.map((d) => [d.discipline === 'none' ? w('none') : DISCIPLINE_NAMES[d.discipline][lang], ...counts(d)]),
    },
  ];
}

/** The charts of a report: one figure of each breakdown table. */
export function reportCharts(r: Report, lang: Locale): ReportChart[] {
  const w = (k: ReportWord) => REPORT_WORDS[k][lang];
  return [
    {
      table: 'quarterOfYear',
      title: w('chartQuarterOfYear'),
      labels: r.byQuarterOfYear.map((q) => quarterLabel(q.quarterOfYear, r.filter.year)),
      values: r.byQuarterOfYear.map((q) => q.vacancyDays),
    },
    {
      table: 'cityQuarter',
      title: w('chartCityQuarter'),
      labels: r.byCityQuarter.map((q) => q.name),
      values: r.byCityQuarter.map((q) => q.stagings),
    },
    {
      table: 'discipline',
      title: w('chartDiscipline'),
      labels: r.byDiscipline.map((d) => (d.discipline === 'none' ? w('none') : DISCIPLINE_NAMES[d.discipline][lang])),
      values: r.byDiscipline.map((d) => d.visitors),
    },
  ];
}
