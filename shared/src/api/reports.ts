/**
 * Route contracts of the city reports (issue 20, staff only): stagings, storefronts, days of vacancy
 * activated, events and visitors per year, quarter of the year, city quarter and discipline, as JSON and
 * as CSV, XLSX and a PDF annual report. The definitions of every figure are in
 * server/src/modules/reports/aggregate.ts and on the /reports page.
 */
import { z } from 'zod';
import { DISCIPLINES } from '../plan/schema.ts';
import { LOCALES } from './auth.ts';
import { Id } from './common.ts';
import { defineRoute } from './contract.ts';

/** Years a report may cover. */
export const REPORT_YEARS = { min: 2000, max: 2100 } as const;
/** The discipline filter: one of the plan disciplines, or `none` for plans that name none. */
export const REPORT_DISCIPLINES = [...DISCIPLINES, 'none'] as const;
export type ReportDiscipline = (typeof REPORT_DISCIPLINES)[number];
/** The tables of a report, as exported one by one to CSV. */
export const REPORT_TABLES = ['summary', 'quarterOfYear', 'cityQuarter', 'discipline'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/** Comma-separated city quarter ids (or one id), at most 50. */
const QuarterIds = z
  .string()
  .max(50 * 37)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Id).max(50));

/** `?year=2026&quarterOfYear=2&quarters=<id>,<id>&discipline=photography`. */
export const ReportQuery = z
  .object({
    year: z.coerce.number().int().min(REPORT_YEARS.min).max(REPORT_YEARS.max),
    quarterOfYear: z.coerce.number().int().min(1).max(4).optional(),
    quarters: QuarterIds.optional(),
    discipline: z.enum(REPORT_DISCIPLINES).optional(),
  })
  .strict();
export type ReportQuery = z.input<typeof ReportQuery>;

/** The exports take the language of their headings (`lang`, German by default). */
export const ReportExportQuery = ReportQuery.extend({ lang: z.enum(LOCALES).default('de') }).strict();
/** CSV: one table per file (`table`, the summary by default). */
export const ReportCsvQuery = ReportExportQuery.extend({ table: z.enum(REPORT_TABLES).default('summary') }).strict();

/** The figures every row of a report carries. */
export const ReportCounts = z.object({
  /** Plans approved, published or done whose approved schedule touches the period. */
  stagings: z.number().int(),
  /** Distinct storefronts of those stagings. */
  storefronts: z.number().int(),
  /** Days of vacancy activated: distinct Berlin calendar days per storefront in use, summed over storefronts. */
  vacancyDays: z.number().int(),
  /** Public entries (not cancelled) starting in the period. */
  events: z.number().int(),
  /** Of those, how many have a recorded visitor count. */
  eventsCounted: z.number().int(),
  /** Recorded visitors of those events. */
  visitors: z.number().int(),
});
export type ReportCounts = z.infer<typeof ReportCounts>;

export const ReportTotals = ReportCounts.extend({
  /** Stagings in quarters that are not established creative quarters. */
  stagingsOutsideEstablished: z.number().int(),
  /** stagingsOutsideEstablished / stagings, 0…1; null without stagings. */
  shareOutsideEstablished: z.number().nullable(),
});
export type ReportTotals = z.infer<typeof ReportTotals>;

export const Report = z
  .object({
    filter: z.object({
      year: z.number().int(),
      quarterOfYear: z.number().int().nullable(),
      quarters: z.array(z.string()),
      discipline: z.string().nullable(),
    }),
    /** The Berlin calendar days covered, inclusive. */
    period: z.object({ from: z.string(), to: z.string() }),
    totals: ReportTotals,
    byQuarterOfYear: z.array(ReportCounts.extend({ quarterOfYear: z.number().int() })),
    byCityQuarter: z.array(ReportCounts.extend({ quarterId: z.string(), name: z.string(), established: z.boolean() })),
    byDiscipline: z.array(ReportCounts.extend({ discipline: z.enum(REPORT_DISCIPLINES) })),
    /**
     * Applications per open call: open calls do not exist yet, so `available` is false and `rows` empty.
     * The extension point is `CallStatsSource` in server/src/modules/reports/service.ts.
     */
    calls: z.object({
      available: z.boolean(),
      rows: z.array(z.object({ callId: z.string(), title: z.string(), applications: z.number().int() })),
    }),
    /** Every city quarter with its flag, for the filter. */
    quarterOptions: z.array(z.object({ id: z.string(), name: z.string(), established: z.boolean() })),
  })
  .meta({ id: 'Report' });
export type Report = z.infer<typeof Report>;

export const reportRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/reports',
    summary: 'The city report for a year (and quarter of the year, city quarters, discipline), staff only',
    tags: ['reports'],
    query: ReportQuery,
    response: { 200: Report },
  }),
  csv: defineRoute({
    method: 'GET',
    path: '/api/reports/export.csv',
    summary: 'One table of the report as CSV (UTF-8 with BOM, semicolon-separated), staff only',
    tags: ['reports'],
    query: ReportCsvQuery,
    response: { 200: z.string() },
    produces: 'text/csv',
  }),
  xlsx: defineRoute({
    method: 'GET',
    path: '/api/reports/export.xlsx',
    summary: 'Every table of the report as an Excel workbook (one sheet each), staff only',
    tags: ['reports'],
    query: ReportExportQuery,
    response: { 200: z.string() },
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  }),
  pdf: defineRoute({
    method: 'GET',
    path: '/api/reports/annual.pdf',
    summary: 'The annual report as PDF: charts (vector bars) and tables, staff only',
    tags: ['reports'],
    query: ReportExportQuery,
    response: { 200: z.string() },
    produces: 'application/pdf',
  }),
};
