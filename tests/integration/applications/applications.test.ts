import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import type { Database } from '@planner/server';
import { SESSION_COOKIE } from '@planner/server/modules/accounts/actor';
import { test, waitFor } from '../../helpers/fixtures.ts';
import { request } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { PASSWORD, freshEmail, testDb, tokenFor, type World } from '../accounts/fixtures.ts';
import { applyAsNewPerson, insertCall, linkFrom, tokenOf, type TestCall } from './fixtures.ts';

/**
 * Applications to open calls (issue 16) over HTTP, on PGlite and (second pass) PostgreSQL. Calls are
 * inserted with SQL (fixtures.ts); every test makes its own call, so shared rows never meet.
 */
describe('applications', () => {
  let server: TestServer;
  let world: World;
  let db: Database;
  let mailer: MemoryMailer;
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    db = await testDb();
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  const newCall = (o: { deadline?: Date } = {}) => insertCall(db, { storefrontIds: [...world.demo.storefrontIds], ...o });
  const full = (call: TestCall) => ({
    concept: 'Ein Leseraum mit Siebdruckwerkstatt im Schaufenster.',
    disciplines: ['Grafikdesign', 'Siebdruck'],
    storefronts: [
      { storefrontId: call.storefrontIds[1], rank: 1 },
      { storefrontId: call.storefrontIds[0], rank: 2 },
    ],
    periodStart: '2027-03-05',
    periodEnd: '2027-04-20',
    formats: ['exhibition', 'workshop'],
    expectedAudience: 'Nachbarschaft, Schulklassen',
    needs: ['power', 'darkness'],
    needsNote: 'Ein Starkstromanschluss wäre schön.',
    portfolioLinks: [{ url: 'https://example.org/mappe', label: 'Mappe' }],
    consent: true,
  });

  it('a new person applies: the form makes an applicant account; submitting waits for the confirmed address; the receipt holds a copy', async () => {
    const call = await newCall();
    const { email, token, application, res } = await applyAsNewPerson(server, call.slug, { concept: 'Erster Entwurf' });
    expect(res.body.user).toMatchObject({ email, roles: ['applicant'] });
    expect(res.body.needsVerification).toBe(true);
    expect(res.body.csrfToken).toEqual(expect.any(String));
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    expect(application).toMatchObject({ status: 'draft', concept: 'Erster Entwurf', main: true, locked: false });

    const saved = await request(server, token, 'PATCH', `/api/applications/${application.id}`, full(call));
    expect(saved.status).toBe(200);
    expect(saved.body.consentText).toBe(call.privacyText);
    expect(saved.body.consentAt).toEqual(expect.any(String));

    const early = await request(server, token, 'POST', `/api/applications/${application.id}/submit`);
    expect(early.status).toBe(409);
    expect(early.body.error.key).toBe('application.emailUnverified');

    const link = await linkFrom(mailer, email, '/bewerben/bestaetigen/');
    expect(link).toContain(`/aufrufe/${call.slug}/bewerben/bestaetigen/`);
    expect((await request(server, null, 'POST', `/api/application-verifications/${tokenOf(link)}`)).status).toBe(200);
    expect((await request(server, null, 'POST', `/api/application-verifications/${tokenOf(link)}`)).status).toBe(410);

    const form = await request(server, token, 'GET', `/api/application-forms/${call.slug}`);
    expect(form.body).toMatchObject({ needsVerification: false, application: { id: application.id } });

    const submitted = await request(server, token, 'POST', `/api/applications/${application.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) });
    const mail = await waitFor(
      () => mailer.sent.find((m) => m.to === email && m.subject.includes('Bewerbung eingegangen')),
      5000,
      'the receipt',
    );
    expect(mail?.text).toContain('Ein Leseraum mit Siebdruckwerkstatt im Schaufenster.');
    expect(mail?.text).toContain('https://example.org/mappe');

    const mine = await request(server, token, 'GET', '/api/applications');
    expect(mine.body.items).toEqual([expect.objectContaining({ id: application.id, status: 'submitted', callSlug: call.slug })]);
    expect(JSON.stringify(mine.body)).not.toMatch(/score/i);
  });

  it('an existing designer applies with their account (no confirmation needed); a second draft to the same call is a 409', async () => {
    const call = await newCall();
    const created = await request(server, world.tokens.outsider, 'POST', `/api/application-forms/${call.slug}`, {
      draft: full(call),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user: null, needsVerification: false });
    const again = await request(server, world.tokens.outsider, 'POST', `/api/application-forms/${call.slug}`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.key).toBe('application.exists');
    const submitted = await request(
      server,
      world.tokens.outsider,
      'POST',
      `/api/applications/${created.body.application.id}/submit`,
    );
    expect(submitted.status).toBe(200);
  });

  it('refuses an account form with an address that has an account, and an anonymous start without one', async () => {
    const call = await newCall();
    const taken = await request(server, null, 'POST', `/api/application-forms/${call.slug}`, {
      account: { name: 'X', email: world.emails.outsider, password: 'lang-genug-passwort' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].path).toBe('account.email');
    const none = await request(server, null, 'POST', `/api/application-forms/${call.slug}`, {});
    expect(none.status).toBe(400);
    expect(none.body.error.fields[0].path).toBe('account');
  });

  it('co-applicants: invited by mail, they confirm (a new account) and can edit; another declines', async () => {
    const call = await newCall();
    const main = await request(server, world.tokens.outsider, 'POST', `/api/application-forms/${call.slug}`, {});
    const id = main.body.application.id as string;
    const email = freshEmail();
    const invited = await request(server, world.tokens.outsider, 'POST', `/api/applications/${id}/members`, {
      email,
      name: 'Kim',
    });
    expect(invited.status).toBe(201);
    expect(invited.body.members).toEqual([expect.objectContaining({ email, status: 'invited' })]);
    const dup = await request(server, world.tokens.outsider, 'POST', `/api/applications/${id}/members`, { email });
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields[0].path).toBe('email');

    const link = await linkFrom(mailer, email, '/bewerben/team/');
    const token = tokenOf(link);
    const info = await request(server, null, 'GET', `/api/application-invitations/${token}`);
    expect(info.body).toMatchObject({ email, callSlug: call.slug, accountExists: false, status: 'invited' });
    // Before joining, the invited person is no applicant of it.
    const accepted = await request(server, null, 'POST', `/api/application-invitations/${token}/accept`, {
      name: 'Kim Ko',
      password: PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ applicationId: id, created: true, user: { email, roles: ['applicant'] } });
    expect((await request(server, null, 'POST', `/api/application-invitations/${token}/accept`, {})).status).toBe(410);

    const coToken = await tokenFor(server, email, PASSWORD);
    const edited = await request(server, coToken, 'PATCH', `/api/applications/${id}`, { concept: 'Gemeinsam geschrieben' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ concept: 'Gemeinsam geschrieben', main: false });
    expect(edited.body.members).toEqual([expect.objectContaining({ email, status: 'confirmed', name: 'Kim' })]);
    const mine = await request(server, coToken, 'GET', '/api/applications');
    expect(mine.body.items).toEqual([expect.objectContaining({ id, main: false })]);

    const other = freshEmail();
    await request(server, world.tokens.outsider, 'POST', `/api/applications/${id}/members`, { email: other });
    const declineToken = tokenOf(await linkFrom(mailer, other, '/bewerben/team/'));
    expect((await request(server, null, 'POST', `/api/application-invitations/${declineToken}/decline`)).status).toBe(204);
    expect((await request(server, null, 'GET', `/api/application-invitations/${declineToken}`)).status).toBe(410);
    const after = await request(server, world.tokens.outsider, 'GET', `/api/applications/${id}`);
    expect(after.body.members.find((m: { email: string }) => m.email === other).status).toBe('declined');
  });

  it('autosave: a PATCH changes only the fields it names', async () => {
    const call = await newCall();
    const { token, application } = await applyAsNewPerson(server, call.slug, full(call));
    const res = await request(server, token, 'PATCH', `/api/applications/${application.id}`, { needsNote: 'Nur Licht' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      needsNote: 'Nur Licht',
      concept: full(call).concept,
      storefronts: [
        { storefrontId: call.storefrontIds[1], rank: 1 },
        { storefrontId: call.storefrontIds[0], rank: 2 },
      ],
      portfolioLinks: [{ url: 'https://example.org/mappe', label: 'Mappe' }],
    });
    const withdrawnConsent = await request(server, token, 'PATCH', `/api/applications/${application.id}`, { consent: false });
    expect(withdrawnConsent.body).toMatchObject({ consentAt: null, consentText: null });
  });

  it('locks the application at the deadline (server clock): 409 application.locked, shown as locked', async () => {
    const call = await newCall();
    const { token, application } = await applyAsNewPerson(server, call.slug, { concept: 'Vor der Frist' });
    await db.query(`update calls set deadline = now() - interval '1 minute' where id = $1`, [call.id]);
    const res = await request(server, token, 'PATCH', `/api/applications/${application.id}`, { concept: 'Nach der Frist' });
    expect(res.status).toBe(409);
    expect(res.body.error.key).toBe('application.locked');
    const read = await request(server, token, 'GET', `/api/applications/${application.id}`);
    expect(read.body).toMatchObject({ locked: true, concept: 'Vor der Frist' });
    const invite = await request(server, token, 'POST', `/api/applications/${application.id}/members`, { email: freshEmail() });
    expect(invite.status).toBe(409);
    const late = await request(server, world.tokens.designer, 'POST', `/api/application-forms/${call.slug}`, {});
    expect(late.status).toBe(409);
  });

  it('withdraw and delete before the decision; 409 once shortlisted', async () => {
    const call = await newCall();
    const a = await applyAsNewPerson(server, call.slug);
    const withdrawn = await request(server, a.token, 'POST', `/api/applications/${a.application.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', locked: true, withdrawnAt: expect.any(String) });
    expect(
      (await request(server, a.token, 'PATCH', `/api/applications/${a.application.id}`, { concept: 'x' })).body.error.key,
    ).toBe('application.notEditable');

    const b = await applyAsNewPerson(server, call.slug);
    expect((await request(server, b.token, 'DELETE', `/api/applications/${b.application.id}`)).status).toBe(204);
    expect((await db.query('select 1 from applications where id = $1', [b.application.id])).rows).toHaveLength(0);
    expect((await request(server, b.token, 'GET', `/api/applications/${b.application.id}`)).status).toBe(404);

    const c = await applyAsNewPerson(server, call.slug);
    await db.query(`update applications set status = 'shortlisted' where id = $1`, [c.application.id]);
    for (const [method, path] of [
      ['POST', `/api/applications/${c.application.id}/withdraw`],
      ['DELETE', `/api/applications/${c.application.id}`],
    ] as const) {
      const res = await request(server, c.token, method, path);
      expect(res.status, path).toBe(409);
      expect(res.body.error.key).toBe('application.decided');
    }
  });

  it('another applicant can neither read nor change the application (403); an unknown id is 404', async () => {
    const call = await newCall();
    const a = await applyAsNewPerson(server, call.slug, { concept: 'Geheim' });
    const b = await applyAsNewPerson(server, call.slug);
    const path = `/api/applications/${a.application.id}`;
    expect((await request(server, b.token, 'GET', path)).status).toBe(403);
    expect((await request(server, b.token, 'PATCH', path, { concept: 'Übernommen' })).status).toBe(403);
    expect((await request(server, b.token, 'POST', `${path}/withdraw`)).status).toBe(403);
    expect((await request(server, b.token, 'DELETE', path)).status).toBe(403);
    expect((await request(server, null, 'GET', path)).status).toBe(401);
    expect((await request(server, b.token, 'GET', `/api/applications/${randomUUID()}`)).status).toBe(404);
    const mine = await request(server, b.token, 'GET', '/api/applications');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([b.application.id]);
  });

  it('the privacy export of an applicant holds their application and their team membership', async () => {
    const call = await newCall();
    const a = await applyAsNewPerson(server, call.slug, { concept: 'Für den Export' });
    const coEmail = freshEmail();
    await request(server, a.token, 'POST', `/api/applications/${a.application.id}/members`, { email: coEmail, name: 'Co' });
    const coLink = tokenOf(await linkFrom(mailer, coEmail, '/bewerben/team/'));
    await request(server, null, 'POST', `/api/application-invitations/${coLink}/accept`, {
      name: 'Co Autorin',
      password: PASSWORD,
    });
    const files = async (token: string) => {
      const res = await fetch(`${server.url}/api/account/export`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      const zip = unzipSync(new Uint8Array(await res.arrayBuffer()));
      return (name: string) => JSON.parse(Buffer.from(zip[name] ?? '[]').toString('utf8')) as Record<string, unknown>[];
    };
    const mine = await files(a.token);
    expect(mine('tables/applications.json')).toEqual([
      expect.objectContaining({ id: a.application.id, concept: 'Für den Export' }),
    ]);
    expect(mine('tables/applicant_verifications.json')).toEqual([expect.not.objectContaining({ token_hash: expect.anything() })]);
    const co = await files(await tokenFor(server, coEmail, PASSWORD));
    expect(co('tables/application_members.json')).toEqual([
      expect.objectContaining({ application_id: a.application.id, email: coEmail, status: 'confirmed' }),
    ]);
  });

  it('bad bodies are 400s naming the field: a javascript: link, a storefront outside the call, a rank twice', async () => {
    const call = await newCall();
    const { token, application } = await applyAsNewPerson(server, call.slug);
    const path = `/api/applications/${application.id}`;
    const cases: [unknown, string, string][] = [
      [{ portfolioLinks: [{ url: 'javascript:alert(1)' }] }, 'portfolioLinks.0.url', 'application.linkScheme'],
      [
        { portfolioLinks: [{ url: 'https://ok.example' }, { url: 'ftp://x.example' }] },
        'portfolioLinks.1.url',
        'application.linkScheme',
      ],
      [
        { storefronts: [{ storefrontId: randomUUID(), rank: 1 }] },
        'storefronts.0.storefrontId',
        'application.storefrontNotInCall',
      ],
      [
        {
          storefronts: [
            { storefrontId: call.storefrontIds[0], rank: 1 },
            { storefrontId: call.storefrontIds[1], rank: 1 },
          ],
        },
        'storefronts.1.rank',
        'application.rankDuplicate',
      ],
      [{ periodStart: '2027-05-01', periodEnd: '2027-04-01' }, 'periodEnd', 'application.periodOrder'],
      [{ formats: ['circus'] }, 'formats.0', 'field.invalidValue'],
    ];
    for (const [body, field, key] of cases) {
      const res = await request(server, token, 'PATCH', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields, JSON.stringify(body)).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: field, key })]),
      );
    }
    const unchanged = await request(server, token, 'GET', path);
    expect(unchanged.body).toMatchObject({ portfolioLinks: [], storefronts: [] });

    // Submitting an empty draft names what is missing.
    const verify = tokenOf(
      await linkFrom(mailer, (await request(server, token, 'GET', '/api/auth/session')).body.user.email, '/bestaetigen/'),
    );
    await request(server, null, 'POST', `/api/application-verifications/${verify}`);
    const empty = await request(server, token, 'POST', `${path}/submit`);
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['concept', 'consent', 'storefronts']);
  });
});
