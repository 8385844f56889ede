import { randomBytes } from 'node:crypto';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { request } from '../../helpers/api.ts';
import { connectRecorder } from '../../helpers/sockets.ts';
import { hasGps, jpegWithGps, smallPng } from '../../helpers/media.ts';
import { floorPlanPng, uploadUnderlay } from '../../helpers/underlay.ts';
import { freshDraftPlan, type Role, type World } from '../accounts/fixtures.ts';

/**
 * The floor-plan underlay (issue 17) over real HTTP: upload by staff and the storefront's owner only;
 * the image read back with the permission checked on every read (staff, the owner, plan members; a
 * designer without a plan there 403, anonymous 401), without EXIF/GPS; the calibration validated at the
 * edge with 400s naming the field and broadcast to the plan rooms; a renamed program 415; replacing and
 * removing delete the old files from the BlobStore.
 */
describe('the floor-plan underlay', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });
  const sid = () => world.demo.storefrontIds[0];
  const tokenOf = (role: Role) => (role === 'anonymous' ? null : world.tokens[role]);
  const call = (role: Role, method: string, path: string, body?: unknown) => request(server, tokenOf(role), method, path, body);
  const keys = async (prefix = `storefronts/${sid()}/underlay/`) => (await server.app.blobs.list(prefix)).map((b) => b.key);
  const calibrate = (role: Role, body: unknown) => call(role, 'PATCH', `/api/storefronts/${sid()}/underlay`, body);
  const fieldsOf = (res: { body: any }) =>
    (res.body?.error?.fields ?? []).map((f: { path: string; key: string }) => `${f.path}:${f.key}`);

  it('takes an upload from staff and the owner only, and shows the image to staff, the owner and plan members', async () => {
    for (const role of ['designer', 'outsider', 'otherOwner', 'anonymous'] as const) {
      const res = await uploadUnderlay(server, tokenOf(role), sid(), await smallPng());
      expect(res.status, role).toBe(role === 'anonymous' ? 401 : 403);
    }
    expect(await keys()).toEqual([]);

    const photo = await jpegWithGps(900, 600, 6);
    const up = await uploadUnderlay(server, world.tokens.owner, sid(), photo, 'plan.jpg', 'image/jpeg');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      storefrontId: sid(),
      state: 'processing',
      contentType: 'image/jpeg',
      fileName: 'plan.jpg',
      imageUrl: null,
    });
    await server.app.underlays.queue.idle();

    const expected: Record<Role, number> = {
      staff: 200,
      owner: 200,
      designer: 200,
      otherOwner: 403,
      outsider: 403,
      anonymous: 401,
    };
    let imageUrl = '';
    for (const [role, status] of Object.entries(expected) as [Role, number][]) {
      const meta = await call(role, 'GET', `/api/storefronts/${sid()}/underlay`);
      expect(meta.status, `${role} metadata`).toBe(status);
      if (status === 200) {
        // Auto-rotated (orientation 6 swaps the sides), ready, with its URL.
        expect(meta.body.underlay).toMatchObject({ state: 'ready', width: 600, height: 900 });
        imageUrl = meta.body.underlay.imageUrl;
      }
    }
    expect(imageUrl).toBe(`/api/storefronts/${sid()}/underlay/${up.body.id}/image`);
    for (const [role, status] of Object.entries(expected) as [Role, number][]) {
      const headers: Record<string, string> = {};
      if (tokenOf(role)) headers.authorization = `Bearer ${tokenOf(role)}`;
      const res = await fetch(server.url + imageUrl, { headers });
      expect(res.status, `${role} image`).toBe(status);
      if (status !== 200) continue;
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toContain('private');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(await hasGps(bytes)).toBe(false);
      expect((await sharp(bytes).metadata()).width).toBe(600);
    }
    // Only the clean image is kept: the upload with its GPS data is gone.
    expect(await keys()).toEqual([`storefronts/${sid()}/underlay/${up.body.id}/image.webp`]);

    // A designer who joins a plan at the storefront may read it; once that plan is deleted, no more.
    const planId = await freshDraftPlan(world, 'Unterlage-Mitglied');
    await server.app.db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      planId,
      world.userIds.outsider,
    ]);
    expect((await call('outsider', 'GET', imageUrl)).status).toBe(200);
    await server.app.db.query('update plans set deleted_at = now() where id = $1', [planId]);
    expect((await call('outsider', 'GET', imageUrl)).status).toBe(403);
  });

  it('validates the calibration at the edge, naming the field, and tells the open plans', async () => {
    // 1000 × 500 pixels: points outside it are refused by the service.
    const up = await uploadUnderlay(
      server,
      world.tokens.staff,
      sid(),
      await floorPlanPng(1000, 500, [
        { x: 100, y: 100 },
        { x: 350, y: 100 },
      ]),
    );
    expect(up.status).toBe(201);
    const early = await calibrate('staff', { scale: { p1: { x: 100, y: 100 }, p2: { x: 350, y: 100 }, distanceCm: 500 } });
    // Before processing ends the points cannot be checked against the image (unless it was very quick).
    expect([200, 409]).toContain(early.status);
    await server.app.underlays.queue.idle();

    const p = (x: number, y: number) => ({ x, y });
    const cases: [unknown, string[]][] = [
      [{ scale: { p1: p(100, 100), p2: p(350, 100), distanceCm: 0 } }, ['scale.distanceCm:field.tooSmall']],
      [{ scale: { p1: p(100, 100), p2: p(350, 100), distanceCm: -5 } }, ['scale.distanceCm:field.tooSmall']],
      [{ scale: { p1: p(100, 100), p2: p(100, 100), distanceCm: 500 } }, ['scale.p2:underlay.pointsEqual']],
      [{ scale: { p1: p(100, 100), p2: p(350, 100) } }, ['scale.distanceCm:field.required']],
      [{ opacity: 1.5 }, ['opacity:field.tooBig']],
      [{ opacity: -0.1 }, ['opacity:field.tooSmall']],
      [{ rotationDeg: 'Infinity' }, ['rotationDeg:field.invalidType']],
      [{ offsetXCm: 'NaN' }, ['offsetXCm:field.invalidType']],
      [{ offsetYCm: 1e12 }, ['offsetYCm:field.tooBig']],
      [{ scale: { p1: p(-1, 100), p2: p(350, 100), distanceCm: 500 } }, ['scale.p1.x:field.tooSmall']],
      [
        { scale: { p1: p(1200, 100), p2: p(350, 600), distanceCm: 500 } },
        ['scale.p1.x:underlay.pointOutside', 'scale.p2.y:underlay.pointOutside'],
      ],
      [{ zoom: 2 }, ['zoom:field.unknown']],
    ];
    for (const [body, fields] of cases) {
      const res = await calibrate('staff', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    // A number JSON cannot hold (1e999 parses to Infinity) is no number either.
    const inf = await fetch(`${server.url}/api/storefronts/${sid()}/underlay`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${world.tokens.staff}`, 'content-type': 'application/json' },
      body: '{"rotationDeg": 1e999}',
    });
    expect(inf.status).toBe(400);
    expect(JSON.stringify(await inf.json())).toContain('rotationDeg');

    // Designers of the plan may look, not change; the others not even that.
    expect((await calibrate('designer', { opacity: 0.3 })).status).toBe(403);
    expect((await calibrate('otherOwner', { opacity: 0.3 })).status).toBe(403);
    expect((await calibrate('anonymous', { opacity: 0.3 })).status).toBe(401);

    // A valid calibration is stored and reaches the plan room of the storefront's plan at once.
    const rec = await connectRecorder(server, world.tokens.designer);
    try {
      await rec.join(world.planId);
      const ok = await calibrate('owner', {
        scale: { p1: p(100, 100), p2: p(350, 100), distanceCm: 500 },
        rotationDeg: 12.5,
        offsetXCm: -40,
        offsetYCm: 30,
        opacity: 0.35,
      });
      expect(ok.status).toBe(200);
      expect(ok.body.calibration).toEqual({
        scale: { p1: p(100, 100), p2: p(350, 100), distanceCm: 500 },
        cmPerPx: 2,
        rotationDeg: 12.5,
        offsetXCm: -40,
        offsetYCm: 30,
        opacity: 0.35,
      });
      const heard = await rec.first('underlay:changed', (e) => e.underlay?.calibration.opacity === 0.35);
      expect(heard.storefrontId).toBe(sid());
      expect(heard.underlay?.calibration.cmPerPx).toBe(2);
      // The stored row says the same (a later GET).
      expect((await call('designer', 'GET', `/api/storefronts/${sid()}/underlay`)).body.underlay.calibration.rotationDeg).toBe(
        12.5,
      );
      // Forgetting the points keeps the placement.
      const cleared = await calibrate('staff', { scale: null });
      expect(cleared.body.calibration).toMatchObject({ scale: null, cmPerPx: null, rotationDeg: 12.5, opacity: 0.35 });
    } finally {
      rec.close();
    }
  });

  it('answers 415 for a renamed program and a text file, storing nothing; a PDF floor plan is drawn from its first page', async () => {
    const before = await keys();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), randomBytes(9000)]);
    const res = await uploadUnderlay(server, world.tokens.staff, sid(), exe, 'grundriss.png', 'image/png');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', key: 'underlay.unsupportedType' });
    expect(res.body.error.params.field).toBe('file');
    // A text file named .jpg (too short to sniff in one chunk) too.
    const txt = await uploadUnderlay(
      server,
      world.tokens.staff,
      sid(),
      Buffer.from('nur Text, kein Bild'),
      'plan.jpg',
      'image/jpeg',
    );
    expect(txt.status).toBe(415);

    expect(await keys()).toEqual(before);

    // A PDF: its first page (a red square on white, landscape A4) becomes the underlay's image.
    const doc = await PDFDocument.create();
    const page = doc.addPage([842, 595]);
    page.drawRectangle({ x: 0, y: 0, width: 421, height: 595, color: rgb(0.9, 0.1, 0.1) });
    doc.addPage();
    const pdf = Buffer.from(await doc.save());
    const asPdf = await uploadUnderlay(server, world.tokens.staff, sid(), pdf, 'grundriss.pdf', 'application/pdf');
    expect(asPdf.status).toBe(201);
    await server.app.underlays.queue.idle();
    const shown = await call('staff', 'GET', `/api/storefronts/${sid()}/underlay`);
    expect(shown.body.underlay).toMatchObject({ state: 'ready' });
    const image = await fetch(`${server.url}${shown.body.underlay.imageUrl}`, {
      headers: { authorization: `Bearer ${world.tokens.staff}` },
    });
    expect(image.status).toBe(200);
    const drawn = sharp(Buffer.from(await image.arrayBuffer()));
    const meta = await drawn.metadata();
    expect(meta.width! / meta.height!).toBeCloseTo(842 / 595, 1);
    // stats() reads the input, not the pipeline, so each strip is cut out into a buffer of its own first.
    const strip = async (left: number) =>
      sharp(
        await drawn
          .clone()
          .extract({ left, top: 0, width: Math.floor(meta.width! / 4), height: meta.height! })
          .toBuffer(),
      ).stats();
    const left = await strip(0);
    const right = await strip(Math.floor((meta.width! * 3) / 4));
    expect(left.channels[0]!.mean).toBeGreaterThan(180);
    expect(left.channels[1]!.mean).toBeLessThan(80);
    expect(right.channels[1]!.mean).toBeGreaterThan(200);
  });

  it('deletes the old files when the underlay is replaced or removed', async () => {
    const first = await uploadUnderlay(server, world.tokens.staff, sid(), await smallPng(64));
    expect(first.status).toBe(201);
    await server.app.underlays.queue.idle();
    expect(await keys(`storefronts/${sid()}/underlay/${first.body.id}/`)).toEqual([
      `storefronts/${sid()}/underlay/${first.body.id}/image.webp`,
    ]);
    expect((await calibrate('staff', { rotationDeg: 90, offsetXCm: 15, opacity: 0.8 })).status).toBe(200);

    const second = await uploadUnderlay(server, world.tokens.owner, sid(), await smallPng(80, { r: 10, g: 200, b: 10 }));
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    // The placement stays, the old image is gone from the store and from its URL.
    expect(second.body.calibration).toMatchObject({ rotationDeg: 90, offsetXCm: 15, opacity: 0.8, scale: null });
    expect(await keys(`storefronts/${sid()}/underlay/${first.body.id}/`)).toEqual([]);
    expect((await call('staff', 'GET', `/api/storefronts/${sid()}/underlay/${first.body.id}/image`)).status).toBe(404);
    await server.app.underlays.queue.idle();
    expect(await keys()).toEqual([`storefronts/${sid()}/underlay/${second.body.id}/image.webp`]);
    const img = await call('designer', 'GET', `/api/storefronts/${sid()}/underlay/${second.body.id}/image`);
    expect(img.status).toBe(200);

    expect((await call('designer', 'DELETE', `/api/storefronts/${sid()}/underlay`)).status).toBe(403);
    expect((await call('owner', 'DELETE', `/api/storefronts/${sid()}/underlay`)).status).toBe(204);
    expect(await keys()).toEqual([]);
    expect((await call('staff', 'GET', `/api/storefronts/${sid()}/underlay`)).body).toMatchObject({ underlay: null });
    expect((await call('staff', 'DELETE', `/api/storefronts/${sid()}/underlay`)).status).toBe(404);
    expect((await call('staff', 'GET', `/api/storefronts/${sid()}/underlay/${second.body.id}/image`)).status).toBe(404);
  });

  it('says when an image cannot be processed, and serves nothing of it', async () => {
    // A JPEG's first bytes, then noise: accepted by content, broken for the decoder.
    const broken = Buffer.concat([(await jpegWithGps(64, 64)).subarray(0, 200), randomBytes(6000)]);
    const up = await uploadUnderlay(server, world.tokens.staff, sid(), broken, 'kaputt.jpg', 'image/jpeg');
    expect(up.status).toBe(201);
    await server.app.underlays.queue.idle();
    const { underlay } = (await call('owner', 'GET', `/api/storefronts/${sid()}/underlay`)).body;
    expect(underlay).toMatchObject({ id: up.body.id, state: 'failed', failureKey: 'underlay.processingFailed', imageUrl: null });
    const img = await call('staff', 'GET', `/api/storefronts/${sid()}/underlay/${up.body.id}/image`);
    expect(img.status).toBe(404);
    expect(img.body.error.key).toBe('underlay.processingFailed');
    // Points need a processed image.
    const early = await calibrate('staff', { scale: { p1: { x: 1, y: 1 }, p2: { x: 5, y: 1 }, distanceCm: 10 } });
    expect(early.status).toBe(409);
    expect(early.body.error.key).toBe('underlay.processing');
    expect((await call('staff', 'DELETE', `/api/storefronts/${sid()}/underlay`)).status).toBe(204);
    expect(await keys()).toEqual([]);
  });

  it('keeps the image when two instances process the same upload (both resumed it)', async () => {
    const up = await uploadUnderlay(server, world.tokens.staff, sid(), await smallPng(48));
    await server.app.underlays.queue.idle();
    // Back to where a restart leaves it: processing, with its upload stored.
    await server.app.db.query(`update storefront_underlays set state = 'processing' where id = $1`, [up.body.id]);
    await server.app.blobs.put(`storefronts/${sid()}/underlay/${up.body.id}/upload`, await smallPng(48), {
      contentType: 'image/png',
    });
    await Promise.all([server.app.underlays.process(up.body.id), server.app.underlays.process(up.body.id)]);
    const meta = (await call('staff', 'GET', `/api/storefronts/${sid()}/underlay`)).body.underlay;
    expect(meta.state).toBe('ready');
    expect((await call('designer', 'GET', meta.imageUrl)).status).toBe(200);
    expect(await keys()).toEqual([`storefronts/${sid()}/underlay/${up.body.id}/image.webp`]);
  });

  it('answers 413 over the file limit and 404 for an unknown storefront', async () => {
    const big = Buffer.alloc(server.app.underlays.limits.maxFileBytes + 200 * 1024, 1);
    const res = await uploadUnderlay(server, world.tokens.staff, sid(), big);
    expect(res.status).toBe(413);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call('staff', 'GET', `/api/storefronts/${unknown}/underlay`)).status).toBe(404);
    expect((await uploadUnderlay(server, world.tokens.staff, unknown, await smallPng())).status).toBe(404);
  });
});
