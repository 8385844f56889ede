/**
 * A handover protocol as PDF (issue 18; pdf-lib, no browser), for the files: the plan and storefront,
 * each zone with its condition and photos, the meter readings with their photos, the keys, the defects
 * with photos, both confirmations (name, server time, drawn signature) and the addenda with theirs.
 * Photos come in as JPEG, signatures as PNG (see export.ts). Standard Helvetica (WinAnsi): characters it
 * cannot encode (from names people typed) become "?".
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { A4, PdfWriter } from '../../platform/pdf-writer.ts';
import type { HandoverPhoto, HandoverProtocol } from '@planner/shared';

const MARGIN = 44;
const WIDTH = A4.w - 2 * MARGIN;
const BLUE = rgb(0.03, 0.27, 0.51);
const GREY = rgb(0.4, 0.4, 0.4);
const PHOTO_W = (WIDTH - 12) / 2;
const PHOTO_MAX_H = 190;

export interface HandoverPdfInput {
  protocol: HandoverProtocol;
  planTitle: string;
  storefront: string;
  address: string;
  /** Encoded images by photo id: JPEG for photos, PNG for signatures. Photos not (yet) processed are absent. */
  images: Map<string, { data: Uint8Array; type: 'jpeg' | 'png' }>;
}

const KIND = { einzug: 'Einzug (Übergabe an die Gestalter:innen)', auszug: 'Auszug (Rückgabe an die Eigentümer:in)' } as const;
const METER = { power: 'Strom', water: 'Wasser', gas: 'Gas' } as const;
const SIDE = { owner: 'Eigentümer:in', designer: 'Gestalter:in (Leitung)' } as const;

const berlin = (iso: string) =>
  new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

class Writer extends PdfWriter {
  /** Lines of `text` wrapped to `width` points (paragraphs kept). */
  wrap(text: string, size: number, width = WIDTH, font = this.font): string[] {
    const lines: string[] = [];
    for (const para of this.safe(text, true).split(/\r?\n/)) {
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) <= width) line = next;
        else {
          if (line) lines.push(line);
          // A word longer than the line is cut.
          let w = word;
          while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
            let cut = w.length - 1;
            while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
            lines.push(w.slice(0, cut));
            w = w.slice(cut);
          }
          line = w;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  para(text: string, size = 10, opts: { font?: PDFFont; color?: ReturnType<typeof rgb>; indent?: number } = {}) {
    const font = opts.font ?? this.font;
    const indent = opts.indent ?? 0;
    for (const line of this.wrap(text, size, WIDTH - indent, font)) {
      this.need(size + 4);
      this.y -= size + 3;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: opts.color ?? rgb(0, 0, 0) });
    }
  }

  heading(text: string, size = 13) {
    this.need(size + 40);
    this.y -= 12;
    this.para(text, size, { font: this.bold, color: BLUE });
    this.y -= 2;
  }
}

/** Draws photos two per row, each scaled into {@link PHOTO_W} × {@link PHOTO_MAX_H}. */
function drawPhotos(w: Writer, embedded: PDFImage[]) {
  for (let i = 0; i < embedded.length; i += 2) {
    const row = embedded.slice(i, i + 2).map((img) => img.scaleToFit(PHOTO_W, PHOTO_MAX_H));
    const h = Math.max(...row.map((r) => r.height));
    w.need(h + 8);
    w.y -= h + 6;
    row.forEach((size, j) => {
      const img = embedded[i + j]!;
      w.page.drawImage(img, { x: MARGIN + j * (PHOTO_W + 12), y: w.y, width: size.width, height: size.height });
    });
  }
}

export async function renderHandoverPdf(input: HandoverPdfInput): Promise<Uint8Array> {
  const { protocol: p } = input;
  const doc = await PDFDocument.create();
  doc.setTitle(`Übergabeprotokoll ${p.kind === 'einzug' ? 'Einzug' : 'Auszug'} – ${input.planTitle}`);
  doc.setProducer('Kreativquartiere Planner');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const w = new Writer(doc, font, bold, MARGIN);
  const cache = new Map<string, PDFImage>();
  const embed = async (photos: HandoverPhoto[]) => {
    const out: PDFImage[] = [];
    for (const ph of photos) {
      const img = input.images.get(ph.id);
      if (!img) continue;
      let e = cache.get(ph.id);
      if (!e) {
        e = img.type === 'png' ? await doc.embedPng(img.data) : await doc.embedJpg(img.data);
        cache.set(ph.id, e);
      }
      out.push(e);
    }
    return out;
  };
  const photosOf = (target: HandoverPhoto['target'], id: string) =>
    p.photos.filter((x) => x.target === target && x.targetId === id);

  w.para('Übergabeprotokoll', 20, { font: bold, color: BLUE });
  w.para(KIND[p.kind], 12, { font: bold });
  w.y -= 4;
  w.para(`Plan: ${input.planTitle}`, 10);
  w.para(`Ladenlokal: ${input.storefront}${input.address ? `, ${input.address}` : ''}`, 10);
  w.para(
    p.lockedAt
      ? `Von beiden Seiten bestätigt und gesperrt am ${berlin(p.lockedAt)}`
      : `Entwurf, noch nicht von beiden Seiten bestätigt (Stand ${berlin(p.updatedAt)})`,
    10,
    { color: GREY },
  );

  w.heading('Bereiche und Zustand');
  for (const z of p.content.zones) {
    w.need(40);
    w.y -= 4;
    w.para(z.name, 11, { font: bold });
    w.para(z.condition.trim() || '(kein Vermerk)', 10, { color: z.condition.trim() ? rgb(0, 0, 0) : GREY });
    drawPhotos(w, await embed(photosOf('zone', z.id)));
  }

  w.heading('Zählerstände');
  for (const m of ['power', 'water', 'gas'] as const) {
    w.para(`${METER[m]}: ${p.content.meters[m].value.trim() || '(nicht abgelesen)'}`, 10);
    drawPhotos(w, await embed(photosOf('meter', m)));
  }

  w.heading('Schlüssel');
  if (!p.content.keys.length) w.para('(keine Schlüssel übergeben)', 10, { color: GREY });
  for (const k of p.content.keys) w.para(`${k.count} × ${k.kind}`, 10);

  w.heading('Mängel');
  if (!p.content.defects.length) w.para('(keine Mängel festgehalten)', 10, { color: GREY });
  for (const [i, d] of p.content.defects.entries()) {
    w.para(`${i + 1}. ${d.note.trim() || '(ohne Beschreibung)'}`, 10);
    drawPhotos(w, await embed(photosOf('defect', d.id)));
  }

  w.heading('Bestätigungen');
  for (const side of ['owner', 'designer'] as const) {
    const c = p.confirmations.find((x) => x.side === side);
    w.need(90);
    w.para(SIDE[side], 11, { font: bold });
    if (!c) {
      w.para('(noch nicht bestätigt)', 10, { color: GREY });
      continue;
    }
    w.para(`Bestätigt von: ${c.name}${c.caretaker ? ' (für die Eigentümer:in, Hausverwaltung/Hausmeister)' : ''}`, 10);
    w.para(`Zeitpunkt (Server): ${berlin(c.confirmedAt)}`, 10);
    w.para('Zustand wie oben beschrieben bestätigt.', 10);
    const sig = c.signatureId ? p.photos.find((x) => x.id === c.signatureId) : undefined;
    if (sig) {
      const [img] = await embed([sig]);
      if (img) {
        const size = img.scaleToFit(200, 70);
        w.need(size.height + 8);
        w.y -= size.height + 4;
        w.page.drawImage(img, { x: MARGIN, y: w.y, width: size.width, height: size.height });
      }
    }
  }

  if (p.addenda.length) {
    w.heading('Nachträge');
    for (const a of p.addenda) {
      w.para(`Nachtrag vom ${berlin(a.createdAt)}`, 10, { font: bold });
      w.para(a.text, 10);
      drawPhotos(w, await embed(photosOf('addendum', a.id)));
    }
  }

  const pages = doc.getPages();
  for (const [i, page] of pages.entries()) {
    page.drawText(`Seite ${i + 1} von ${pages.length}`, { x: A4.w - MARGIN - 70, y: 20, size: 8, font, color: GREY });
  }
  return doc.save();
}
