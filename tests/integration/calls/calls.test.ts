import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse } from 'node-html-parser';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { createUser } from '@planner/server/modules/accounts/users';
import { test } from '../../helpers/fixtures.ts';
import { apiFor, request, tokenFor, type DemoApis } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { PASSWORD, freshEmail, testDb } from '../accounts/fixtures.ts';
import { fetchCalendar, parseCalendar } from '../review/helpers.ts';
import { berlinLocalIn, callBody, createCall } from './helpers.ts';

/**
 * Open calls (issue 16): staff create and publish a call; the public reads it as a page (JSON-LD), in
 * the list, the Atom feed and as iCalendar; drafts stay invisible; the deadline is Berlin time across
 * DST; extending and cancelling tell applicants and bookers; juror invitations; viewing capacity.
 */
describe('open calls', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let mailer: MemoryMailer;
  let sf: [string, string];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    sf = demo.storefrontIds;
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  async function person(roles: ('designer' | 'owner')[] = ['designer'], name = 'Bea Bewerberin') {
    const user = await createUser(await testDb(), { email: freshEmail(), name, password: PASSWORD, roles });
    return { user, api: apiFor(server, await tokenFor(server, user.email, PASSWORD)) };
  }

  it('creates, publishes and shows a call: page with JSON-LD, list (open first), Atom, iCalendar', async () => {
    const call = await createCall(api.staff, sf, { over: { title: 'Schaufenster für Szenografie' } });
    expect(call.status).toBe('published');
    expect(call.slug).toMatch(/^schaufenster-fuer-szenografie/);
    expect(call.criteria.map((c: { label: string }) => c.label)).toEqual(['Idee', 'Machbarkeit']);
    expect(call.viewings).toHaveLength(2);

    const pub = await api.anonymous.get(`/api/public/calls/${call.slug}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ title: 'Schaufenster für Szenografie', open: true, status: 'published' });
    expect(pub.body).not.toHaveProperty('jurors');

    const page = await fetch(`${server.url}/aufrufe/${call.slug}`);
    expect(page.status).toBe(200);
    const root = parse(await page.text());
    expect(root.querySelector('h1')?.text).toContain('Schaufenster für Szenografie');
    // Without JavaScript too, an open call leads to its application form.
    expect(root.querySelector('[data-testid="ssr-apply-link"]')?.getAttribute('href')).toBe(`/aufrufe/${call.slug}/bewerben`);
    const ld = JSON.parse(root.querySelector('script[type="application/ld+json"]')!.text);
    expect(ld.mainEntity.availabilityEnds).toBe(call.deadline);
    expect(ld.event).toHaveLength(2);

    // A closed (past-deadline) call sorts after the open ones.
    const old = await createCall(api.staff, sf, { over: { title: 'Früherer Aufruf' } });
    await (await testDb()).query(`update calls set deadline = now() - interval '1 day' where id = $1`, [old.id]);
    const list = await api.anonymous.get('/api/public/calls');
    expect(list.status).toBe(200);
    const slugs = list.body.items.map((i: { slug: string }) => i.slug);
    expect(slugs.indexOf(call.slug)).toBeGreaterThanOrEqual(0);
    expect(slugs.indexOf(call.slug)).toBeLessThan(slugs.indexOf(old.slug));
    const firstClosed = list.body.items.findIndex((i: { open: boolean }) => !i.open);
    expect(list.body.items.slice(firstClosed).every((i: { open: boolean }) => !i.open)).toBe(true);
    const listPage = await (await fetch(`${server.url}/aufrufe`)).text();
    expect(listPage).toContain(`/aufrufe/${call.slug}`);

    const atom = await fetch(`${server.url}/aufrufe.atom`);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await atom.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    const entries = [feed.entry].flat();
    expect(entries.some((e: { title: string }) => e.title === 'Schaufenster für Szenografie')).toBe(true);

    const cal = await fetchCalendar(`${server.url}/api/public/calls/${call.slug}/calendar.ics`);
    expect(cal.status).toBe(200);
    expect(cal.type).toContain('text/calendar');
    const deadline = cal.events.get(`call-${call.id}-deadline@kreativquartiere-planner`);
    expect(deadline.summary).toBe('Bewerbungsschluss: Schaufenster für Szenografie');
    expect(new Date(deadline.start).toISOString()).toBe(new Date(call.deadline).toISOString());
    const viewing = cal.events.get(`viewing-${call.viewings[0].id}@kreativquartiere-planner`);
    expect(new Date(viewing.start).toISOString()).toBe(new Date(call.viewings[0].start).toISOString());

    const log = await (await testDb()).query<{ action: string }>(
      `select action from activity where subject_id = $1 order by id`,
      [call.id],
    );
    expect(log.rows.map((r) => r.action)).toEqual(['call.created', 'call.published']);
  });

  it('keeps drafts away from the public: API, page, list, Atom and calendar', async () => {
    const draft = await createCall(api.staff, sf, { publish: false, over: { title: 'Geheimer Entwurf' } });
    expect(draft.status).toBe('draft');
    for (const who of [api.anonymous, api.designer1, api.owner1]) {
      expect((await who.get(`/api/public/calls/${draft.slug}`)).status).toBe(404);
    }
    expect((await fetch(`${server.url}/aufrufe/${draft.slug}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/public/calls/${draft.slug}/calendar.ics`)).status).toBe(404);
    const list = await api.anonymous.get('/api/public/calls');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
    expect(await (await fetch(`${server.url}/aufrufe.atom`)).text()).not.toContain('Geheimer Entwurf');
    // Staff see it, and nobody can book a draft's slot.
    expect((await api.staff.get(`/api/calls/${draft.id}`)).status).toBe(200);
    expect((await api.designer1.post(`/api/calls/${draft.id}/viewings/${draft.viewings[0].id}/booking`)).status).toBe(404);
  });

  it('enters and shows the deadline in Europe/Berlin across the DST change', async () => {
    // 28 March 2027 is the last Sunday of March: 12:00 the day before is +01:00, on the day +02:00.
    const before = await createCall(api.staff, sf, { publish: false, over: { deadline: '2027-03-27T12:00' } });
    const after = await createCall(api.staff, sf, { publish: false, over: { deadline: '2027-03-28T12:00' } });
    expect(before.deadline).toBe('2027-03-27T12:00:00+01:00');
    expect(after.deadline).toBe('2027-03-28T12:00:00+02:00');
    expect(Date.parse(after.deadline) - Date.parse(before.deadline)).toBe(23 * 3_600_000);
    const autumn = await createCall(api.staff, sf, { publish: false, over: { deadline: '2027-10-31T12:00' } });
    expect(autumn.deadline).toBe('2027-10-31T12:00:00+01:00');
    expect(new Date(autumn.deadline).toISOString()).toBe('2027-10-31T11:00:00.000Z');
  });

  it('extending the deadline tells applicants, those who started and viewing bookers (notification and mail)', async () => {
    const call = await createCall(api.staff, sf);
    const submitted = await person(['designer'], 'Anna Abgegeben');
    const started = await person(['designer'], 'Bernd Begonnen');
    const booker = await person(['designer'], 'Clara Besichtigung');
    const bystander = await person(['designer'], 'Dora Unbeteiligt');
    const db = await testDb();
    await db.query(
      `insert into applications (id, call_id, applicant_id, status, submitted_at) values ($1, $2, $3, 'submitted', now()), ($4, $2, $5, 'draft', null)`,
      [randomUUID(), call.id, submitted.user.id, randomUUID(), started.user.id],
    );
    expect((await booker.api.post(`/api/calls/${call.id}/viewings/${call.viewings[0].id}/booking`)).status).toBe(201);

    const sentBefore = mailer.sent.length;
    const notLater = await api.staff.post(`/api/calls/${call.id}/extend`, { deadline: berlinLocalIn(5) });
    expect(notLater.status).toBe(409);
    expect(notLater.body.error.key).toBe('call.deadlineNotLater');

    const res = await api.staff.post(`/api/calls/${call.id}/extend`, { deadline: berlinLocalIn(45, '18:00') });
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.deadline)).toBeGreaterThan(Date.parse(call.deadline));
    const mails = mailer.sent.slice(sentBefore);
    expect(mails.map((m) => m.to).sort()).toEqual([submitted.user.email, started.user.email, booker.user.email].sort());
    expect(mails[0].subject).toContain('Frist verlängert');
    expect(mails[0].text).toContain(`/aufrufe/${call.slug}`);
    for (const p of [submitted, started, booker]) {
      const n = await p.api.get('/api/notifications');
      expect(n.body.items.map((i: { key: string }) => i.key)).toContain('notification.callExtended');
    }
    const none = await bystander.api.get('/api/notifications');
    expect(none.body.items.map((i: { key: string }) => i.key)).not.toContain('notification.callExtended');
    const log = await db.query(`select details from activity where subject_id = $1 and action = 'call.deadline_extended'`, [
      call.id,
    ]);
    expect(log.rows).toHaveLength(1);
  });

  it('cancelling with a reason tells the same people and shows the call as cancelled', async () => {
    const call = await createCall(api.staff, sf);
    const booker = await person();
    expect((await booker.api.post(`/api/calls/${call.id}/viewings/${call.viewings[1].id}/booking`)).status).toBe(201);
    const empty = await api.staff.post(`/api/calls/${call.id}/cancel`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('reason');
    const sentBefore = mailer.sent.length;
    const res = await api.staff.post(`/api/calls/${call.id}/cancel`, { reason: 'Der Laden wurde vermietet.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Der Laden wurde vermietet.', open: false });
    expect(mailer.sent.slice(sentBefore).map((m) => m.to)).toEqual([booker.user.email]);
    expect(mailer.sent.at(-1)!.text).toContain('Der Laden wurde vermietet.');
    const page = await (await fetch(`${server.url}/aufrufe/${call.slug}`)).text();
    expect(page).toContain('Abgesagt');
    expect(page).not.toContain('ssr-apply-link');
    const cal = await fetchCalendar(`${server.url}/api/public/calls/${call.slug}/calendar.ics`);
    expect(cal.events.get(`call-${call.id}-deadline@kreativquartiere-planner`).status).toBe('CANCELLED');
    expect((await api.staff.post(`/api/calls/${call.id}/cancel`, { reason: 'nochmal' })).status).toBe(409);
    expect((await booker.api.post(`/api/calls/${call.id}/viewings/${call.viewings[0].id}/booking`)).status).toBe(409);
  });

  it('invites an external juror: accepting creates the account with the juror role, who sees this call only', async () => {
    const a = await createCall(api.staff, sf);
    const b = await createCall(api.staff, sf);
    const email = freshEmail();
    const invited = await api.staff.post(`/api/calls/${a.id}/juror-invitations`, { email, name: 'Jana Jury' });
    expect(invited.status).toBe(201);
    expect(invited.body.invitations.map((i: { email: string }) => i.email)).toContain(email);
    const mail = mailer.sent.findLast((m) => m.to === email)!;
    const token = /\/jury-einladung\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    // The token never reaches the activity log.
    const log = await (await testDb()).query<{ details: unknown }>(`select details from activity where subject_id = $1`, [a.id]);
    expect(JSON.stringify(log.rows)).not.toContain(token);

    const info = await api.anonymous.get(`/api/juror-invitations/${token}`);
    expect(info.body).toMatchObject({ callTitle: a.title, email, accountExists: false, accepted: false });
    expect((await api.anonymous.get(`/api/juror-invitations/${'x'.repeat(43)}`)).status).toBe(404);
    const noPassword = await api.anonymous.post(`/api/juror-invitations/${token}/accept`, { name: 'Jana Jury' });
    expect(noPassword.status).toBe(400);
    const accepted = await api.anonymous.post(`/api/juror-invitations/${token}/accept`, {
      name: 'Jana Jury',
      password: PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ callId: a.id, created: true });

    const juror = apiFor(server, await tokenFor(server, email, PASSWORD));
    const roles = await (await testDb()).query<{ roles: string[] }>(`select roles from users where id = $1`, [
      accepted.body.userId,
    ]);
    expect(roles.rows[0].roles).toEqual(['juror']);
    expect((await juror.get(`/api/calls/${a.id}`)).status).toBe(200);
    expect((await juror.get(`/api/calls/${b.id}`)).status).toBe(403);
    expect((await juror.get('/api/calls')).status).toBe(403);
    expect((await juror.patch(`/api/calls/${a.id}`, { title: 'Übernommen' })).status).toBe(403);
    const mine = await juror.get('/api/calls/jury');
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    // Staff see the juror on the call.
    const full = await api.staff.get(`/api/calls/${a.id}`);
    expect(full.body.jurors.map((j: { email: string }) => j.email)).toContain(email);
    // Staff jurors: only staff accounts.
    const bad = await api.staff.put(`/api/calls/${a.id}/jurors`, { userIds: [demo.users.designer1.id] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('userIds');
    const staffJury = await api.staff.put(`/api/calls/${a.id}/jurors`, { userIds: [demo.users.staff.id] });
    expect(staffJury.status).toBe(200);
    expect(staffJury.body.jurors.map((j: { email: string }) => j.email).sort()).toEqual([email, demo.users.staff.email].sort());
  });

  it('gives the last seat of a viewing to exactly one of two simultaneous bookings (409 for the other)', async () => {
    const call = await createCall(api.staff, sf);
    const slot = call.viewings[1];
    expect(slot.capacity).toBe(1);
    const [p1, p2] = [await person(), await person()];
    const results = await Promise.all([
      p1.api.post(`/api/calls/${call.id}/viewings/${slot.id}/booking`),
      p2.api.post(`/api/calls/${call.id}/viewings/${slot.id}/booking`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.error.key).toBe('call.viewingFull');
    const rows = await (await testDb()).query(`select user_id from call_viewing_bookings where viewing_id = $1`, [slot.id]);
    expect(rows.rows).toHaveLength(1);

    // The winner sees it as theirs, cancels it, and the seat is free again.
    const winner = results[0].status === 201 ? p1 : p2;
    const other = winner === p1 ? p2 : p1;
    const view = await winner.api.get(`/api/public/calls/${call.slug}`);
    expect(view.body.viewings.find((v: { id: string }) => v.id === slot.id)).toMatchObject({ booked: 1, mine: true });
    expect((await winner.api.post(`/api/calls/${call.id}/viewings/${slot.id}/booking`)).status).toBe(409);

    // The booked viewing is in the person's personal calendar feed.
    const feed = await winner.api.post('/api/feeds/personal');
    const personal = await fetchCalendar(feed.body.url.replace(/^https?:\/\/[^/]+/, server.url));
    expect(personal.events.has(`viewing-${slot.id}@kreativquartiere-planner`)).toBe(true);

    expect((await winner.api.delete(`/api/calls/${call.id}/viewings/${slot.id}/booking`)).status).toBe(200);
    expect((await other.api.post(`/api/calls/${call.id}/viewings/${slot.id}/booking`)).status).toBe(201);
    expect((await api.anonymous.post(`/api/calls/${call.id}/viewings/${slot.id}/booking`)).status).toBe(401);
  });

  it('answers bad bodies with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'title'],
      [{ deadline: '31.03.2027 12:00' }, 'deadline'],
      [{ storefrontIds: [] }, 'storefrontIds'],
      [{ criteria: [{ label: 'Idee', weight: 0 }] }, 'criteria.0.weight'],
      [{ viewings: [{ start: '2027-04-01T12:00', end: '2027-04-01T11:00', capacity: 2 }] }, 'viewings.0.end'],
      [{ viewings: [{ start: '2027-04-01T10:00', end: '2027-04-01T11:00', capacity: 0 }] }, 'viewings.0.capacity'],
      [{ periodStart: '2027-06-01', periodEnd: '2027-05-01' }, 'periodEnd'],
      [{ storefrontIds: [randomUUID()] }, 'storefrontIds'],
    ];
    for (const [over, path] of cases) {
      const res = await api.staff.post('/api/calls', callBody(sf, over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      const paths = (res.body.error.fields ?? []).map((f: { path: string }) => f.path);
      expect(paths, JSON.stringify(over)).toContain(path);
    }
    expect((await api.staff.post('/api/calls', callBody(sf, { surprise: true }))).status).toBe(400);
    const call = await createCall(api.staff, sf);
    const viaPatch = await api.staff.patch(`/api/calls/${call.id}`, { deadline: berlinLocalIn(60) });
    expect(viaPatch.status).toBe(409);
    expect(viaPatch.body.error.key).toBe('call.deadlineViaExtend');
    const extendBad = await api.staff.post(`/api/calls/${call.id}/extend`, { deadline: 'morgen' });
    expect(extendBad.status).toBe(400);
    expect(extendBad.body.error.fields[0].path).toBe('deadline');
  });
});

describe('the exposé', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });

  it('shows only the groups the owner made public, records who and when, and never private data', async () => {
    const id = demo.storefrontIds[0];
    const db = await testDb();
    const secretNote = `Schlüssel liegt beim Nachbarn ${randomUUID()}`;
    const phone = '+49 231 5550199';
    await db.query(
      `update storefronts set key_handover_notes = $2, house_rules = $3::jsonb, area_m2 = 84, frontage_cm = 620,
         outline = '[{"x":0,"y":0},{"x":800,"y":0},{"x":800,"y":1050},{"x":0,"y":1050}]'::jsonb,
         availability = $4::jsonb, water = true
       where id = $1`,
      [
        id,
        secretNote,
        JSON.stringify([`Anrufen unter ${phone}`]),
        JSON.stringify([{ start: '2030-01-01T00:00:00+01:00', end: '2030-06-30T00:00:00+02:00', note: `Privat: ${phone}` }]),
      ],
    );
    // Not offered: nothing public.
    expect((await api.anonymous.get(`/api/public/exposes/${id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/expose/${id}`)).status).toBe(404);

    const initial = await api.owner1.get(`/api/storefronts/${id}/expose`);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ offered: false, publicGroups: [], consentedBy: null });
    // Another owner and designers may not change it.
    const body = {
      offered: true,
      publicGroups: ['floor_plan', 'dimensions', 'conditions'],
      conditions: {
        fee: 'none',
        utilities: 'pauschal 50 € im Monat',
        insurance: 'Haftpflicht nötig',
        keyHandover: 'nach Absprache',
      },
      intro: 'Heller Laden mit großem Schaufenster.',
    };
    expect((await api.owner2.put(`/api/storefronts/${id}/expose`, body)).status).toBe(403);
    expect((await api.designer1.put(`/api/storefronts/${id}/expose`, body)).status).toBe(403);
    const bad = await api.owner1.put(`/api/storefronts/${id}/expose`, { ...body, publicGroups: ['contacts'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('publicGroups.0');
    const saved = await api.owner1.put(`/api/storefronts/${id}/expose`, body);
    expect(saved.status).toBe(200);
    expect(saved.body.consentedBy).toEqual({ id: demo.users.owner1.id, name: demo.users.owner1.name });
    expect(Date.now() - Date.parse(saved.body.consentedAt)).toBeLessThan(60_000);

    const pub = await api.anonymous.get(`/api/public/exposes/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.groups).toEqual(['floor_plan', 'dimensions', 'conditions']);
    expect(pub.body.floorPlan.outline).toHaveLength(4);
    expect(pub.body.dimensions).toEqual({ areaM2: 84, frontageCm: 620 });
    expect(pub.body.conditions.fee).toBe('none');
    for (const hidden of ['equipment', 'access', 'availability', 'photos']) expect(pub.body).not.toHaveProperty(hidden);

    const page = await fetch(`${server.url}/expose/${id}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('ssr-floor-plan');
    expect(text).toContain('84 m²');
    expect(text).not.toContain('Wasseranschluss');

    // Staff add availability and equipment: still never an owner contact or a note.
    const all = await api.staff.put(`/api/storefronts/${id}/expose`, {
      ...body,
      publicGroups: ['floor_plan', 'dimensions', 'equipment', 'access', 'availability', 'conditions', 'photos'],
    });
    expect(all.body.consentedBy.id).toBe(demo.users.staff.id);
    const full = await api.anonymous.get(`/api/public/exposes/${id}`);
    expect(full.body.availability).toHaveLength(1);
    expect(full.body.equipment.water).toBe(true);
    const fullPage = await (await fetch(`${server.url}/expose/${id}`)).text();
    const owner = demo.users.owner1;
    for (const [what, text] of [
      ['JSON', JSON.stringify(full.body)],
      ['HTML', fullPage],
    ] as const) {
      for (const secret of [owner.email, owner.name, phone, secretNote, 'Anrufen unter', owner.id]) {
        expect(text.includes(secret), `${what} contains ${secret}`).toBe(false);
      }
    }
    const log = await db.query<{ actor_id: string }>(
      `select actor_id from activity where subject_id = $1 and action = 'expose.updated' order by id`,
      [id],
    );
    expect(log.rows.map((r: { actor_id: string }) => r.actor_id)).toEqual([owner.id, demo.users.staff.id]);

    // Withdrawn: gone again.
    await api.owner1.put(`/api/storefronts/${id}/expose`, { ...body, offered: false });
    expect((await api.anonymous.get(`/api/public/exposes/${id}`)).status).toBe(404);
  });

  it('answers unknown storefronts with 404', async () => {
    expect((await api.staff.get(`/api/storefronts/${randomUUID()}/expose`)).status).toBe(404);
    expect((await request(server, null, 'GET', `/api/public/exposes/${randomUUID()}`)).status).toBe(404);
  });
});
