import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { HandoverProtocol } from '@planner/shared';
import { renderHandoverPdf } from './pdf.ts';
import { emptyContent } from './service.ts';

const at = '2026-12-01T10:00:00.000Z';
const photo = (id: string, target: HandoverProtocol['photos'][number]['target'], targetId: string) => ({
  id,
  target,
  targetId,
  state: 'ready' as const,
  width: 40,
  height: 30,
  placeholder: null,
  variants: [],
  uploadedBy: null,
  createdAt: at,
});

describe('the handover PDF', () => {
  it('embeds the photos as JPEG and the signature as PNG, and renders a typed name outside WinAnsi (pdf-lib would throw) without failing', async () => {
    const content = emptyContent();
    content.zones[0]!.condition = 'Boden sauber\nzweite Zeile';
    content.keys = [{ id: 'k1', kind: 'Ladentür', count: 2 }];
    const protocol: HandoverProtocol = {
      id: '00000000-0000-4000-8000-000000000001',
      planId: '00000000-0000-4000-8000-000000000002',
      kind: 'einzug',
      content,
      photos: [
        photo('00000000-0000-4000-8000-00000000000a', 'zone', 'z1'),
        photo('00000000-0000-4000-8000-00000000000b', 'meter', 'power'),
        photo('00000000-0000-4000-8000-00000000000c', 'signature', 'owner'),
      ],
      confirmations: [
        {
          side: 'owner',
          name: 'Olaf Öster ğ',
          caretaker: false,
          userId: null,
          confirmedAt: at,
          signatureId: '00000000-0000-4000-8000-00000000000c',
        },
      ],
      addenda: [],
      lockedAt: null,
      updatedAt: at,
      pdfUrl: '/x',
    };
    const jpeg = new Uint8Array(
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
        .jpeg()
        .toBuffer(),
    );
    const png = new Uint8Array(
      await sharp({ create: { width: 60, height: 20, channels: 4, background: '#0000' } })
        .png()
        .toBuffer(),
    );
    const images = new Map([
      ['00000000-0000-4000-8000-00000000000a', { data: jpeg, type: 'jpeg' as const }],
      ['00000000-0000-4000-8000-00000000000b', { data: jpeg, type: 'jpeg' as const }],
      ['00000000-0000-4000-8000-00000000000c', { data: png, type: 'png' as const }],
    ]);
    const pdf = await renderHandoverPdf({ protocol, planTitle: 'Plan', storefront: 'Laden', address: 'Straße 1', images });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe('Übergabeprotokoll Einzug – Plan');
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    const text = Buffer.from(pdf).toString('latin1');
    // Two JPEG photos and one PNG signature (FlateDecode with a soft mask for its alpha).
    expect(text.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(3);
    expect(text.match(/\/Filter \/DCTDecode/g)?.length).toBe(2);
  });
});
