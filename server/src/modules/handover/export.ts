import type { HandoverKind, HandoverPhoto } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { loadSharp } from '../media/pipeline.ts';
import { readBlob } from '../media/store-image.ts';
import type { MediaService } from '../media/service.ts';
import type { HandoverService } from './service.ts';
import * as repo from './repo.ts';

/** How long the PDF waits for photos still being processed (the media queue) before leaving them out. */
const PROCESSING_WAIT_MS = 60_000;

/**
 * The PDF of a protocol and its mail (issue 18). Images come from the media capability's processed
 * files (never the raw upload, which may carry EXIF/GPS): the cleaned original for signatures (PNG), the
 * 1920/960 px WebP or the original for photos, re-encoded as JPEG at most 1200 px wide.
 */
export class HandoverExport {
  /** Mails being sent (tests and shutdown wait for them). */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly media: MediaService,
    private readonly handover: HandoverService,
    private readonly mailer: () => Mailer,
    private readonly publicUrl: string,
    private readonly log: { error(obj: object, msg: string): void },
  ) {}

  async pdf(planId: string, kind: HandoverKind): Promise<{ data: Uint8Array; fileName: string }> {
    let protocol = await this.handover.get(planId, kind);
    if (protocol.photos.some((p) => p.state === 'processing')) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.media.queue.idle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, PROCESSING_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
      protocol = await this.handover.get(planId, kind);
    }
    const facts = await repo.planFacts(this.db, planId);
    if (!facts) throw new AppError('NOT_FOUND', 'plan.notFound');
    const signatures = new Set(protocol.confirmations.map((c) => c.signatureId).filter(Boolean));
    const images = new Map<string, { data: Uint8Array; type: 'jpeg' | 'png' }>();
    for (const photo of protocol.photos) {
      if (photo.state !== 'ready') continue;
      if (photo.target === 'signature' && !signatures.has(photo.id)) continue;
      const img = await this.image(planId, photo, photo.target === 'signature');
      if (img) images.set(photo.id, img);
    }
    // pdf-lib loads with the first PDF, not at start (issue 19).
    const { renderHandoverPdf } = await import('./pdf.ts');
    const data = await renderHandoverPdf({
      protocol,
      planTitle: facts.title,
      storefront: facts.storefront,
      address: facts.address,
      images,
    });
    const date = (protocol.lockedAt ?? protocol.updatedAt).slice(0, 10);
    return { data, fileName: `uebergabeprotokoll-${kind}-${date}.pdf` };
  }

  private async image(planId: string, photo: HandoverPhoto, png: boolean) {
    const pick = png
      ? ['original', 'w960']
      : ['w1920', 'w960', 'original', 'w320'].filter((n) => photo.variants.some((v) => v.name === n));
    const sharp = await loadSharp();
    for (const name of pick) {
      try {
        const file = await this.media.fileOf(planId, photo.id, name as HandoverPhoto['variants'][number]['name']);
        const bytes = await readBlob(this.media.blobs, file.variant.key);
        const img = sharp(bytes).resize({ width: png ? 600 : 1200, withoutEnlargement: true });
        return png
          ? { data: new Uint8Array(await img.png().toBuffer()), type: 'png' as const }
          : {
              data: new Uint8Array(await img.flatten({ background: '#ffffff' }).jpeg({ quality: 80 }).toBuffer()),
              type: 'jpeg' as const,
            };
      } catch (err) {
        this.log.error({ err, photoId: photo.id, variant: name }, 'handover: a photo could not go into the PDF');
      }
    }
    return null;
  }

  /** Mails the PDF of a just locked protocol to the storefront's owner and the staff accounts, in the background. */
  mailLocked(planId: string, kind: HandoverKind): void {
    const job = this.sendLocked(planId, kind)
      .catch((err) => this.log.error({ err, planId, kind }, 'handover: the protocol mail could not be sent'))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
  }

  private async sendLocked(planId: string, kind: HandoverKind): Promise<void> {
    const [{ data, fileName }, facts, staff] = await Promise.all([
      this.pdf(planId, kind),
      repo.planFacts(this.db, planId),
      repo.staffEmails(this.db),
    ]);
    if (!facts) return;
    const recipients = [...new Set([...(facts.ownerEmail ? [facts.ownerEmail] : []), ...staff])];
    const what = kind === 'einzug' ? 'Einzug' : 'Auszug';
    const whatEn = kind === 'einzug' ? 'move-in' : 'move-out';
    const link = `${this.publicUrl.replace(/\/$/, '')}/plans/${planId}/uebergabe`;
    const content = Buffer.from(data);
    for (const to of recipients) {
      await this.mailer().send({
        to,
        subject: `Übergabeprotokoll ${what}: ${facts.title} / Handover protocol (${whatEn})`,
        text: [
          `Das Übergabeprotokoll (${what}) für „${facts.title}“ (${facts.storefront}) ist von beiden Seiten bestätigt.`,
          'Es liegt als PDF bei und ist in der App abrufbar:',
          link,
          '',
          `The handover protocol (${whatEn}) of “${facts.title}” (${facts.storefront}) has been confirmed by both sides.`,
          'The PDF is attached and can be downloaded in the app:',
          link,
        ].join('\n'),
        attachments: [{ filename: fileName, contentType: 'application/pdf', content }],
      });
    }
  }

  /** Resolves once every mail started so far is sent (or failed). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
