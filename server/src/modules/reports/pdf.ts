/**
 * The annual report as PDF (pdf-lib, no browser): a title with the filter, then for each breakdown its
 * chart, drawn as vector bars with its title, and its table; the summary table first. Standard Helvetica
 * (WinAnsi): characters it cannot encode (from names people typed) become "?".
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { A4, PdfWriter } from '../../platform/pdf-writer.ts';
import type { Cell, Locale, ReportChart, ReportTableData } from '@planner/shared';

const MARGIN = 48;
const BLUE = rgb(0.03, 0.27, 0.51);
const GREY = rgb(0.4, 0.4, 0.4);

export interface PdfReportInput {
  title: string;
  subtitle: string;
  lang: Locale;
  tables: ReportTableData[];
  charts: ReportChart[];
}

class Writer extends PdfWriter {
  /** Cuts a text to `width` points with an ellipsis. */
  fit(text: string, width: number, size: number, font = this.font): string {
    let s = this.safe(text);
    if (font.widthOfTextAtSize(s, size) <= width) return s;
    while (s.length > 1 && font.widthOfTextAtSize(`${s}…`, size) > width) s = s.slice(0, -1);
    return `${s}…`;
  }

  text(text: string, x: number, size: number, opts: { font?: PDFFont; color?: ReturnType<typeof rgb>; width?: number } = {}) {
    const font = opts.font ?? this.font;
    const s = opts.width ? this.fit(text, opts.width, size, font) : this.safe(text);
    this.page.drawText(s, { x, y: this.y, size, font, color: opts.color ?? rgb(0, 0, 0) });
  }
}

const cellText = (c: Cell, lang: Locale) =>
  typeof c === 'number' ? c.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }) : c;

function drawTable(w: Writer, t: ReportTableData, lang: Locale) {
  const width = A4.w - 2 * MARGIN;
  const size = t.columns.length > 4 ? 7.5 : 9;
  const first = t.columns.length > 4 ? 118 : 320;
  const rest = (width - first) / Math.max(1, t.columns.length - 1);
  const xs = t.columns.map((_, i) => (i === 0 ? MARGIN : MARGIN + first + (i - 1) * rest));
  const row = (cells: Cell[], font: PDFFont) => {
    w.need(14);
    cells.forEach((c, i) => {
      const s = cellText(c, lang);
      const colWidth = i === 0 ? first - 4 : rest - 4;
      if (typeof c === 'number') {
        const fitted = w.fit(s, colWidth, size, font);
        w.text(fitted, xs[i] + colWidth - font.widthOfTextAtSize(fitted, size), size, { font });
      } else {
        w.text(s, xs[i], size, { font, width: colWidth });
      }
    });
    w.y -= 12;
  };
  w.need(40);
  w.text(t.title, MARGIN, 12, { font: w.bold, color: BLUE });
  w.y -= 16;
  row(t.columns, w.bold);
  w.page.drawLine({ start: { x: MARGIN, y: w.y + 9 }, end: { x: A4.w - MARGIN, y: w.y + 9 }, thickness: 0.5, color: GREY });
  for (const r of t.rows) row(r, w.font);
  w.y -= 14;
}

function drawChart(w: Writer, c: ReportChart, lang: Locale) {
  const labelWidth = 130;
  const barMax = A4.w - 2 * MARGIN - labelWidth - 50;
  const max = Math.max(1, ...c.values);
  w.need(40);
  w.text(c.title, MARGIN, 12, { font: w.bold, color: BLUE });
  w.y -= 18;
  c.labels.forEach((label, i) => {
    w.need(14);
    const v = c.values[i] ?? 0;
    w.text(label, MARGIN, 8, { width: labelWidth - 6 });
    const len = (v / max) * barMax;
    if (len > 0) w.page.drawRectangle({ x: MARGIN + labelWidth, y: w.y - 2, width: len, height: 9, color: BLUE });
    w.text(cellText(v, lang), MARGIN + labelWidth + len + 4, 8, { color: GREY });
    w.y -= 13;
  });
  w.y -= 10;
}

export async function reportPdf(input: PdfReportInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(input.title);
  doc.setCreator('Kreativquartiere Planner');
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
    MARGIN,
  );
  w.text(input.title, MARGIN, 18, { font: w.bold, color: BLUE });
  w.y -= 20;
  w.text(input.subtitle, MARGIN, 10, { color: GREY, width: A4.w - 2 * MARGIN });
  w.y -= 24;
  const [summary, ...rest] = input.tables;
  if (summary) drawTable(w, summary, input.lang);
  for (const t of rest) {
    const chart = input.charts.find((c) => c.table === t.key);
    if (chart) drawChart(w, chart, input.lang);
    drawTable(w, t, input.lang);
  }
  return doc.save({ useObjectStreams: false });
}
