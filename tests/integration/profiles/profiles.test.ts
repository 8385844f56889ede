import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { request, type Api } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { hasGps, jpegWithGps, smallPng } from '../../helpers/media.ts';
import { publishedStagingIn } from './kit.ts';
import { testDb, type World } from '../accounts/fixtures.ts';

/**
 * Creative profiles (issue 17) over real HTTP on the run's database: private by default, published and
 * unpublished at once (API, directory and portrait), filters by discipline and quarter, hostile input,
 * only one's own profile editable, staff moderation, and nothing of the account made public.
 *
 * The database may be shared with other test files (second pass): every assertion looks at this file's
 * own profiles (fresh demo people, a fresh quarter), never at a whole list.
 */
let server: TestServer;
let world: World;

const body = (over: Record<string, unknown> = {}) => ({
  displayName: `Studio Test ${randomUUID().slice(0, 6)}`,
  disciplines: ['sound-design'],
  bio: 'Wir bauen Klangräume.',
  website: 'https://studio.example/',
  links: ['https://instagram.com/studio.example'],
  ...over,
});

/** Uploads a portrait (multipart, part `file`) as the holder of `token`. */
async function uploadPortrait(token: string | null, profileId: string, data: Uint8Array, name = 'bild.jpg', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(data)]), name);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${server.url}/api/profiles/${profileId}/portrait`, { method: 'POST', headers, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Every directory entry for a query, paging through (the shared database may hold many). */
async function directory(query: string): Promise<{ slug: string; quarters: { slug: string }[] }[]> {
  const all: { slug: string; quarters: { slug: string }[] }[] = [];
  for (let offset = 0; ; offset += 200) {
    const res = await world.api.anonymous.get(`/api/public/profiles?limit=200&offset=${offset}${query ? `&${query}` : ''}`);
    expect(res.status).toBe(200);
    all.push(...res.body.items);
    if (offset + 200 >= res.body.total) return all;
  }
}
const slugsIn = async (query: string) => (await directory(query)).map((p) => p.slug);

/** A profile of `api`'s person, created through the API. */
async function createProfile(api: Api, over: Record<string, unknown> = {}) {
  const res = await api.post('/api/profiles', body(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; slug: string; published: boolean };
}

describe('creative profiles', () => {
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  it('is private until published, appears at once when published, and is 404 at once when unpublished', async () => {
    const me = world.api.designer1;
    const created = await createProfile(me, { displayName: 'Jördis Müller Klangstudio' });
    expect(created.published).toBe(false);
    expect(created.slug).toMatch(/^joerdis-mueller-klangstudio(-\d+)?$/);

    // Unpublished: the public URL is a 404 and the directory does not list it.
    expect((await world.api.anonymous.get(`/api/public/profiles/${created.slug}`)).status).toBe(404);
    expect((await world.api.designer2.get(`/api/public/profiles/${created.slug}`)).status).toBe(404);
    expect(await slugsIn('')).not.toContain(created.slug);
    // Its owner sees it.
    const mine = await me.get('/api/profile');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ mayCreate: true, profile: { id: created.id, published: false } });

    const pub = await me.post(`/api/profiles/${created.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.published).toBe(true);
    const seen = await request(server, null, 'GET', `/api/public/profiles/${created.slug}`);
    expect(seen.status).toBe(200);
    expect(seen.headers.get('cache-control')).toBe('no-cache');
    expect(seen.body).toMatchObject({
      slug: created.slug,
      displayName: 'Jördis Müller Klangstudio',
      disciplines: ['sound-design'],
    });
    expect(await slugsIn('')).toContain(created.slug);

    // Nothing of the account: no e-mail, no user id, no roles anywhere in the public answers.
    const text = JSON.stringify([seen.body, await directory('')]);
    expect(text).not.toContain(world.demo.users.designer1.email);
    expect(text).not.toContain(world.demo.users.designer1.id);
    expect(Object.keys(seen.body).sort()).toEqual(
      ['bio', 'disciplines', 'displayName', 'id', 'links', 'portrait', 'slug', 'stagings', 'website'].sort(),
    );

    const un = await me.post(`/api/profiles/${created.id}/unpublish`);
    expect(un.status).toBe(200);
    expect((await world.api.anonymous.get(`/api/public/profiles/${created.slug}`)).status).toBe(404);
    expect(await slugsIn('')).not.toContain(created.slug);
  });

  it('serves the portrait without GPS at a content-hashed public URL while published, 404 otherwise', async () => {
    const me = world.api.designer1;
    const { profile } = (await me.get('/api/profile')).body;
    const photo = await jpegWithGps(800, 600, 6);
    expect(await hasGps(photo)).toBe(true);
    const up = await uploadPortrait(me.token, profile.id, photo);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.portrait).toMatchObject({ width: 600, height: 800 });
    const names = up.body.portrait.variants.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(['original', 'w320', 'avif320']));
    // The owner's preview while unpublished: private.
    const privateUrl = up.body.portrait.variants.find((v: { name: string }) => v.name === 'w320').url;
    const priv = await fetch(server.url + privateUrl, { headers: { authorization: `Bearer ${me.token}` } });
    expect(priv.status).toBe(200);
    expect(priv.headers.get('cache-control')).toContain('private');
    expect((await fetch(server.url + privateUrl)).status).toBe(401);
    expect(
      (await fetch(server.url + privateUrl, { headers: { authorization: `Bearer ${world.api.designer2.token}` } })).status,
    ).toBe(403);

    const hash: string = up.body.portrait.hash;
    const publicUrl = `/api/public/profiles/${profile.slug}/portrait/${hash}/original`;
    expect((await fetch(server.url + publicUrl)).status).toBe(404); // not published yet

    await me.post(`/api/profiles/${profile.id}/publish`);
    const pub = await world.api.anonymous.get(`/api/public/profiles/${profile.slug}`);
    const original = pub.body.portrait.variants.find((v: { name: string }) => v.name === 'original');
    expect(original.url).toBe(publicUrl);
    const res = await fetch(server.url + publicUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const served = Buffer.from(await res.arrayBuffer());
    expect(await hasGps(served)).toBe(false);
    expect((await sharp(served).metadata()).exif).toBeUndefined();
    // Another hash (an old portrait's URL) is a 404.
    expect((await fetch(`${server.url}/api/public/profiles/${profile.slug}/portrait/${'0'.repeat(32)}/original`)).status).toBe(
      404,
    );

    await me.post(`/api/profiles/${profile.id}/unpublish`);
    const after = await fetch(server.url + publicUrl);
    expect(after.status).toBe(404);
    expect(after.headers.get('cache-control')).not.toContain('max-age=31536000');

    // A new portrait replaces the old one's files.
    const second = await uploadPortrait(me.token, profile.id, await smallPng(64));
    expect(second.status).toBe(200);
    expect(second.body.portrait.hash).not.toBe(hash);
    expect(await server.app.blobs.list(`profiles/${world.demo.users.designer1.id}/${hash}/`)).toEqual([]);
  });

  it('refuses what is not an image (415) and what is too large (413), naming the field', async () => {
    const me = world.api.designer1;
    const { profile } = (await me.get('/api/profile')).body;
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(6000, 7)]);
    const bad = await uploadPortrait(me.token, profile.id, exe, 'portrait.jpg');
    expect(bad.status).toBe(415);
    expect(bad.body.error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      key: 'profile.notAnImage',
      params: { field: 'file' },
    });
    const big = Buffer.concat([await smallPng(), Buffer.alloc(server.app.profiles.maxPortraitBytes + 10, 1)]);
    const tooBig = await uploadPortrait(me.token, profile.id, big, 'riesig.png');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.key).toBe('profile.portraitTooLarge');
    const wrongField = await uploadPortrait(me.token, profile.id, await smallPng(), 'a.png', 'bild');
    expect(wrongField.status).toBe(400);
  });

  it('links published stagings and filters the directory by discipline and quarter', async () => {
    const a = world.api.designer2;
    const b = world.api.designer3;
    const pa = await createProfile(a, { displayName: 'Anna Akustik', disciplines: ['sound-design', 'scenography'] });
    const pb = await createProfile(b, { displayName: 'Bert Bild', disciplines: ['illustration'] });
    await a.post(`/api/profiles/${pa.id}/publish`);
    await b.post(`/api/profiles/${pb.id}/publish`);

    // A's published staging in a fresh quarter; B is a designer in a draft plan there (never public).
    const staging = await publishedStagingIn(world, world.demo.users.designer2.id, a);
    const db = await testDb();
    const draftId = randomUUID();
    const geheim = `Geheimer Entwurf ${randomUUID().slice(0, 6)}`;
    await db.query(
      `insert into plans (id, storefront_id, title, created_by) select $1, storefront_id, $2, $3 from plans where id = $4`,
      [draftId, geheim, world.demo.users.designer3.id, staging.planId],
    );
    await db.query(`insert into plan_members (plan_id, user_id, role) values ($1, $2, 'designer'), ($1, $3, 'designer')`, [
      draftId,
      world.demo.users.designer3.id,
      world.demo.users.designer2.id,
    ]);

    const profileA = await world.api.anonymous.get(`/api/public/profiles/${pa.slug}`);
    expect(profileA.body.stagings).toEqual([
      {
        planId: staging.planId,
        title: staging.title,
        storefront: `Laden ${staging.quarterSlug}`,
        quarter: { name: `Quartier ${staging.quarterSlug}`, slug: staging.quarterSlug },
      },
    ]);
    const profileB = await world.api.anonymous.get(`/api/public/profiles/${pb.slug}`);
    expect(profileB.body.stagings).toEqual([]);
    expect(JSON.stringify(profileB.body)).not.toContain(geheim);

    // The quarter is a choice of the filter; only A is in it (the quarter is this test's own).
    const facets = async () => (await world.api.anonymous.get('/api/public/profiles?limit=1')).body.quarters;
    expect(await facets()).toContainEqual({ name: `Quartier ${staging.quarterSlug}`, slug: staging.quarterSlug });
    expect(await slugsIn(`quarter=${staging.quarterSlug}`)).toEqual([pa.slug]);
    const entryA = (await directory(`quarter=${staging.quarterSlug}`))[0];
    expect(entryA.quarters).toEqual([{ name: `Quartier ${staging.quarterSlug}`, slug: staging.quarterSlug }]);
    // Discipline: A in sound design and scenography, B in illustration only.
    const sound = await slugsIn('discipline=sound-design');
    expect(sound).toContain(pa.slug);
    expect(sound).not.toContain(pb.slug);
    const ill = await slugsIn('discipline=illustration');
    expect(ill).toContain(pb.slug);
    expect(ill).not.toContain(pa.slug);
    expect(await slugsIn(`discipline=illustration&quarter=${staging.quarterSlug}`)).toEqual([]);
    expect(await slugsIn(`discipline=scenography&quarter=${staging.quarterSlug}`)).toEqual([pa.slug]);
    // Filters are validated.
    const badDiscipline = await world.api.anonymous.get('/api/public/profiles?discipline=hacking');
    expect(badDiscipline.status).toBe(400);
    expect(badDiscipline.body.error.fields[0].path).toBe('discipline');
    expect((await world.api.anonymous.get('/api/public/profiles?limit=100000')).status).toBe(400);
    expect((await world.api.anonymous.get('/api/public/profiles?quarter=x&bogus=1')).status).toBe(400);

    // Once the plan leaves the programme, the staging leaves the profile and the quarter filter.
    const un = await world.api.staff.post(`/api/plans/${staging.planId}/transitions/unpublish`, { note: 'Test' });
    expect(un.status, JSON.stringify(un.body)).toBe(200);
    expect((await world.api.anonymous.get(`/api/public/profiles/${pa.slug}`)).body.stagings).toEqual([]);
    expect(await slugsIn(`quarter=${staging.quarterSlug}`)).toEqual([]);
    expect(await facets()).not.toContainEqual(expect.objectContaining({ slug: staging.quarterSlug }));
  });

  it('rejects javascript: and other non-http links, and keeps a hostile bio as plain text', async () => {
    const me = world.api.designer1;
    const { profile } = (await me.get('/api/profile')).body;
    for (const [field, value, path] of [
      ['website', 'javascript:alert(1)', 'website'],
      ['website', 'JaVaScRiPt:alert(document.cookie)', 'website'],
      ['website', 'data:text/html,<script>alert(1)</script>', 'website'],
      ['website', '//evil.example', 'website'],
      ['website', 'https://user:pass@evil.example/', 'website'],
      ['links', ['https://ok.example', 'javascript://%0aalert(1)'], 'links.1'],
      ['links', ['ftp://files.example'], 'links.0'],
    ] as const) {
      const res = await me.put(`/api/profiles/${profile.id}`, body({ [field]: value }));
      expect(res.status, `${field}=${JSON.stringify(value)}`).toBe(400);
      expect(res.body.error.fields).toContainEqual(expect.objectContaining({ path, key: 'field.httpUrl' }));
    }
    const tooLong = await me.put(`/api/profiles/${profile.id}`, body({ bio: 'x'.repeat(1001) }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields[0]).toMatchObject({ path: 'bio', key: 'field.tooLong' });
    const control = await me.put(`/api/profiles/${profile.id}`, body({ bio: 'a\u0007b' }));
    expect(control.status).toBe(400);
    const extra = await me.put(`/api/profiles/${profile.id}`, { ...body(), email: 'x@y.example' });
    expect(extra.status).toBe(400);

    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const ok = await me.put(`/api/profiles/${profile.id}`, body({ bio: hostile, displayName: 'Studio <b>Fett</b>' }));
    expect(ok.status).toBe(200);
    // Stored and answered as the text it is (JSON); the client renders it as text (e2e checks the page).
    expect(ok.body.bio).toBe(hostile);
    expect(ok.body.slug).toBe(profile.slug); // the address is stable when the name changes
  });

  it('lets only the owner edit a profile (403 for others, 401 anonymous); staff may unpublish any', async () => {
    const { profile } = (await world.api.designer1.get('/api/profile')).body;
    await world.api.designer1.post(`/api/profiles/${profile.id}/publish`);
    for (const who of ['designer2', 'staff', 'owner1'] as const) {
      const api = world.api[who];
      expect((await api.put(`/api/profiles/${profile.id}`, body())).status, who).toBe(403);
      expect((await api.post(`/api/profiles/${profile.id}/publish`)).status, who).toBe(403);
      expect((await api.delete(`/api/profiles/${profile.id}/portrait`)).status, who).toBe(403);
      expect((await uploadPortrait(api.token, profile.id, await smallPng())).status, who).toBe(403);
    }
    expect((await world.api.designer2.post(`/api/profiles/${profile.id}/unpublish`)).status).toBe(403);
    const anon = world.api.anonymous;
    expect((await anon.put(`/api/profiles/${profile.id}`, body())).status).toBe(401);
    expect((await anon.post(`/api/profiles/${profile.id}/publish`)).status).toBe(401);
    expect((await anon.post(`/api/profiles/${profile.id}/unpublish`)).status).toBe(401);
    expect((await anon.post('/api/profiles', body())).status).toBe(401);
    expect((await anon.get('/api/profile')).status).toBe(401);
    expect((await uploadPortrait(null, profile.id, await smallPng())).status).toBe(401);
    // An owner-only account has no profile to make; a second profile is a conflict.
    expect((await world.api.owner1.post('/api/profiles', body())).status).toBe(403);
    expect((await world.api.owner1.get('/api/profile')).body).toEqual({ profile: null, mayCreate: false });
    expect((await world.api.designer1.post('/api/profiles', body())).status).toBe(409);
    // Unknown profile: 404.
    expect((await world.api.designer1.put(`/api/profiles/${randomUUID()}`, body())).status).toBe(404);

    // Still public: staff take it down (moderation), at once.
    expect((await anon.get(`/api/public/profiles/${profile.slug}`)).status).toBe(200);
    const mod = await world.api.staff.post(`/api/profiles/${profile.id}/unpublish`);
    expect(mod.status).toBe(200);
    expect((await anon.get(`/api/public/profiles/${profile.slug}`)).status).toBe(404);
    const mine = (await world.api.designer1.get('/api/profile')).body.profile;
    expect(mine.published).toBe(false);
    expect(mine.moderatedAt).not.toBeNull();
  });

  it('is deleted with its portrait files by its owner, and only by its owner', async () => {
    const me = world.api.designer3;
    const { profile } = (await me.get('/api/profile')).body;
    await me.post(`/api/profiles/${profile.id}/publish`);
    expect((await uploadPortrait(me.token, profile.id, await smallPng(48))).status).toBe(200);
    const prefix = `profiles/${world.demo.users.designer3.id}/`;
    expect((await server.app.blobs.list(prefix)).length).toBeGreaterThan(0);
    expect((await world.api.designer1.delete(`/api/profiles/${profile.id}`)).status).toBe(403);
    expect((await world.api.staff.delete(`/api/profiles/${profile.id}`)).status).toBe(403);
    expect((await world.api.anonymous.delete(`/api/profiles/${profile.id}`)).status).toBe(401);
    expect((await me.delete(`/api/profiles/${profile.id}`)).status).toBe(204);
    expect((await world.api.anonymous.get(`/api/public/profiles/${profile.slug}`)).status).toBe(404);
    expect(await server.app.blobs.list(prefix)).toEqual([]);
    expect((await me.get('/api/profile')).body).toEqual({ profile: null, mayCreate: true });
  });

  it('goes with its account (on delete cascade)', async () => {
    const db = await testDb();
    const userId = randomUUID();
    await db.query(`insert into users (id, email, name) values ($1, $2, 'Weg')`, [userId, `weg-${userId}@test.example`]);
    await db.query(`insert into profiles (id, user_id, slug, display_name, published) values ($1, $2, $3, 'Weg', true)`, [
      randomUUID(),
      userId,
      `weg-${userId.slice(0, 8)}`,
    ]);
    await db.query('delete from users where id = $1', [userId]);
    expect((await db.query('select 1 from profiles where user_id = $1', [userId])).rows).toEqual([]);
  });
});
