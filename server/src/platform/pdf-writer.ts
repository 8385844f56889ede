/**
 * The page cursor the server's PDFs share (pdf-lib, no browser; the annual report, handover protocols):
 * A4 pages, a margin, the current y, a page break when something does not fit, and text the standard
 * Helvetica (WinAnsi) can encode: characters it cannot (from names people typed) become "?".
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';

export const A4 = { w: 595.28, h: 841.89 } as const;

export class PdfWriter {
  page!: PDFPage;
  y = 0;
  private readonly charset: Set<number>;
  constructor(
    protected readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    readonly margin: number,
  ) {
    this.charset = new Set(font.getCharacterSet());
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage([A4.w, A4.h]);
    this.y = A4.h - this.margin;
  }

  /** Makes room for `height` points, starting a new page when needed. */
  need(height: number) {
    if (this.y - height < this.margin) this.newPage();
  }

  /** Text the font can draw: tabs (and line breaks, unless `keepLines`) become spaces, the rest "?". */
  safe(text: string, keepLines = false): string {
    let out = '';
    for (const ch of text.replace(keepLines ? /\t/g : /[\r\n\t]+/g, ' '))
      out += this.charset.has(ch.codePointAt(0) ?? 0) ? ch : '?';
    return out;
  }
}
