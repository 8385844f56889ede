/**
 * One report table as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads umlauts),
 * semicolons between fields, CRLF line ends, decimal comma in German. Text that a spreadsheet would run
 * as a formula (starting with = + - @ or a tab) gets a leading apostrophe: quarter names are typed by people.
 */
import type { Cell, Locale, ReportTableData } from '@planner/shared';

function field(cell: Cell, lang: Locale): string {
  let s = typeof cell === 'number' ? (lang === 'de' ? String(cell).replace('.', ',') : String(cell)) : cell;
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tableCsv(table: ReportTableData, lang: Locale): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map((c) => field(c, lang)).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
