import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3 } from '@planner/server/platform/blobs/test-s3';
import { heicSupported } from '@planner/server/modules/media/pipeline';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { request } from '../../helpers/api.ts';
import { connectRecorder } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';
import { hasGps, jpegWithGps, smallPng, uploadFile } from '../../helpers/media.ts';
import { createWorld, freshDraftPlan, type Role, type World } from '../accounts/fixtures.ts';

/**
 * Plan attachments (issue 17) over HTTP, on both stores: local files (DATA_DIR) and S3 (s3rver started
 * here). Limits are small so that "over the limit" is cheap: 1 MB per file, 1.5 MB per plan.
 */
const LIMITS = { UPLOAD_MAX_FILE_MB: '1', UPLOAD_MAX_PLAN_MB: '1.5' };
const MB = 1024 * 1024;

/** A Windows program renamed: the "MZ" header of a PE file, then bytes. */
const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), randomBytes(8000)]);

/** A HEIC file's start: an `ftyp` box of brand `heic` (what an iPhone writes), then bytes. */
const heic = () => {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, randomBytes(6000)]);
};

async function pdf(pages: number, padBytes = 0): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage();
  // Padding as an embedded file of random bytes (stored as it is).
  if (padBytes) await doc.attach(randomBytes(padBytes), 'pad.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

for (const backend of ['local', 's3'] as const) {
  describe(`plan attachments (${backend} store)`, () => {
    let server: TestServer;
    let world: World;
    let s3: Awaited<ReturnType<typeof startS3>> | undefined;
    const token = (role: Exclude<Role, 'anonymous'>) => world.tokens[role];
    const get = (role: Role, path: string) => request(server, role === 'anonymous' ? null : token(role), 'GET', path);
    const blobKeys = async (planId: string) => (await server.app.blobs.list(`plans/${planId}/`)).map((b) => b.key);

    beforeAll(async () => {
      if (backend === 's3') s3 = await startS3();
      server = await startServer({ env: { ...LIMITS, ...(s3?.env ?? {}) } });
      expect(server.app.blobs.kind).toBe(backend);
      world = await createWorld(server);
    });
    afterAll(async () => {
      await server?.close();
      await s3?.close();
    });

    it('serves a GPS-tagged phone photo rotated and without EXIF in the original and every width', async () => {
      const planId = await freshDraftPlan(world, 'Fotos');
      const photo = await jpegWithGps(1200, 700, 6);
      expect(await hasGps(photo)).toBe(true);
      const up = await uploadFile(server, token('designer'), planId, photo, 'laden.jpg', 'image/jpeg');
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ kind: 'image', contentType: 'image/jpeg', fileName: 'laden.jpg', state: 'processing' });
      expect(up.headers.get('cache-control')).toContain('private');

      await server.app.media.queue.idle();
      const one = await get('owner', `/api/plans/${planId}/attachments/${up.body.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ state: 'ready', width: 700, height: 1200 });
      expect(one.body.placeholder).toMatch(/^data:image\/webp;base64,/);
      // 700 px wide after rotation: the 320 width only (960 and 1920 would enlarge it), as WebP and AVIF.
      expect(one.body.variants.map((v: { name: string }) => v.name)).toEqual(['original', 'w320', 'avif320']);
      for (const v of one.body.variants) {
        const res = await fetch(server.url + v.url, { headers: { authorization: `Bearer ${token('owner')}` } });
        expect(res.status, v.name).toBe(200);
        expect(res.headers.get('cache-control'), v.name).toMatch(/^private/);
        expect(res.headers.get('content-type'), v.name).toBe(v.contentType);
        const data = Buffer.from(await res.arrayBuffer());
        expect(await hasGps(data), v.name).toBe(false);
        const meta = await sharp(data).metadata();
        expect(meta.exif, v.name).toBeUndefined();
        expect([meta.width, meta.height], v.name).toEqual([v.width, v.height]);
      }
      // The upload itself (with GPS) is not kept once the cleaned original exists.
      const keys = await blobKeys(planId);
      expect(keys.some((k) => k.endsWith('/upload'))).toBe(false);
      expect(keys).toHaveLength(3);
    });

    it('refuses a renamed .exe sent as photo.jpg with 415 naming the field, and stores nothing', async () => {
      const planId = await freshDraftPlan(world, 'Exe');
      const res = await uploadFile(server, token('designer'), planId, exe(), 'photo.jpg', 'image/jpeg');
      expect(res.status).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', key: 'media.unsupportedType' });
      expect(res.body.error.params.field).toBe('file');
      expect((await get('designer', `/api/plans/${planId}/attachments`)).body.attachments).toEqual([]);
      expect(await blobKeys(planId)).toEqual([]);
    });

    it('converts a real HEIC (HEVC) photo to JPEG and WebP with its pixels, and marks a broken one as failed', async () => {
      const planId = await freshDraftPlan(world, 'Heic');
      // 64×48, left half red, right half blue (tests/fixtures/make-heic.py wrote it with libheif and x265).
      const file = readFileSync(path.join(import.meta.dirname, '../../fixtures/two-colours.heic'));
      expect(file.subarray(4, 12).toString('latin1')).toBe('ftypheic');
      const res = await uploadFile(server, token('designer'), planId, file, 'IMG_0001.HEIC', 'image/heic');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ contentType: 'image/heic', kind: 'image' });
      await server.app.media.queue.idle();
      const one = await get('designer', `/api/plans/${planId}/attachments/${res.body.id}`);
      expect(one.body).toMatchObject({ state: 'ready', width: 64, height: 48 });
      const original = one.body.variants.find((v: { name: string }) => v.name === 'original');
      expect(original.contentType).toBe('image/jpeg');
      for (const name of ['original', 'w320']) {
        const f = await fetch(`${server.url}/api/plans/${planId}/attachments/${res.body.id}/files/${name}`, {
          headers: { authorization: `Bearer ${token('designer')}` },
        });
        expect(f.status).toBe(200);
        const { data, info } = await sharp(Buffer.from(await f.arrayBuffer()))
          .raw()
          .toBuffer({ resolveWithObject: true });
        expect([info.width, info.height]).toEqual([64, 48]);
        const px = (x: number, y: number) => [...data.subarray((y * 64 + x) * info.channels, (y * 64 + x) * info.channels + 3)];
        const [lr, , lb] = px(8, 24);
        const [rr, , rb] = px(56, 24);
        expect(lr).toBeGreaterThan(150);
        expect(lb).toBeLessThan(90);
        expect(rb).toBeGreaterThan(150);
        expect(rr).toBeLessThan(90);
      }

      // A file that only starts like a HEIC is taken, fails in processing, and says so.
      const broken = await uploadFile(server, token('designer'), planId, heic(), 'kaputt.heic', 'image/heic');
      expect(broken.status).toBe(201);
      await server.app.media.queue.idle();
      const failed = await get('designer', `/api/plans/${planId}/attachments/${broken.body.id}`);
      expect(failed.body).toMatchObject({ state: 'failed', failureKey: 'media.processingFailed' });
      expect(await heicSupported()).toBe(false); // npm's sharp: the conversion above ran through libheif (WASM)
    });

    it('answers a file over the per-file limit with 413 and stores nothing (streamed past the limit, and declared too large)', async () => {
      const planId = await freshDraftPlan(world, 'Groß');
      // Just over 1 MB: only counting the streamed bytes finds it.
      const justOver = Buffer.concat([await pdf(1), randomBytes(MB + 10 * 1024)]);
      const streamed = await uploadFile(server, token('designer'), planId, justOver, 'plan.pdf', 'application/pdf');
      expect(streamed.status).toBe(413);
      expect(streamed.body.error).toMatchObject({ key: 'media.fileTooLarge', params: { field: 'file', limitMb: 1 } });
      const declared = await uploadFile(server, token('designer'), planId, randomBytes(3 * MB), 'gross.jpg', 'image/jpeg');
      expect(declared.status).toBe(413);
      expect((await get('designer', `/api/plans/${planId}/attachments`)).body.attachments).toEqual([]);
      expect(await blobKeys(planId)).toEqual([]);
      // The server still answers on the same footing afterwards.
      expect((await uploadFile(server, token('designer'), planId, await smallPng(), 'ok.png', 'image/png')).status).toBe(201);
    });

    it('answers 413 once the plan’s space is used up, and stores nothing of that upload', async () => {
      const planId = await freshDraftPlan(world, 'Voll');
      const big = await pdf(2, 900 * 1024);
      expect(big.length).toBeGreaterThan(0.8 * MB);
      expect(big.length).toBeLessThan(MB);
      const first = await uploadFile(server, token('designer'), planId, big, 'a.pdf', 'application/pdf');
      expect(first.status).toBe(201);
      const before = await blobKeys(planId);
      const second = await uploadFile(server, token('designer'), planId, big, 'b.pdf', 'application/pdf');
      expect(second.status).toBe(413);
      expect(second.body.error.key).toBe('media.planFull');
      expect(await blobKeys(planId)).toEqual(before);
      const list = await get('designer', `/api/plans/${planId}/attachments`);
      expect(list.body.attachments).toHaveLength(1);
      expect(list.body).toMatchObject({ usedBytes: big.length, limitBytes: 1.5 * MB, maxFileBytes: MB });
    });

    it('keeps the plan limit when uploads race: of three at once that each fit alone, only two are stored', async () => {
      const planId = await freshDraftPlan(world, 'Gleichzeitig');
      const file = await pdf(1, 700 * 1024);
      const answers = await Promise.all(
        [1, 2, 3].map((n) => uploadFile(server, token('designer'), planId, file, `${n}.pdf`, 'application/pdf')),
      );
      // 1.5 MB per plan: two ~0.7 MB files fit, a third does not; whichever order they finish in.
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 413]);
      const list = await get('designer', `/api/plans/${planId}/attachments`);
      expect(list.body.attachments).toHaveLength(2);
      expect(list.body.usedBytes).toBeLessThanOrEqual(1.5 * MB);
      await server.app.media.queue.idle();
      // The two stored PDFs (each with its first-page preview and widths); nothing of the refused third.
      expect((await blobKeys(planId)).filter((k) => k.endsWith('/original.pdf'))).toHaveLength(2);
      expect(new Set((await blobKeys(planId)).map((k) => k.split('/')[3])).size).toBe(2);
    });

    it('refuses changes to the material of a withdrawn, done or deleted plan (409), and still shows it', async () => {
      const planId = await freshDraftPlan(world, 'Zu');
      const up = await uploadFile(server, token('designer'), planId, await smallPng(), 'a.png', 'image/png');
      await server.app.db.query(`update plans set status = 'withdrawn' where id = $1`, [planId]);
      const again = await uploadFile(server, token('designer'), planId, await smallPng(), 'b.png', 'image/png');
      expect(again.status).toBe(409);
      expect(again.body.error.key).toBe('media.planClosed');
      const del = await request(server, token('staff'), 'DELETE', `/api/plans/${planId}/attachments/${up.body.id}`);
      expect(del.status).toBe(409);
      expect((await get('owner', `/api/plans/${planId}/attachments`)).body.attachments).toHaveLength(1);
    });

    it('tells the plan room when an attachment is added, processed and deleted', async () => {
      const planId = await freshDraftPlan(world, 'Live');
      const rec = await connectRecorder(server, token('owner'));
      try {
        await rec.join(planId);
        const up = await uploadFile(server, token('designer'), planId, await smallPng(), 'live.png', 'image/png');
        await server.app.media.queue.idle();
        // Added, then processed.
        await waitFor(() => rec.of('attachments:changed').length >= 2 || undefined, 5000, 'two attachments:changed');
        expect(rec.of('attachments:changed').every((p) => p.planId === planId)).toBe(true);
        await request(server, token('designer'), 'DELETE', `/api/plans/${planId}/attachments/${up.body.id}`);
        await waitFor(() => rec.of('attachments:changed').length >= 3 || undefined, 5000, 'the deletion event');
      } finally {
        rec.close();
      }
    });

    // Watches the local store's temp file; the S3 store is handed the same stream (lib-storage reads it in parts of 5 MiB).
    if (backend === 'local')
      it('streams an upload into the store while it still arrives (never buffered whole)', async () => {
        const planId = await freshDraftPlan(world, 'Strom');
        // Bytes have reached the store when its temp file (local store: blobs/tmp/<uuid>) is not empty.
        const blobs = server.app.config.blobs;
        if (blobs.kind !== 'local') throw new Error('local store expected');
        const tmp = path.join(blobs.dir, 'tmp');
        const reachedStore = () =>
          existsSync(tmp) && readdirSync(tmp).some((f) => statSync(path.join(tmp, f)).size > 0) ? true : undefined;
        {
          const boundary = 'kq-test-boundary';
          const head = Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="gross.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
          );
          const firstPart = Buffer.concat([await pdf(1), randomBytes(200 * 1024)]);
          const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
          // The client sends the multipart head and the first 200 kB, then waits until the store has bytes,
          // and only then the rest: a server that read the whole body first would never see them (timeout).
          const body = new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(new Uint8Array(Buffer.concat([head, firstPart])));
              await waitFor(reachedStore, 10_000, 'the store receiving the first bytes');
              controller.enqueue(new Uint8Array(randomBytes(300 * 1024)));
              controller.enqueue(new Uint8Array(tail));
              controller.close();
            },
          });
          const res = await fetch(`${server.url}/api/plans/${planId}/attachments`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token('designer')}`,
              'content-type': `multipart/form-data; boundary=${boundary}`,
            },
            body,
            duplex: 'half',
          } as RequestInit);
          expect(res.status).toBe(201);
          expect((await res.json()).bytes).toBe(firstPart.length + 300 * 1024);
        }
      });

    it('takes comments on an attachment, named by its file, and marks them orphaned once it is deleted', async () => {
      const planId = await freshDraftPlan(world, 'Kommentare');
      const up = await uploadFile(server, token('designer'), planId, await smallPng(), 'moodboard.png', 'image/png');
      const anchor = { kind: 'attachment', id: up.body.id };
      const created = await request(server, token('owner'), 'POST', `/api/plans/${planId}/comments`, {
        body: 'Schöne Farben',
        anchor,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ anchor, anchorLabel: 'moodboard.png', orphaned: false });
      // An attachment of another plan, or none, is not an anchor here.
      const other = await freshDraftPlan(world, 'Fremd');
      const foreign = await request(server, token('owner'), 'POST', `/api/plans/${other}/comments`, { body: 'x', anchor });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.fields[0].path).toBe('anchor.id');
      await request(server, token('designer'), 'DELETE', `/api/plans/${planId}/attachments/${up.body.id}`);
      const list = await get('owner', `/api/plans/${planId}/comments`);
      expect(list.body.items.find((c: { id: string }) => c.id === created.body.id)).toMatchObject({ orphaned: true });
    });

    it('reads a PDF’s page count, renders its first page as a preview, and serves it as it is', async () => {
      const planId = await freshDraftPlan(world, 'PDF');
      // A4 portrait; the first page's upper half is red, the rest white; three pages.
      const doc = await PDFDocument.create();
      const first = doc.addPage([595, 842]);
      first.drawRectangle({ x: 0, y: 421, width: 595, height: 421, color: rgb(1, 0, 0) });
      doc.addPage();
      doc.addPage();
      const file = Buffer.from(await doc.save());
      const up = await uploadFile(server, token('designer'), planId, file, 'Konzept.pdf', 'application/pdf');
      expect(up.status).toBe(201);
      await server.app.media.queue.idle();
      const one = await get('designer', `/api/plans/${planId}/attachments/${up.body.id}`);
      expect(one.body).toMatchObject({ kind: 'pdf', state: 'ready', pageCount: 3, failureKey: null });
      const names = one.body.variants.map((v: { name: string }) => v.name);
      expect(names).toEqual(expect.arrayContaining(['original', 'preview', 'w320', 'w960']));
      // The preview, decoded: portrait A4 proportions, red at the top, white at the bottom.
      const previewRes = await fetch(`${server.url}/api/plans/${planId}/attachments/${up.body.id}/files/preview`, {
        headers: { authorization: `Bearer ${token('owner')}` },
      });
      expect(previewRes.status).toBe(200);
      expect(previewRes.headers.get('content-type')).toBe('image/png');
      const { data, info } = await sharp(Buffer.from(await previewRes.arrayBuffer()))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(info.height).toBeGreaterThanOrEqual(1000);
      expect(info.width / info.height).toBeCloseTo(595 / 842, 2);
      const at = (fx: number, fy: number) => {
        const o = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * info.channels;
        return [data[o], data[o + 1], data[o + 2]];
      };
      expect(at(0.5, 0.25)).toEqual([255, 0, 0]);
      expect(at(0.5, 0.75)).toEqual([255, 255, 255]);
      expect([one.body.width, one.body.height]).toEqual([info.width, info.height]);
      const thumb = await fetch(`${server.url}/api/plans/${planId}/attachments/${up.body.id}/files/w320`, {
        headers: { authorization: `Bearer ${token('owner')}` },
      });
      const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      expect([meta.format, meta.width]).toEqual(['webp', 320]);
      const res = await fetch(`${server.url}${one.body.variants[0].url}`, {
        headers: { authorization: `Bearer ${token('staff')}` },
      });
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    });

    it('lets members and staff read, refuses a non-member (403) on the attachment and its thumbnail, and the signed-out (401)', async () => {
      const planId = await freshDraftPlan(world, 'Zugriff');
      const up = await uploadFile(server, token('designer'), planId, await smallPng(400), 'bild.png', 'image/png');
      await server.app.media.queue.idle();
      const paths = [
        `/api/plans/${planId}/attachments`,
        `/api/plans/${planId}/attachments/${up.body.id}`,
        `/api/plans/${planId}/attachments/${up.body.id}/files/w320`,
        `/api/plans/${planId}/attachments/${up.body.id}/files/original`,
      ];
      for (const path of paths) {
        for (const role of ['staff', 'owner', 'designer'] as const)
          expect((await get(role, path)).status, `${role} ${path}`).toBe(200);
        for (const role of ['outsider', 'otherOwner'] as const)
          expect((await get(role, path)).status, `${role} ${path}`).toBe(403);
        expect((await get('anonymous', path)).status, path).toBe(401);
      }
      // A browser's cached copy is confirmed with a 304, for readers only.
      const thumb = `/api/plans/${planId}/attachments/${up.body.id}/files/w320`;
      const first = await fetch(server.url + thumb, { headers: { authorization: `Bearer ${token('owner')}` } });
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^".+"$/);
      const revalidate = (role: 'owner' | 'outsider') =>
        fetch(server.url + thumb, { headers: { authorization: `Bearer ${token(role)}`, 'if-none-match': etag } });
      const again = await revalidate('owner');
      expect(again.status).toBe(304);
      expect(again.headers.get('cache-control')).toMatch(/^private/);
      expect((await revalidate('outsider')).status).toBe(403);
      // Owners read but do not upload or delete.
      expect((await uploadFile(server, token('owner'), planId, await smallPng(), 'x.png')).status).toBe(403);
      expect((await request(server, token('owner'), 'DELETE', `/api/plans/${planId}/attachments/${up.body.id}`)).status).toBe(
        403,
      );
      // An attachment of another plan is not reachable through this one.
      const other = await freshDraftPlan(world, 'Anderer');
      expect((await get('staff', `/api/plans/${other}/attachments/${up.body.id}/files/w320`)).status).toBe(404);
    });

    it('deletes an attachment with all of its files', async () => {
      const planId = await freshDraftPlan(world, 'Löschen');
      const up = await uploadFile(server, token('designer'), planId, await smallPng(1000), 'weg.png', 'image/png');
      await server.app.media.queue.idle();
      expect((await blobKeys(planId)).length).toBeGreaterThanOrEqual(3);
      const del = await request(server, token('designer'), 'DELETE', `/api/plans/${planId}/attachments/${up.body.id}`);
      expect(del.status).toBe(204);
      expect(await blobKeys(planId)).toEqual([]);
      expect((await get('designer', `/api/plans/${planId}/attachments/${up.body.id}`)).status).toBe(404);
      expect((await get('designer', `/api/plans/${planId}/attachments/${up.body.id}/files/original`)).status).toBe(404);
    });

    it('removes the files of a deleted plan when the purge removes the plan', async () => {
      const planId = await freshDraftPlan(world, 'Verworfen');
      expect((await uploadFile(server, token('designer'), planId, await smallPng(), 'a.png', 'image/png')).status).toBe(201);
      await server.app.media.queue.idle();
      expect((await blobKeys(planId)).length).toBeGreaterThan(0);
      // Deleted longer ago than PLAN_RESTORE_DAYS (30 days by default).
      await server.app.db.query(`update plans set deleted_at = now() - interval '40 days' where id = $1`, [planId]);
      expect(await server.app.housekeeping.purge()).toContain(planId);
      expect(await blobKeys(planId)).toEqual([]);
    });

    it('marks an image that cannot be decoded as failed, keeps the upload and serves nothing of it', async () => {
      const planId = await freshDraftPlan(world, 'Kaputt');
      const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(6000)]);
      const up = await uploadFile(server, token('designer'), planId, broken, 'kaputt.jpg', 'image/jpeg');
      expect(up.status).toBe(201);
      await server.app.media.queue.idle();
      const one = await get('designer', `/api/plans/${planId}/attachments/${up.body.id}`);
      expect(one.body).toMatchObject({ state: 'failed', failureKey: 'media.processingFailed', variants: [] });
      expect((await blobKeys(planId)).some((k) => k.endsWith('/upload'))).toBe(true);
      expect((await get('designer', `/api/plans/${planId}/attachments/${up.body.id}/files/original`)).status).toBe(404);
    });
  });
}

describe('plan attachments while the S3 store is down', () => {
  let server: TestServer;
  let world: World;
  let s3: Awaited<ReturnType<typeof startS3>>;
  beforeAll(async () => {
    s3 = await startS3();
    server = await startServer({ env: { ...LIMITS, ...s3.env } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers uploads and file reads with 503 and Retry-After, and lists what the database knows', async () => {
    const planId = await freshDraftPlan(world, 'Ausfall');
    const up = await uploadFile(server, world.tokens.designer, planId, await smallPng(), 'a.png', 'image/png');
    expect(up.status).toBe(201);
    await server.app.media.queue.idle();
    await s3.close();
    const again = await uploadFile(server, world.tokens.designer, planId, await smallPng(), 'b.png', 'image/png');
    expect(again.status).toBe(503);
    expect(again.headers.get('retry-after')).toBeTruthy();
    const file = await request(server, world.tokens.designer, 'GET', `/api/plans/${planId}/attachments/${up.body.id}/files/w320`);
    expect(file.status).toBe(503);
    const list = await request(server, world.tokens.designer, 'GET', `/api/plans/${planId}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.attachments).toHaveLength(1);
    // Nothing of the refused upload was recorded.
    expect(list.body.attachments[0].fileName).toBe('a.png');
  });
});
