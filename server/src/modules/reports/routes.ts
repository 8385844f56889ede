import fp from 'fastify-plugin';
import {
  DISCIPLINE_NAMES,
  REPORT_WORDS,
  quarterLabel,
  reportCharts,
  reportRoutes,
  reportTables,
  type Locale,
  type Report,
} from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { tableCsv } from './csv.ts';

/** The file name of an export: `kreativquartiere-bericht-2026[-q2].<ext>`. */
const fileName = (r: Report, ext: string, part?: string) =>
  `kreativquartiere-bericht-${r.filter.year}${r.filter.quarterOfYear ? `-q${r.filter.quarterOfYear}` : ''}${part ? `-${part}` : ''}.${ext}`;

/** One line naming the period and filters, for the PDF. */
function subtitle(r: Report, lang: Locale): string {
  const parts = [r.filter.quarterOfYear ? quarterLabel(r.filter.quarterOfYear, r.filter.year) : String(r.filter.year)];
  parts.push(`${r.period.from} – ${r.period.to}`);
  if (r.filter.quarters.length) {
    const names = r.quarterOptions.filter((q) => r.filter.quarters.includes(q.id)).map((q) => q.name);
    parts.push(`${REPORT_WORDS.cityQuarter[lang]}: ${names.join(', ')}`);
  }
  if (r.filter.discipline) {
    const d = r.filter.discipline;
    // The filter is validated at the edge; a name the list lacks shows as its key.
    const names: Readonly<Record<string, Readonly<Record<'de' | 'en', string>> | undefined>> = DISCIPLINE_NAMES;
    parts.push(`${REPORT_WORDS.discipline[lang]}: ${d === 'none' ? REPORT_WORDS.none[lang] : (names[d]?.[lang] ?? d)}`);
  }
  return parts.join(' · ');
}

/**
 * City reports, staff only (`report.read`): `GET /api/reports` (JSON), `GET /api/reports/export.csv`
 * (one table), `GET /api/reports/export.xlsx` (all tables), `GET /api/reports/annual.pdf`. A bad query
 * (year outside 2000–2100, quarter of the year outside 1–4, a quarter id that is no UUID, an unknown
 * discipline) is a 400 naming the field.
 */
export default fp(
  async (app) => {
    const access = { access: { action: 'report.read' as const } };

    route(app, reportRoutes.get, access, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return app.reports.report(req.query);
    });

    route(app, reportRoutes.csv, access, async (req, reply) => {
      const { lang, table, ...query } = req.query;
      const report = await app.reports.report(query);
      const data = reportTables(report, lang).find((t) => t.key === table)!;
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', `attachment; filename="${fileName(report, 'csv', table)}"`)
        .send(tableCsv(data, lang));
    });

    route(app, reportRoutes.xlsx, access, async (req, reply) => {
      const { lang, ...query } = req.query;
      const report = await app.reports.report(query);
      // ExcelJS and pdf-lib load with the first export, not at start (issue 19).
      const { reportXlsx } = await import('./xlsx.ts');
      const body = await reportXlsx(reportTables(report, lang), `${REPORT_WORDS.title[lang]} ${report.filter.year}`);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', `attachment; filename="${fileName(report, 'xlsx')}"`)
        .send(body);
    });

    route(app, reportRoutes.pdf, access, async (req, reply) => {
      const { lang, ...query } = req.query;
      const report = await app.reports.report(query);
      const { reportPdf } = await import('./pdf.ts');
      const pdf = await reportPdf({
        title: `${REPORT_WORDS.title[lang]} ${report.filter.year}`,
        subtitle: subtitle(report, lang),
        lang,
        tables: reportTables(report, lang),
        charts: reportCharts(report, lang),
      });
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', `attachment; filename="${fileName(report, 'pdf')}"`)
        .send(Buffer.from(pdf));
    });
  },
  { name: 'routes-reports', dependencies: ['auth', 'reports'] },
);
