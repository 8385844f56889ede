import { describe, expect } from 'vitest';
import { toJSON } from '@planner/shared';
import { MemoryMailer, type MailMessage } from '@planner/server/platform/mail/mailer';
import { test, waitFor } from '../../helpers/fixtures.ts';
import { apiFor, type Api } from '../../helpers/api.ts';
import { sharedDatabase } from '../../helpers/db.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../accounts/fixtures.ts';
import { insertApplication, insertCall, insertStorefront, person, type CallFixture, type Person } from './fixtures.ts';

/**
 * Shortlist, owner agreement, selection into a draft plan, and the decision mails (issue 16).
 */
describe('selection', () => {
  let server: TestServer;
  let world: World;
  let staff: Api;
  let lead: Person;
  let co: Person;
  let english: Person;
  let third: Person;
  let call: CallFixture;
  let own: string;
  let other: string;
  let selectedApp: string;
  let declinedApp: string;
  let waitlistApp: string;

  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    staff = world.api.staff;
    lead = await person(server, 'Lea Leitung', ['applicant']);
    co = await person(server, 'Cora Co', ['applicant']);
    english = await person(server, 'Emma English', ['applicant'], 'en');
    third = await person(server, 'Theo Dritter', ['applicant']);
    own = await insertStorefront(world.demo.storefrontIds[0], world.userIds.owner, 'Auswahl-Laden Eins');
    other = await insertStorefront(world.demo.storefrontIds[1], world.userIds.otherOwner, 'Auswahl-Laden Zwei');
    call = await insertCall({ storefrontIds: [own, other], jurors: [], title: 'Sommer im Quartier' });
    selectedApp = await insertApplication({
      callId: call.callId,
      applicantId: lead.id,
      storefrontIds: [own, other],
      concept: 'Lichtwerkstatt\nEin Raum aus Licht und Klang.',
      coApplicants: [{ id: co.id, name: co.name, email: co.email }],
      periodStart: '2027-05-01',
      periodEnd: '2027-05-04',
    });
    declinedApp = await insertApplication({
      callId: call.callId,
      applicantId: english.id,
      storefrontIds: [other],
      concept: 'Paper city',
      locale: 'en',
    });
    waitlistApp = await insertApplication({
      callId: call.callId,
      applicantId: third.id,
      storefrontIds: [own],
      concept: 'Klangteppich',
    });
  });

  test('shortlisting tells the owner; only the owner of a ranked storefront answers', async () => {
    const res = await staff.post(`/api/selection/calls/${call.callId}/applications/${selectedApp}/shortlist`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('shortlisted');
    const note = await waitFor(async () => {
      const n = await world.api.owner1.get('/api/notifications');
      return n.body.items.find((x: { kind: string }) => x.kind === 'call-shortlisted');
    });
    expect(note.params).toMatchObject({ call: 'Sommer im Quartier', storefront: 'Auswahl-Laden Eins' });
    expect(note.link).toBe('/kurzliste');

    // The owner's list holds the concept for their storefront only.
    const mine = await world.api.owner1.get('/api/shortlist');
    const item = mine.body.items.find((x: { applicationId: string }) => x.applicationId === selectedApp);
    expect(item).toMatchObject({
      storefrontId: own,
      concept: 'Lichtwerkstatt\nEin Raum aus Licht und Klang.',
      formats: ['exhibition', 'workshop'],
      answer: null,
    });
    expect(mine.body.items.some((x: { storefrontId: string }) => x.storefrontId === other)).toBe(false);

    const answerPath = (sf: string, app = selectedApp) => `/api/shortlist/applications/${app}/storefronts/${sf}`;
    // owner2 owns the second choice: they may answer for it, never for owner1's storefront.
    expect((await world.api.owner2.put(answerPath(own), { answer: 'agree' })).status).toBe(403);
    expect((await world.api.designer1.put(answerPath(own), { answer: 'agree' })).status).toBe(403);
    expect((await world.api.owner1.put(answerPath(other), { answer: 'agree' })).status).toBe(403);
    // Staff read, but never answer for an owner.
    expect((await staff.put(answerPath(own), { answer: 'agree' })).status).toBe(403);
    // An objection needs a reason; an application not shortlisted has nothing to answer.
    const noReason = await world.api.owner1.put(answerPath(own), { answer: 'object' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].path).toBe('text');
    expect((await world.api.owner1.put(answerPath(own, waitlistApp), { answer: 'agree' })).status).toBe(404);

    const objected = await world.api.owner1.put(answerPath(own), { answer: 'object', text: 'Keine Musik nach 20 Uhr' });
    expect(objected.status).toBe(200);
    expect(objected.body).toMatchObject({ answer: 'object', text: 'Keine Musik nach 20 Uhr' });
    const agreed = await world.api.owner2.put(answerPath(other), { answer: 'agree' });
    expect(agreed.status).toBe(200);

    const board = await staff.get(`/api/selection/calls/${call.callId}`);
    const row = board.body.items.find((x: { applicationId: string }) => x.applicationId === selectedApp);
    expect(row.ownerAnswers.map((a: { storefrontId: string; answer: string }) => `${a.storefrontId}:${a.answer}`).sort()).toEqual(
      [`${own}:object`, `${other}:agree`].sort(),
    );
  });

  test('selecting against an objection needs an acknowledgement; selection makes exactly one draft plan', async ({ openDoc }) => {
    const path = `/api/selection/calls/${call.callId}/applications/${selectedApp}/decide`;
    const refused = await staff.post(path, { decision: 'selected' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.key).toBe('selection.objectionNotAcknowledged');
    const bad = await staff.post(path, { decision: 'selected', storefrontId: world.demo.storefrontIds[0] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('storefrontId');
    expect((await world.api.owner1.post(path, { decision: 'selected' })).status).toBe(403);

    const [first, second] = await Promise.all([
      staff.post(path, { decision: 'selected', acknowledgeObjection: true }),
      staff.post(path, { decision: 'selected', acknowledgeObjection: true }),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const planId = first.body.planId as string;
    expect(second.body.planId).toBe(planId);
    const again = await staff.post(path, { decision: 'selected', acknowledgeObjection: true });
    expect(again.body.planId).toBe(planId);
    const db = await sharedDatabase();
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from plans p join plan_members m on m.plan_id = p.id and m.user_id = $1`,
      [lead.id],
    );
    expect(rows[0]!.n).toBe(1);
    const link = await db.query<{ plan_id: string; status: string }>('select plan_id, status from applications where id = $1', [
      selectedApp,
    ]);
    expect(link.rows[0]).toEqual({ plan_id: planId, status: 'selected' });

    // The plan: first-ranked storefront, draft, the applicants as designers with the main applicant leading.
    const plan = await apiFor(server, lead.token).get(`/api/plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ storefrontId: own, status: 'draft' });
    const members = await staff.get(`/api/plans/${planId}/members`);
    const byUser = new Map(members.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]));
    expect(byUser.get(lead.id)).toBe('designer');
    expect(byUser.get(co.id)).toBe('designer');
    const leadRow = await db.query<{ lead_id: string }>('select lead_id from plans where id = $1', [planId]);
    expect(leadRow.rows[0]!.lead_id).toBe(lead.id);
    const roles = await db.query<{ roles: string[] }>('select roles from users where id = $1', [co.id]);
    expect(roles.rows[0]!.roles).toContain('designer');

    // The document, read with the stock y-websocket client as the lead designer.
    const client = await openDoc(planId, lead.token);
    const { plan: doc } = toJSON(client.doc);
    expect(doc.meta.title).toBe('Lichtwerkstatt');
    expect(doc.concept).toBe('Lichtwerkstatt\nEin Raum aus Licht und Klang.');
    const entries = Object.values(doc.schedule).sort((a, b) => a.start.localeCompare(b.start));
    expect(entries.map((e) => `${e.kind}@${e.start}`)).toEqual([
      'setup@2027-05-01T10:00:00+02:00',
      'open-hours@2027-05-02T12:00:00+02:00',
      'opening@2027-05-02T18:00:00+02:00',
      'open-hours@2027-05-03T12:00:00+02:00',
      'teardown@2027-05-04T10:00:00+02:00',
    ]);
    const tasks = Object.values(doc.tasks);
    const checklist = await db.query<{ title: string; days_before: number | null }>(
      'select title, days_before from checklist_templates',
    );
    expect(tasks.map((t) => t.title).sort()).toEqual(checklist.rows.map((r) => r.title).sort());
    expect(tasks.every((t) => t.assignee === lead.id && t.status === 'todo')).toBe(true);
    const keys = checklist.rows.find((r) => r.days_before === 7);
    if (keys) expect(tasks.find((t) => t.title === keys.title)!.due).toBe('2027-04-24');

    // A selected application cannot be declined afterwards.
    expect((await staff.post(path, { decision: 'declined' })).status).toBe(409);
  });

  test('bulk send: one mail per application in its language, failures kept and retried, never twice', async () => {
    expect(
      (await staff.post(`/api/selection/calls/${call.callId}/applications/${declinedApp}/decide`, { decision: 'declined' }))
        .status,
    ).toBe(200);
    expect(
      (await staff.post(`/api/selection/calls/${call.callId}/applications/${waitlistApp}/decide`, { decision: 'waitlisted' }))
        .status,
    ).toBe(200);

    const templates = await staff.get(`/api/selection/calls/${call.callId}/mail-templates`);
    expect(templates.status).toBe(200);
    expect(templates.body.items).toHaveLength(6);
    const saved = await staff.put(`/api/selection/calls/${call.callId}/mail-templates/selected/de`, {
      subject: 'Ausgewählt: {call}',
      body: 'Hallo {name}, Ihr Laden: {storefront}. Plan: {plan_link}',
    });
    expect(saved.status).toBe(200);
    const badTemplate = await staff.put(`/api/selection/calls/${call.callId}/mail-templates/selected/de`, {
      subject: '',
      body: 'x',
    });
    expect(badTemplate.status).toBe(400);
    expect(badTemplate.body.error.fields[0].path).toBe('subject');
    const preview = await staff.get(
      `/api/selection/calls/${call.callId}/mail-preview?kind=selected&applicationId=${selectedApp}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Ausgewählt: Sommer im Quartier');
    expect(preview.body.text).toMatch(/^Hallo Lea Leitung, Ihr Laden: Auswahl-Laden Eins\. Plan: http.*\/plans\/[0-9a-f-]{36}$/);
    expect(preview.body.to).toBe(lead.email);

    // The mailer fails for the English applicant the first time.
    const good = new MemoryMailer();
    let failNext = true;
    server.app.auth.mailer = {
      kind: 'memory',
      async send(m: MailMessage) {
        if (m.to === english.email && failNext) {
          failNext = false;
          throw new Error('SMTP 451 greylisted');
        }
        await good.send(m);
      },
      async close() {},
    };
    const sent = await staff.post(`/api/selection/calls/${call.callId}/mail-sends`, {
      kinds: ['selected', 'declined', 'waitlisted'],
    });
    expect(sent.status).toBe(202);
    expect(sent.body.items).toHaveLength(3);
    await server.app.decisionMails.idle();
    let progress = await staff.get(`/api/selection/calls/${call.callId}/mail-sends`);
    expect(progress.body.counts).toEqual({ pending: 0, sent: 2, failed: 1 });
    const failed = progress.body.items.find((r: { status: string }) => r.status === 'failed');
    expect(failed).toMatchObject({ applicationId: declinedApp, lastError: 'SMTP 451 greylisted', attempts: 1 });
    expect(good.sent.map((m) => m.to).sort()).toEqual([lead.email, third.email].sort());
    expect(good.sent.find((m) => m.to === third.email)!.subject).toContain('Nachrückliste');

    // Sending again queues nothing new: no application gets a kind twice.
    await staff.post(`/api/selection/calls/${call.callId}/mail-sends`, { kinds: ['selected', 'declined', 'waitlisted'] });
    await server.app.decisionMails.idle();
    expect(good.sent).toHaveLength(2);

    const retried = await staff.post(`/api/selection/calls/${call.callId}/mail-sends/retry`);
    expect(retried.status).toBe(202);
    await server.app.decisionMails.idle();
    progress = await staff.get(`/api/selection/calls/${call.callId}/mail-sends`);
    expect(progress.body.counts).toEqual({ pending: 0, sent: 3, failed: 0 });
    const englishMail = good.sent.find((m) => m.to === english.email)!;
    expect(englishMail.subject).toBe('Your application for “Sommer im Quartier”');
    expect(englishMail.text).toContain('Hello Emma English');
    expect(good.sent).toHaveLength(3);
    // Applicants and owners reach none of it.
    expect((await apiFor(server, lead.token).get(`/api/selection/calls/${call.callId}/mail-sends`)).status).toBe(403);
    expect((await world.api.owner1.get(`/api/selection/calls/${call.callId}/mail-templates`)).status).toBe(403);
  });

  test('staff keep the checklist template', async () => {
    const before = await staff.get('/api/checklist-template');
    expect(before.status).toBe(200);
    expect((await world.api.designer1.get('/api/checklist-template')).status).toBe(403);
    const bad = await staff.put('/api/checklist-template', { items: [{ title: 'x', daysBefore: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('items.0.daysBefore');
    // Put it back as it was (the template is shared by the tests of this run).
    const same = await staff.put('/api/checklist-template', {
      items: before.body.items.map((i: { id: string; title: string; daysBefore: number | null }) => ({
        id: i.id,
        title: i.title,
        daysBefore: i.daysBefore,
      })),
    });
    expect(same.status).toBe(200);
    expect(same.body.items.map((i: { title: string }) => i.title)).toEqual(
      before.body.items.map((i: { title: string }) => i.title),
    );
  });
});
