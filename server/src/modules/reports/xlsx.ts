/** Every table of a report as an Excel workbook, one sheet per table, numbers kept as numbers. */
import ExcelJS from 'exceljs';
import type { ReportTableData } from '@planner/shared';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export async function reportXlsx(tables: ReportTableData[], title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Kreativquartiere Planner';
  book.title = title;
  for (const t of tables) {
    const sheet = book.addWorksheet(sheetName(t.title));
    sheet.addRow(t.columns).font = { bold: true };
    // Text cells are written as plain strings (never formulas), whatever they start with.
    for (const row of t.rows) sheet.addRow(row);
    sheet.columns.forEach((col, i) => {
      col.width = Math.min(
        48,
        Math.max(10, ...[t.columns[i], ...t.rows.map((r) => r[i])].map((c) => String(c ?? '').length + 2)),
      );
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
