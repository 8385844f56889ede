import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3 } from '@planner/server/platform/blobs/test-s3';
import { publicImagesForPlans } from '@planner/server/modules/media/plugin';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { request } from '../../helpers/api.ts';
import { jpegWithGps, hasGps, smallPng, uploadFile, uploadTo } from '../../helpers/media.ts';
import { createWorld, freshDraftPlan, testDb, type Role, type World } from '../accounts/fixtures.ts';

/**
 * Pictures and public visibility (issue 17) over HTTP, on both stores (local files, and S3 on s3rver):
 * storefront photos (private by default, public at content-hashed URLs the owner controls), plan images
 * shown in the programme, `publicImagesForPlans`, images in comments, and the purge of a gone storefront's photos.
 */
for (const backend of ['local', 's3'] as const) {
  describe(`pictures (${backend} store)`, () => {
    let server: TestServer;
    let world: World;
    let s3: Awaited<ReturnType<typeof startS3>> | undefined;
    const token = (role: Role) => (role === 'anonymous' ? null : world.tokens[role]);
    const call = (role: Role, method: string, path: string, body?: unknown) => request(server, token(role), method, path, body);
    const raw = (role: Role, path: string) =>
      fetch(`${server.url}${path}`, { headers: role === 'anonymous' ? {} : { authorization: `Bearer ${token(role)}` } });
    const storefront = () => world.demo.storefrontIds[0];
    const photos = () => `/api/storefronts/${storefront()}/photos`;

    async function uploadPhoto(role: Role, kind = 'interior', data?: Buffer) {
      const res = await uploadTo(
        server,
        token(role),
        `${photos()}?kind=${kind}`,
        data ?? (await smallPng(400)),
        'laden.png',
        'image/png',
      );
      await server.app.media.queue.idle();
      return res;
    }

    beforeAll(async () => {
      if (backend === 's3') s3 = await startS3();
      server = await startServer({ env: s3?.env ?? {} });
      expect(server.app.blobs.kind).toBe(backend);
      world = await createWorld(server);
    });
    afterAll(async () => {
      await server?.close();
      await s3?.close();
    });

    it('keeps a new storefront photo private: staff, the owner and plan members see it; others get 403, the signed-out 401', async () => {
      const up = await uploadPhoto('owner', 'facade', await jpegWithGps(1200, 800));
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ kind: 'facade', public: false, publicUrl: null, state: 'processing' });
      const id = up.body.id;
      for (const role of ['staff', 'owner', 'designer'] as const) {
        const list = await call(role, 'GET', photos());
        expect(list.status, role).toBe(200);
        expect(
          list.body.photos.map((p: { id: string }) => p.id),
          role,
        ).toContain(id);
        const file = await raw(role, `${photos()}/${id}/files/w320`);
        expect(file.status, role).toBe(200);
        expect(file.headers.get('cache-control')).toContain('private');
        expect(await hasGps(Buffer.from(await file.arrayBuffer()))).toBe(false);
      }
      expect((await call('owner', 'GET', photos())).body.canManage).toBe(true);
      expect((await call('designer', 'GET', photos())).body.canManage).toBe(false);
      for (const role of ['outsider', 'otherOwner'] as const) {
        const list = await call(role, 'GET', photos());
        expect(
          list.body.photos.map((p: { id: string }) => p.id),
          role,
        ).not.toContain(id);
        expect((await raw(role, `${photos()}/${id}/files/w320`)).status, role).toBe(403);
        expect((await raw(role, `${photos()}/${id}/files/original`)).status, role).toBe(403);
      }
      expect((await raw('anonymous', `${photos()}/${id}/files/w320`)).status).toBe(401);
      expect((await call('anonymous', 'GET', photos())).status).toBe(401);
      // Its content-hashed public URL exists already (the hash is in the database), but answers 404 while private.
      const db = await testDb();
      const { rows } = await db.query<{ public_hash: string }>('select public_hash from storefront_photos where id = $1', [id]);
      expect(rows[0].public_hash).toMatch(/^[0-9a-f]{64}$/);
      expect((await raw('anonymous', `/media/public/${rows[0].public_hash}/w320.webp`)).status).toBe(404);
      expect((await raw('staff', `/media/public/${rows[0].public_hash}/w320.webp`)).status).toBe(404);
    });

    it('lets the owner (and staff) make a photo public: it loads signed out with a year-long immutable cache; private again is 404 at once', async () => {
      const up = await uploadPhoto('owner', 'window');
      const id = up.body.id;
      // Plan members may look but not publish; other owners may do nothing.
      expect((await call('designer', 'PATCH', `${photos()}/${id}`, { public: true })).status).toBe(403);
      expect((await call('otherOwner', 'PATCH', `${photos()}/${id}`, { public: true })).status).toBe(403);
      expect((await call('anonymous', 'PATCH', `${photos()}/${id}`, { public: true })).status).toBe(401);
      const made = await call('owner', 'PATCH', `${photos()}/${id}`, { public: true, caption: 'Schaufenster zur Straße' });
      expect(made.status).toBe(200);
      expect(made.body).toMatchObject({ public: true, caption: 'Schaufenster zur Straße' });
      const url: string = made.body.publicUrl;
      expect(url).toMatch(/^\/media\/public\/[0-9a-f]{64}\/w320\.webp$/);

      const res = await raw('anonymous', url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 320]);
      // Signed-in people without relation see it in the list now, and through the app too.
      const outsiderList = await call('outsider', 'GET', photos());
      expect(outsiderList.body.photos.map((p: { id: string }) => p.id)).toContain(id);
      expect((await raw('outsider', `${photos()}/${id}/files/w320`)).status).toBe(200);
      // Other public names of the same picture work; unknown ones and bad names do not.
      const hash = url.split('/')[3];
      expect((await raw('anonymous', `/media/public/${hash}/original.png`)).status).toBe(200);
      expect((await raw('anonymous', `/media/public/${hash}/w960.webp`)).status).toBe(404);
      expect((await raw('anonymous', `/media/public/${'0'.repeat(64)}/w320.webp`)).status).toBe(404);
      expect((await raw('anonymous', `/media/public/${hash}/..%2Fupload`)).status).toBe(400);

      // Staff may take it private too; the URL fails at once.
      const hidden = await call('staff', 'PATCH', `${photos()}/${id}`, { public: false });
      expect(hidden.body).toMatchObject({ public: false, publicUrl: null });
      expect((await raw('anonymous', url)).status).toBe(404);
      expect((await call('outsider', 'GET', photos())).body.photos.map((p: { id: string }) => p.id)).not.toContain(id);
      expect((await raw('outsider', `${photos()}/${id}/files/w320`)).status).toBe(403);
    });

    it('reorders the gallery (every photo once), refuses a wrong list, and deletes a photo with its files', async () => {
      const a = (await uploadPhoto('staff')).body.id;
      const b = (await uploadPhoto('staff')).body.id;
      const all = (await call('owner', 'GET', photos())).body.photos.map((p: { id: string }) => p.id);
      const reordered = [b, ...all.filter((x: string) => x !== b)];
      const res = await call('owner', 'PUT', `${photos()}/order`, { ids: reordered });
      expect(res.status).toBe(200);
      expect(res.body.photos.map((p: { id: string }) => p.id)).toEqual(reordered);
      expect(res.body.photos.map((p: { position: number }) => p.position)).toEqual(reordered.map((_: string, i: number) => i));
      const wrong = await call('owner', 'PUT', `${photos()}/order`, { ids: [a] });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.fields[0].path).toBe('ids');
      expect((await call('designer', 'PUT', `${photos()}/order`, { ids: reordered })).status).toBe(403);

      const keys = async () => (await server.app.blobs.list(`storefronts/${storefront()}/photos/${a}/`)).length;
      expect(await keys()).toBeGreaterThan(0);
      expect((await call('designer', 'DELETE', `${photos()}/${a}`)).status).toBe(403);
      expect((await call('owner', 'DELETE', `${photos()}/${a}`)).status).toBe(204);
      expect(await keys()).toBe(0);
    });

    it('takes images only for storefront photos (415 for a PDF), and an unknown storefront is 404', async () => {
      const doc = await PDFDocument.create();
      doc.addPage();
      const pdf = Buffer.from(await doc.save());
      const res = await uploadTo(server, token('owner'), photos(), pdf, 'grundriss.pdf', 'application/pdf');
      expect(res.status).toBe(415);
      expect(res.body.error).toMatchObject({ key: 'media.imageOnly', params: { field: 'file' } });
      const unknown = await call('staff', 'GET', `/api/storefronts/${crypto.randomUUID()}/photos`);
      expect(unknown.status).toBe(404);
    });

    it('shows a plan image in the programme only while marked and the plan is published, and falls back to a public storefront photo', async () => {
      const db = await testDb();
      const planId = await freshDraftPlan(world, 'Programmbild');
      const up = await uploadFile(server, token('designer'), planId, await smallPng(1200), 'rendering.png', 'image/png');
      await server.app.media.queue.idle();
      const path = `/api/plans/${planId}/attachments/${up.body.id}/public`;
      expect((await call('owner', 'PUT', path, { public: true })).status).toBe(403);
      expect((await call('outsider', 'PUT', path, { public: true })).status).toBe(403);
      const marked = await call('designer', 'PUT', path, { public: true });
      expect(marked.status).toBe(200);
      // Marked, but the plan is a draft: nothing public yet.
      expect(marked.body).toMatchObject({ public: true, publicUrl: null });
      expect((await publicImagesForPlans(server.app.db, [planId])).get(planId)?.url).toBeUndefined();

      await db.query(`update plans set status = 'published' where id = $1`, [planId]);
      const one = await call('owner', 'GET', `/api/plans/${planId}/attachments/${up.body.id}`);
      const url: string = one.body.publicUrl;
      expect(url).toMatch(/^\/media\/public\/[0-9a-f]{64}\/w960\.webp$/);
      const images = await server.app.media.publicImagesForPlans([planId]);
      expect(images.get(planId)).toEqual({ url, width: 960, height: 960, alt: 'Programmbild' });
      const res = await raw('anonymous', url);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

      // Un-publishing the plan makes the URL fail at once, and so does un-marking the image.
      await db.query(`update plans set status = 'approved' where id = $1`, [planId]);
      expect((await raw('anonymous', url)).status).toBe(404);
      expect((await publicImagesForPlans(server.app.db, [planId])).get(planId)?.url).not.toBe(url);
      await db.query(`update plans set status = 'published' where id = $1`, [planId]);
      expect((await raw('anonymous', url)).status).toBe(200);
      await call('designer', 'PUT', path, { public: false });
      expect((await raw('anonymous', url)).status).toBe(404);

      // Without a public plan image: the storefront's first public photo.
      const photo = (await uploadPhoto('owner')).body.id;
      const made = await call('owner', 'PATCH', `${photos()}/${photo}`, { public: true, caption: 'Innenraum' });
      await call('owner', 'PUT', `${photos()}/order`, {
        ids: [
          photo,
          ...(await call('owner', 'GET', photos())).body.photos
            .map((p: { id: string }) => p.id)
            .filter((x: string) => x !== photo),
        ],
      });
      const fallback = (await publicImagesForPlans(server.app.db, [planId])).get(planId);
      expect(fallback).toEqual({ url: made.body.publicUrl, width: 320, height: 320, alt: 'Innenraum' });
      await call('owner', 'PATCH', `${photos()}/${photo}`, { public: false });
    });

    it('attaches images to a comment: commenters upload them, readers of the plan see them, others get 403', async () => {
      const planId = await freshDraftPlan(world, 'Kommentarbilder');
      // The owner comments (and may attach images) although the Material is not theirs to change.
      const up = await uploadTo(
        server,
        token('owner'),
        `/api/plans/${planId}/attachments?purpose=comment`,
        await smallPng(500),
        'schaden.png',
        'image/png',
      );
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ purpose: 'comment', commentId: null });
      expect((await uploadFile(server, token('owner'), planId, await smallPng(), 'm.png', 'image/png')).status).toBe(403);
      const pdf = await PDFDocument.create();
      pdf.addPage();
      const asPdf = await uploadTo(
        server,
        token('owner'),
        `/api/plans/${planId}/attachments?purpose=comment`,
        Buffer.from(await pdf.save()),
        'a.pdf',
      );
      expect(asPdf.status).toBe(415);
      await server.app.media.queue.idle();

      // Someone else's image cannot be attached.
      const foreign = await call('designer', 'POST', `/api/plans/${planId}/comments`, {
        body: 'Meins?',
        mentions: [],
        imageIds: [up.body.id],
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.fields[0].path).toBe('imageIds');
      const created = await call('owner', 'POST', `/api/plans/${planId}/comments`, {
        body: 'Hier ist die Wand beschädigt.',
        mentions: [],
        imageIds: [up.body.id],
      });
      expect(created.status).toBe(201);
      expect(created.body.images).toHaveLength(1);
      const image = created.body.images[0];
      expect(image).toMatchObject({ id: up.body.id, state: 'ready', width: 500, height: 500 });
      expect(image.thumbUrl).toBe(`/api/plans/${planId}/attachments/${up.body.id}/files/w320`);
      // Attached once only.
      const again = await call('owner', 'POST', `/api/plans/${planId}/comments`, {
        body: 'Nochmal',
        mentions: [],
        imageIds: [up.body.id],
      });
      expect(again.status).toBe(400);

      const listed = await call('designer', 'GET', `/api/plans/${planId}/comments`);
      expect(listed.body.items.find((c: { id: string }) => c.id === created.body.id).images[0].id).toBe(up.body.id);
      // Not part of the Material tab.
      expect((await call('designer', 'GET', `/api/plans/${planId}/attachments`)).body.attachments).toEqual([]);
      for (const role of ['staff', 'owner', 'designer'] as const)
        expect((await raw(role, image.thumbUrl)).status, role).toBe(200);
      for (const role of ['outsider', 'otherOwner'] as const) expect((await raw(role, image.thumbUrl)).status, role).toBe(403);
      expect((await raw('anonymous', image.thumbUrl)).status).toBe(401);
      // Never public, even if someone tried.
      expect(
        (await call('designer', 'PUT', `/api/plans/${planId}/attachments/${up.body.id}/public`, { public: true })).status,
      ).toBe(409);

      // Deleting the comment deletes its images with their files.
      const keys = async () => (await server.app.blobs.list(`plans/${planId}/attachments/${up.body.id}/`)).length;
      expect(await keys()).toBeGreaterThan(0);
      expect((await call('owner', 'DELETE', `/api/plans/${planId}/comments/${created.body.id}`)).status).toBe(204);
      expect(await keys()).toBe(0);
      expect((await raw('owner', image.thumbUrl)).status).toBe(404);
      const after = await call('designer', 'GET', `/api/plans/${planId}/comments`);
      expect(after.body.items.find((c: { id: string }) => c.id === created.body.id)).toMatchObject({ deleted: true, images: [] });
    });

    it('removes images uploaded for a comment that was never written, a day later', async () => {
      const db = await testDb();
      const planId = await freshDraftPlan(world, 'Verwaist');
      const path = `/api/plans/${planId}/attachments?purpose=comment`;
      const old = await uploadTo(server, token('designer'), path, await smallPng(), 'alt.png', 'image/png');
      const fresh = await uploadTo(server, token('designer'), path, await smallPng(), 'neu.png', 'image/png');
      await server.app.media.queue.idle();
      await db.query(`update plan_attachments set created_at = now() - interval '25 hours' where id = $1`, [old.body.id]);
      const keys = async (id: string) => (await server.app.blobs.list(`plans/${planId}/attachments/${id}/`)).length;
      expect(await keys(old.body.id)).toBeGreaterThan(0);
      await server.app.housekeeping.purge();
      expect(await keys(old.body.id)).toBe(0);
      expect((await call('designer', 'GET', `/api/plans/${planId}/attachments/${old.body.id}`)).status).toBe(404);
      expect(await keys(fresh.body.id)).toBeGreaterThan(0);
      expect((await call('designer', 'GET', `/api/plans/${planId}/attachments/${fresh.body.id}`)).status).toBe(200);
    });

    it('removes the photos’ files of a storefront that is gone for good', async () => {
      const db = await testDb();
      const quarterId = (await call('staff', 'GET', `/api/storefronts/${storefront()}`)).body.quarterId;
      const created = await call('staff', 'POST', '/api/storefronts', {
        quarterId,
        title: 'Abriss',
        address: 'Testweg 1, 44135 Dortmund',
        lat: 51.51,
        lng: 7.46,
        areaM2: 40,
        outline: [
          { x: 0, y: 0 },
          { x: 500, y: 0 },
          { x: 500, y: 800 },
        ],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const sid = created.body.id;
      const up = await uploadTo(server, token('staff'), `/api/storefronts/${sid}/photos`, await smallPng(), 'a.png', 'image/png');
      expect(up.status).toBe(201);
      await server.app.media.queue.idle();
      expect((await server.app.blobs.list(`storefronts/${sid}/`)).length).toBeGreaterThan(0);
      // Still there: nothing is purged.
      await server.app.housekeeping.purge();
      expect((await server.app.blobs.list(`storefronts/${sid}/`)).length).toBeGreaterThan(0);
      await db.query('delete from storefronts where id = $1', [sid]);
      await server.app.housekeeping.purge();
      expect(await server.app.blobs.list(`storefronts/${sid}/`)).toEqual([]);
    });
  });
}
