import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { request } from '../../helpers/api.ts';
import { connectRecorder } from '../../helpers/sockets.ts';
import { hasGps, jpegWithGps, smallPng, uploadTo } from '../../helpers/media.ts';
import { freshDraftPlan, testDb, type Role, type World } from '../accounts/fixtures.ts';

/** Text and image list of a PDF by poppler-utils (Debian's pdftotext and pdfimages). */
function popplerOf(pdf: Uint8Array): { text: string; images: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-pdf-'));
  try {
    const file = path.join(dir, 'p.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const list = execFileSync('/usr/bin/pdfimages', ['-list', file], { encoding: 'utf8' });
    // Two header lines, then one line per image.
    const images = list.trim().split('\n').slice(2).filter(Boolean).length;
    return { text, images };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pdfOf(
  server: TestServer,
  token: string,
  url: string,
): Promise<{ status: number; type: string; data: Uint8Array }> {
  const res = await fetch(server.url + url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', data: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * Handover protocols (issue 18) over real HTTP: created and filled in by the plan's designers, photos of
 * zones, meters and defects through the media capability (no GPS served), refusals (the owner cannot
 * edit, a non-member cannot read, a bad body names its field, a non-lead designer cannot confirm), the two
 * confirmations lock it (edits 409), an addendum after the lock, the PDF with the photos and both
 * confirmations (pdftotext, pdfimages, pdf-lib), and the mail with the PDF to the owner and staff.
 */
describe('handover protocols', () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(({ server: s, world: w }) => {
    server = s;
    world = w;
  });
  const tokenOf = (role: Role) => (role === 'anonymous' ? null : world.tokens[role]);
  const call = (role: Role, method: string, p: string, body?: unknown) => request(server, tokenOf(role), method, p, body);
  const fieldsOf = (res: { body: any }) => (res.body?.error?.fields ?? []).map((f: { path: string }) => f.path);

  it('is filled in, photographed, confirmed by both sides, locked, amended, exported and mailed', async () => {
    const planId = await freshDraftPlan(world, 'Übergabe-Test');
    const db = await testDb();
    // designer2 joins as a second designer: may edit, but is not the lead.
    await db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer')`, [
      planId,
      world.demo.users.designer2.id,
    ]);
    const base = `/api/plans/${planId}/handover`;
    const mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
    const owner = await connectRecorder(server, world.tokens.owner);
    await owner.join(planId);

    // Refusals before anything exists.
    expect((await call('owner', 'POST', base, { kind: 'einzug' })).status).toBe(403);
    expect((await call('outsider', 'GET', base)).status).toBe(403);
    expect((await call('otherOwner', 'GET', base)).status).toBe(403);
    expect((await call('anonymous', 'GET', base)).status).toBe(401);
    const badKind = await call('designer', 'POST', base, { kind: 'umzug' });
    expect(badKind.status).toBe(400);
    expect(fieldsOf(badKind)).toContain('kind');

    const created = await call('designer', 'POST', base, { kind: 'einzug' });
    expect(created.status).toBe(201);
    expect(created.body.content.zones.map((z: { name: string }) => z.name)).toEqual([
      'Verkaufsraum',
      'Schaufenster',
      'Lager',
      'WC',
      'Eingang',
    ]);
    expect((await call('designer', 'POST', base, { kind: 'einzug' })).status).toBe(409);
    await owner.first('handover:changed', (p) => p.planId === planId && p.kind === 'einzug');

    // Filled in by the lead and the second designer.
    const patched = await call('designer', 'PATCH', `${base}/einzug`, {
      zones: [{ id: 'z1', condition: 'Boden sauber, Wände frisch gestrichen' }],
      meters: { power: { value: '12345,6 kWh' }, water: { value: '321 m³' } },
      keys: [{ id: 'k1', kind: 'Haustür', count: 2 }],
      defects: [{ id: 'd1', note: 'Kratzer im Schaufensterglas unten links' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.content.meters.power.value).toBe('12345,6 kWh');
    const byDesigner2 = await request(server, world.api.designer2.token, 'PATCH', `${base}/einzug`, {
      zones: [{ id: 'z2', condition: 'Schaufenster ohne Beklebung' }],
    });
    expect(byDesigner2.status).toBe(200);
    expect(byDesigner2.body.content.zones[0].condition).toBe('Boden sauber, Wände frisch gestrichen');

    // Refusals while open: the owner cannot edit, bad bodies name the field.
    expect((await call('owner', 'PATCH', `${base}/einzug`, { zones: [{ id: 'z1', condition: 'anders' }] })).status).toBe(403);
    const badKeys = await call('designer', 'PATCH', `${base}/einzug`, { keys: [{ id: 'k1', kind: 'Tür', count: 0 }] });
    expect(badKeys.status).toBe(400);
    expect(fieldsOf(badKeys)).toContain('keys.0.count');
    const unknownZone = await call('designer', 'PATCH', `${base}/einzug`, { zones: [{ id: 'z99', condition: 'x' }] });
    expect(unknownZone.status).toBe(400);
    expect(unknownZone.body.error.key).toBe('handover.unknownZone');
    const extra = await call('designer', 'PATCH', `${base}/einzug`, { rooms: [] });
    expect(extra.status).toBe(400);
    expect(fieldsOf(extra)).toContain('rooms');

    // Photos: two zones, the power meter, the defect; the owner may not upload, unknown targets are refused.
    const photo = (
      role: Role | string,
      target: string,
      targetId: string,
      data: Uint8Array,
      name = 'foto.png',
      type = 'image/png',
    ) =>
      uploadTo(
        server,
        role === 'designer2' ? world.api.designer2.token : tokenOf(role as Role),
        `${base}/einzug/photos?target=${target}&targetId=${targetId}`,
        data,
        name,
        type,
      );
    const gps = await jpegWithGps(640, 480);
    const zone1 = await photo('designer', 'zone', 'z1', gps, 'boden.jpg', 'image/jpeg');
    expect(zone1.status).toBe(201);
    expect(zone1.body).toMatchObject({ target: 'zone', targetId: 'z1' });
    expect((await photo('designer2', 'zone', 'z2', await smallPng(60, { r: 20, g: 160, b: 60 }))).status).toBe(201);
    expect((await photo('designer', 'meter', 'power', await smallPng(50, { r: 240, g: 200, b: 10 }))).status).toBe(201);
    expect((await photo('designer', 'defect', 'd1', await smallPng(40, { r: 10, g: 10, b: 200 }))).status).toBe(201);
    // A defect taken off the list takes its photos with it.
    const withSecond = await call('designer', 'PATCH', `${base}/einzug`, {
      defects: [...patched.body.content.defects, { id: 'd2', note: 'doch kein Mangel' }],
    });
    expect(withSecond.status).toBe(200);
    const d2 = await photo('designer', 'defect', 'd2', await smallPng(20));
    expect(d2.status).toBe(201);
    expect((await call('designer', 'PATCH', `${base}/einzug`, { defects: patched.body.content.defects })).status).toBe(200);
    const afterRemoval = await call('designer', 'GET', `${base}/einzug`);
    expect(afterRemoval.body.photos.some((p: { id: string }) => p.id === d2.body.id)).toBe(false);
    expect((await call('designer', 'GET', `/api/plans/${planId}/attachments/${d2.body.id}`)).status).toBe(404);
    expect((await photo('owner', 'zone', 'z1', await smallPng())).status).toBe(403);
    expect((await photo('outsider', 'zone', 'z1', await smallPng())).status).toBe(403);
    const badTarget = await photo('designer', 'zone', 'z77', await smallPng());
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error.params.field).toBe('targetId');
    const badQuery = await photo('designer', 'room', 'z1', await smallPng());
    expect(badQuery.status).toBe(400);
    expect(fieldsOf(badQuery)).toContain('target');
    await server.app.media.queue.idle();

    // The photos are read through the media capability, cleaned of GPS, by plan members only.
    const zonePhoto = (await call('designer', 'GET', `${base}/einzug`)).body.photos.find(
      (p: { id: string }) => p.id === zone1.body.id,
    );
    const url = zonePhoto.variants.find((v: { name: string }) => v.name === 'original').url;
    const served = await fetch(server.url + url, { headers: { authorization: `Bearer ${world.tokens.owner}` } });
    expect(served.status).toBe(200);
    expect(await hasGps(Buffer.from(await served.arrayBuffer()))).toBe(false);
    expect((await fetch(server.url + url, { headers: { authorization: `Bearer ${world.tokens.outsider}` } })).status).toBe(403);
    // Not deletable through the Material routes.
    expect((await call('designer', 'DELETE', `/api/plans/${planId}/attachments/${zone1.body.id}`)).status).toBe(409);

    // Confirmations: only the owner (or staff for a caretaker) on the owner side, only the lead on the designer side.
    const confirm = (token: string | null, body: unknown) => request(server, token, 'POST', `${base}/einzug/confirm`, body);
    expect((await confirm(world.tokens.designer, { side: 'owner', name: 'Greta', agreed: true })).status).toBe(403);
    expect((await confirm(world.api.designer2.token, { side: 'designer', name: 'Gustav', agreed: true })).status).toBe(403);
    expect((await confirm(world.tokens.owner, { side: 'designer', name: 'Olaf', agreed: true })).status).toBe(403);
    const noTick = await confirm(world.tokens.owner, { side: 'owner', name: 'Olaf Oster', agreed: false });
    expect(noTick.status).toBe(400);
    expect(fieldsOf(noTick)).toContain('agreed');
    const noName = await confirm(world.tokens.owner, { side: 'owner', name: '  ', agreed: true });
    expect(fieldsOf(noName)).toContain('name');
    const staffNoCaretaker = await confirm(world.tokens.staff, { side: 'owner', name: 'Herr Yilmaz', agreed: true });
    expect(staffNoCaretaker.status).toBe(400);
    expect(staffNoCaretaker.body.error.params.field).toBe('caretaker');

    // Signatures drawn on the phones (PNG), then the confirmations.
    const sigOwner = await photo('owner', 'signature', 'owner', await smallPng(120, { r: 0, g: 0, b: 0 }), 'unterschrift.png');
    expect(sigOwner.status).toBe(201);
    const sigDesigner = await photo(
      'designer',
      'signature',
      'designer',
      await smallPng(110, { r: 30, g: 30, b: 30 }),
      'unterschrift.png',
    );
    expect(sigDesigner.status).toBe(201);
    expect((await photo('designer2', 'signature', 'designer', await smallPng())).status).toBe(403);
    const wrongSig = await confirm(world.tokens.owner, {
      side: 'owner',
      name: 'Olaf Oster',
      agreed: true,
      signatureId: sigDesigner.body.id,
    });
    expect(wrongSig.status).toBe(400);
    expect(wrongSig.body.error.params.field).toBe('signatureId');

    const ownerSide = await confirm(world.tokens.owner, {
      side: 'owner',
      name: 'Olaf Oster',
      agreed: true,
      signatureId: sigOwner.body.id,
    });
    expect(ownerSide.status).toBe(200);
    expect(ownerSide.body.lockedAt).toBeNull();
    expect(ownerSide.body.confirmations[0]).toMatchObject({ side: 'owner', name: 'Olaf Oster', userId: world.userIds.owner });
    expect(Math.abs(Date.parse(ownerSide.body.confirmations[0].confirmedAt) - Date.now())).toBeLessThan(60_000);
    expect((await confirm(world.tokens.owner, { side: 'owner', name: 'Olaf Oster', agreed: true })).status).toBe(409);
    // A confirmed side's signature stays: not removable by an editor, no second one.
    expect((await call('designer', 'DELETE', `${base}/einzug/photos/${sigOwner.body.id}`)).status).toBe(403);
    expect((await photo('owner', 'signature', 'owner', await smallPng())).body.error.key).toBe('handover.alreadyConfirmed');
    // Still open for edits between the two confirmations.
    expect((await call('designer', 'PATCH', `${base}/einzug`, { meters: { gas: { value: 'kein Gas' } } })).status).toBe(200);

    const designerSide = await confirm(world.tokens.designer, {
      side: 'designer',
      name: 'Greta Grafik',
      agreed: true,
      signatureId: sigDesigner.body.id,
    });
    expect(designerSide.status).toBe(200);
    expect(designerSide.body.lockedAt).not.toBeNull();
    await owner.first('handover:changed', (p) => p.planId === planId && p.locked);

    // Locked: edits, photos and photo removal answer 409 with the code.
    const locked = await call('designer', 'PATCH', `${base}/einzug`, { meters: { gas: { value: '1' } } });
    expect(locked.status).toBe(409);
    expect(locked.body.error.key).toBe('handover.locked');
    expect((await photo('designer', 'zone', 'z1', await smallPng())).body.error.key).toBe('handover.locked');
    expect((await call('designer', 'DELETE', `${base}/einzug/photos/${zone1.body.id}`)).status).toBe(409);
    expect((await call('staff', 'PATCH', `${base}/einzug`, { keys: [] })).status).toBe(409);

    // An addendum after the lock (the owner may not write one), with a photo.
    expect((await call('owner', 'POST', `${base}/einzug/addenda`, { text: 'Nachtrag' })).status).toBe(403);
    const addendum = await call('designer', 'POST', `${base}/einzug/addenda`, {
      text: 'Zweiter Schlüssel für den Hinterhof nachgereicht.',
    });
    expect(addendum.status).toBe(201);
    expect((await photo('designer', 'addendum', addendum.body.id, await smallPng(30, { r: 250, g: 0, b: 0 }))).status).toBe(201);
    await server.app.media.queue.idle();

    // The mail with the PDF: to the storefront's owner and to staff.
    await server.app.handoverExport.idle();
    for (const to of [world.emails.owner, world.emails.staff]) {
      const mail = mailer.sent.find((m) => m.to === to && m.subject.includes('Übergabeprotokoll'));
      expect(mail, to).toBeTruthy();
      expect(mail!.attachments?.[0]?.contentType).toBe('application/pdf');
      const attached = popplerOf(mail!.attachments![0]!.content);
      expect(attached.text).toContain('Olaf Oster');
      expect(attached.text).toContain('Greta Grafik');
    }
    expect(mailer.sent.some((m) => m.to === world.emails.designer)).toBe(false);

    // The PDF in the app: both confirmations, readings, keys, defects, the addendum and every photo.
    expect((await pdfOf(server, world.tokens.outsider, `${base}/einzug/pdf`)).status).toBe(403);
    const pdf = await pdfOf(server, world.tokens.owner, `${base}/einzug/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    const { text, images } = popplerOf(pdf.data);
    for (const s of [
      'Übergabeprotokoll',
      'Olaf Oster',
      'Greta Grafik',
      'Eigentümer:in',
      '12345,6 kWh',
      '2 × Haustür',
      'Kratzer im Schaufensterglas',
      'Zweiter Schlüssel',
      'Boden sauber',
    ]) {
      expect(text, s).toContain(s);
    }
    // Two zone photos, the meter, the defect, the addendum's photo and two signatures.
    expect(images).toBe(7);
    const parsed = await PDFDocument.load(pdf.data);
    expect(parsed.getTitle()).toContain('Übergabeprotokoll Einzug');
    owner.close();
  });

  it('keeps a move-out separate and lets staff confirm the owner side for a caretaker', async () => {
    const planId = await freshDraftPlan(world, 'Auszug-Test');
    const base = `/api/plans/${planId}/handover`;
    expect((await call('staff', 'POST', base, { kind: 'auszug' })).status).toBe(201);
    expect((await call('designer', 'GET', `${base}/einzug`)).status).toBe(404);
    const byStaff = await call('staff', 'POST', `${base}/auszug/confirm`, {
      side: 'owner',
      name: 'Herr Yilmaz',
      agreed: true,
      caretaker: true,
    });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body.confirmations[0]).toMatchObject({
      side: 'owner',
      name: 'Herr Yilmaz',
      caretaker: true,
      userId: world.userIds.staff,
    });
    expect(
      (await call('staff', 'POST', `${base}/auszug/confirm`, { side: 'designer', name: 'Sabine', agreed: true })).status,
    ).toBe(403);
    // An addendum before the lock is refused: the protocol itself is still open.
    const early = await call('designer', 'POST', `${base}/auszug/addenda`, { text: 'zu früh' });
    expect(early.status).toBe(409);
    expect(early.body.error.key).toBe('handover.notLocked');
    const list = await call('owner', 'GET', base);
    expect(list.status).toBe(200);
    expect(list.body.protocols.map((p: { kind: string }) => p.kind)).toEqual(['auszug']);
  });
});
