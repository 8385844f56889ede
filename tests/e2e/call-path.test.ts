import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getConcept, planRoots } from '@planner/shared';
import type { Database } from '@planner/server';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { test, waitFor } from '../helpers/fixtures.ts';
import { request } from '../helpers/api.ts';
import { browserSuites, screenshot } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { openSyncedDoc } from '../helpers/yjs.ts';
import type { World } from '../integration/accounts/fixtures.ts';
import { testDb } from '../integration/accounts/fixtures.ts';
import { applyAsNewPerson, linkFrom, tokenOf } from '../integration/applications/fixtures.ts';
import { berlinLocalIn } from '../integration/calls/helpers.ts';

/**
 * Issue 16, "Chromium, the whole path", on a real server with real Chromium (de-DE):
 * staff create and publish a call in the UI (a staff juror, an external juror invited by mail who accepts
 * from the link, a viewing slot); an anonymous visitor finds it under /aufrufe, makes the account inside
 * the application form, confirms the address from the mail, invites a co-applicant (who joins from the
 * mailed link in a second browser, making an account), books the viewing and submits; a second person
 * applies (through the API: that part of the path is covered above); the deadline passes; both jurors
 * score in the UI and the external one declares a conflict on the second application; staff shortlist,
 * the owner agrees on a phone (390 px), staff decline the second and select the first; the draft plan
 * holds both applicants, the concept and the checklist tasks; staff send the decision mails and the
 * declined applicant's mail is in the captured outbox.
 */
describe.runIf(browserSuites())('an open call from creation to plan in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  let mailer: MemoryMailer;
  let db: Database;
  const contexts: BrowserContext[] = [];

  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
    db = await testDb();
  });
  test.afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
  });

  const context = async (width = 1280, height = 900): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport: { width, height }, locale: 'de-DE' });
    contexts.push(ctx);
    return ctx;
  };
  /** A context signed in as `email` through the login endpoint (session cookie). */
  const signedIn = async (email: string, password: string, width?: number, height?: number) => {
    const ctx = await context(width, height);
    const res = await ctx.request.post(`${server.url}/api/auth/login`, {
      data: { email, password },
      headers: { origin: server.url },
    });
    expect(res.ok(), `login of ${email}`).toBe(true);
    return ctx;
  };
  const newPage = async (ctx: BrowserContext): Promise<Page> => {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    return page;
  };
  /** The site-relative path of the newest mail to `to` with a link containing `part`. */
  const mailedPath = async (to: string, part: string) => new URL(await linkFrom(mailer, to, part)).pathname;
  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  it('staff publish a call; a new person applies with a co-applicant; the jury scores; the owner agrees; the selection becomes a plan; mails go out', async () => {
    const tag = randomUUID().slice(0, 6);

    // ── setup: a storefront of owner1 in a quarter that sorts first (the call form lists 200 storefronts) ──
    const q = await world.api.staff.post('/api/quarters', { name: `Aaa Pfadquartier ${tag}`, slug: `aaa-pfad-${tag}` });
    expect(q.status).toBe(201);
    const sfTitle = `Pfad-Laden ${tag}`;
    const sf = await world.api.staff.post('/api/storefronts', {
      quarterId: q.body.id,
      title: sfTitle,
      address: 'Münsterstraße 5, 44145 Dortmund',
      lat: 51.522,
      lng: 7.463,
      areaM2: 55,
      outline: [
        { x: 0, y: 0 },
        { x: 500, y: 0 },
        { x: 500, y: 900 },
        { x: 0, y: 900 },
      ],
    });
    expect(sf.status).toBe(201);
    const storefrontId: string = sf.body.id;
    // The owner of a storefront is set by the storefront's registration, which is not part of this path.
    await db.query('update storefronts set owner_id = $1 where id = $2', [world.userIds.owner, storefrontId]);

    // ── staff create the call in the UI ──
    const title = `Licht im Laden ${tag}`;
    const staffCtx = await signedIn(world.emails.staff, world.password);
    const staff = await newPage(staffCtx);
    await staff.goto(`${server.url}/calls/new`);
    await staff.getByLabel('Titel', { exact: true }).fill(title);
    await staff.getByLabel('Ausschreibungstext').fill('Sechs Wochen Schaufenster und Ladenfläche in der Nordstadt.');
    await staff.getByLabel('Gesuchte Disziplinen (durch Komma getrennt)').fill('Licht, Ausstellung');
    await staff.locator('#call-periodStart').fill('2027-06-01');
    await staff.locator('#call-periodEnd').fill('2027-07-12');
    // `fill` sets a datetime-local field's value in ISO form, whatever order the browser shows the segments in.
    const deadline = berlinLocalIn(14, '12:00');
    await staff.locator('#call-deadline').fill(deadline);
    expect(await staff.locator('#call-deadline').inputValue()).toBe(deadline);
    const box = staff.getByLabel(new RegExp(sfTitle));
    await expect.poll(() => box.count(), { timeout: 20_000 }).toBe(1);
    await box.check();
    await staff.getByLabel('Kriterium 1').fill('Idee');
    await staff.getByRole('button', { name: 'Termin hinzufügen' }).click();
    const viewing = berlinLocalIn(7, '10:00');
    await staff.locator('#v-start-0').fill(viewing);
    await staff.locator('#v-end-0').fill(viewing.replace('T10:00', 'T11:00'));
    await staff.locator('#v-cap-0').fill('4');
    await staff.getByLabel('Datenschutzhinweis für Bewerbungen').fill(`Ihre Daten werden nur für „${title}“ verarbeitet.`);
    await staff.getByTestId('call-submit').click();
    await staff.waitForURL(/\/calls\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const callId = /\/calls\/([0-9a-f-]{36})$/.exec(staff.url())![1]!;
    await expect.poll(() => staff.getByTestId('call-status').first().textContent(), { timeout: 20_000 }).toBe('Entwurf');

    // Two jurors: staff themselves, and an external juror invited by e-mail.
    await staff.getByRole('button', { name: /Jurorinnen und Juroren aus dem Team/ }).click();
    const juryList = staff.locator('section[aria-labelledby="jury-h"] > ul').first();
    await expect.poll(() => juryList.textContent(), { timeout: 20_000 }).toContain(world.emails.staff);
    const jurorEmail = `e2e-jurorin-${tag}@test.example`;
    await staff.locator('#inv-email').fill(jurorEmail);
    await staff.locator('#inv-name').fill('Jola Extern');
    await staff.getByRole('button', { name: 'Einladung senden' }).click();
    await expect
      .poll(() => staff.getByTestId('call-message').textContent(), { timeout: 20_000 })
      .toBe('Die Einladung ist verschickt.');

    // Publish, confirmed in the dialog.
    await staff.getByTestId('publish').click();
    await staff.getByRole('dialog').getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect
      .poll(() => staff.getByTestId('call-message').textContent(), { timeout: 20_000 })
      .toBe('Der Aufruf ist veröffentlicht.');
    const slug = (await staff.getByTestId('public-link').getAttribute('href'))!.replace('/aufrufe/', '');

    // ── the external juror accepts from the mailed link, making an account ──
    const jurorPassword = 'jurorin-mit-langem-passwort';
    const jurorCtx = await context();
    const jurorPage = await newPage(jurorCtx);
    await jurorPage.goto(`${server.url}${await mailedPath(jurorEmail, '/jury-einladung/')}`);
    await jurorPage.locator('#ji-name').fill('Jola Extern');
    await jurorPage.locator('#ji-pw').fill(jurorPassword);
    await jurorPage.getByRole('button', { name: 'Einladung annehmen' }).click();
    await jurorPage.getByText('Willkommen in der Jury').waitFor({ timeout: 20_000 });
    const jurors = (await world.api.staff.get(`/api/calls/${callId}`)).body.jurors as { userId: string; email: string }[];
    expect(jurors.map((j) => j.email).sort()).toEqual([jurorEmail, world.emails.staff].sort());

    // ── an anonymous visitor reads the call and applies, making the account inside the form ──
    const applicantEmail = `e2e-pfad-${tag}@test.example`;
    const applicantPassword = 'ein-langer-satz-als-passwort';
    const visitorCtx = await context();
    const visitor = await newPage(visitorCtx);
    await visitor.goto(`${server.url}/aufrufe`);
    const item = visitor.getByTestId('call-item').filter({ hasText: title });
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.getByRole('link', { name: title }).click();
    await visitor.waitForURL(`**/aufrufe/${slug}`);
    await expect.poll(() => visitor.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe(title);
    await visitor.getByTestId('apply-link').click();
    await visitor.waitForURL(`**/aufrufe/${slug}/bewerben`);
    await visitor.getByLabel('Name', { exact: true }).fill('Mira Licht');
    await visitor.getByLabel('E-Mail-Adresse', { exact: true }).fill(applicantEmail);
    await visitor.getByLabel('Passwort', { exact: true }).fill(applicantPassword);
    await visitor.getByLabel('Passwort wiederholen').fill(applicantPassword);
    await visitor.getByTestId('create-account').click();

    const concept = `Lichtwerkstatt ${tag}\nEin Schaufenster aus Licht und Papier, abends begehbar.`;
    const conceptField = visitor.getByLabel('Konzept', { exact: true });
    await conceptField.waitFor({ timeout: 20_000 });
    await conceptField.fill(concept);
    await visitor.locator(`#rank-${storefrontId}`).selectOption({ label: 'Rang 1' });
    await visitor.getByLabel('Workshop').check();
    await visitor.getByLabel('Strom').check();
    await visitor.getByLabel('Ich willige in die Verarbeitung').check();
    await expect.poll(() => visitor.getByTestId('save-state').textContent(), { timeout: 20_000 }).toContain('Gespeichert');

    // The address is confirmed from the mailed link.
    await visitor.goto(`${server.url}${await mailedPath(applicantEmail, '/bewerben/bestaetigen/')}`);
    await visitor.getByTestId('verified').waitFor({ timeout: 20_000 });
    await visitor.getByRole('link', { name: 'Zurück zur Bewerbung' }).click();
    await visitor.getByTestId('submit-application').waitFor({ timeout: 20_000 });
    expect(await visitor.getByTestId('verify-note').count()).toBe(0);

    // A co-applicant, invited by e-mail, joins from the link in a browser of their own (making an account).
    const coEmail = `e2e-pfad-team-${tag}@test.example`;
    await visitor.getByLabel('E-Mail-Adresse der Person').fill(coEmail);
    await visitor.getByLabel('Name (optional)').fill('Kai Papier');
    await visitor.getByRole('button', { name: 'Ins Team einladen' }).click();
    await expect.poll(() => visitor.locator('#team-h + ul').textContent(), { timeout: 20_000 }).toContain('eingeladen');
    const coCtx = await context();
    const co = await newPage(coCtx);
    await co.goto(`${server.url}${await mailedPath(coEmail, '/bewerben/team/')}`);
    await co.locator('#co-name').fill('Kai Papier');
    await co.locator('#co-password').fill('kai-papier-passwort-lang');
    await co.locator('#co-password2').fill('kai-papier-passwort-lang');
    await co.getByRole('button', { name: 'Dem Team beitreten' }).click();
    await co.waitForURL(`**/aufrufe/${slug}/bewerben`, { timeout: 20_000 });

    // The applicant books the viewing on the call page.
    await visitor.goto(`${server.url}/aufrufe/${slug}`);
    const slot = visitor.getByTestId('viewing').first();
    await expect.poll(() => slot.textContent(), { timeout: 20_000 }).toContain('4 von 4 Plätzen frei');
    await slot.getByRole('button', { name: 'Platz buchen' }).click();
    await expect
      .poll(() => visitor.getByTestId('viewing-message').textContent(), { timeout: 20_000 })
      .toContain('Ihr Platz ist gebucht');
    await expect.poll(() => slot.textContent(), { timeout: 20_000 }).toContain('3 von 4 Plätzen frei');

    // Back in the form: the co-applicant is in the team; submit.
    await visitor.getByTestId('apply-link').click();
    await visitor.waitForURL(`**/aufrufe/${slug}/bewerben`);
    await expect.poll(() => visitor.locator('#team-h + ul').textContent(), { timeout: 20_000 }).toContain('im Team');
    expect(await conceptField.inputValue()).toBe(concept);
    await visitor.getByTestId('submit-application').click();
    await expect
      .poll(() => visitor.getByTestId('application-status').first().textContent(), { timeout: 20_000 })
      .toBe('Abgegeben');
    await screenshot(visitor, 'call-path-submitted');

    // ── a second person applies (through the API: the UI part of applying is covered just above) ──
    const second = await applyAsNewPerson(server, slug);
    const concept2 = `Klangraum ${tag}\nEin Hörspiel im leeren Laden.`;
    const patched = await request(server, second.token, 'PATCH', `/api/applications/${second.application.id}`, {
      concept: concept2,
      storefronts: [{ storefrontId, rank: 1 }],
      consent: true,
    });
    expect(patched.status).toBe(200);
    expect(
      (
        await request(
          server,
          null,
          'POST',
          `/api/application-verifications/${tokenOf(await linkFrom(mailer, second.email, '/bewerben/bestaetigen/'))}`,
        )
      ).status,
    ).toBe(200);
    expect((await request(server, second.token, 'POST', `/api/applications/${second.application.id}/submit`)).status).toBe(200);

    // ── the deadline passes ──
    await db.query(`update calls set deadline = now() - interval '1 minute' where id = $1`, [callId]);
    const board0 = await world.api.staff.get(`/api/selection/calls/${callId}`);
    const firstApp = (board0.body.items as { applicationId: string; title: string }[]).find(
      (i) => i.title === `Lichtwerkstatt ${tag}`,
    )!;
    const secondApp = (board0.body.items as { applicationId: string; title: string }[]).find(
      (i) => i.title === `Klangraum ${tag}`,
    )!;
    expect(firstApp && secondApp).toBeTruthy();

    // ── both jurors score in the UI; the external juror declares a conflict on the second application ──
    const progress = async () =>
      (
        (await world.api.staff.get(`/api/jury/calls/${callId}/ranking`)).body.jurors as {
          name: string;
          scored: number;
          conflicts: number;
        }[]
      )
        .map((j) => `${j.name}:${j.scored}/${j.conflicts}`)
        .sort();
    const score = async (page: Page, appTitle: string, points: string, comment: string) => {
      const sheet = page.getByTestId('score-sheet').filter({ has: page.getByRole('heading', { name: appTitle }) });
      await expect.poll(() => sheet.count(), { timeout: 20_000 }).toBe(1);
      await sheet.getByRole('radio', { name: points, exact: true }).check();
      await sheet.getByLabel(/^Kommentar/).fill(comment);
      await sheet.getByRole('button', { name: 'Bewertung speichern' }).click();
    };
    await staff.goto(`${server.url}/jury/${callId}`);
    await score(staff, `Lichtwerkstatt ${tag}`, '4', 'Stark im Ort verankert');
    await expect.poll(progress, { timeout: 20_000 }).toContain(`${world.demo.users.staff.name}:1/0`);
    await score(staff, `Klangraum ${tag}`, '2', 'Wenig Bezug zum Schaufenster');
    await expect.poll(progress, { timeout: 20_000 }).toContain(`${world.demo.users.staff.name}:2/0`);

    const jurorSignedIn = await signedIn(jurorEmail, jurorPassword);
    const juror = await newPage(jurorSignedIn);
    await juror.goto(`${server.url}/jury/${callId}`);
    await score(juror, `Lichtwerkstatt ${tag}`, '5', 'Sehr schön');
    await expect.poll(progress, { timeout: 20_000 }).toContain('Jola Extern:1/0');
    const conflicted = juror.getByTestId('score-sheet').filter({ has: juror.getByRole('heading', { name: `Klangraum ${tag}` }) });
    await conflicted.getByRole('button', { name: 'Interessenkonflikt erklären' }).click();
    const conflictDialog = juror.getByRole('dialog');
    await conflictDialog.getByLabel('Anmerkung (optional)').fill('Ich kenne die Bewerberin persönlich.');
    await conflictDialog.getByRole('button', { name: 'Interessenkonflikt erklären' }).click();
    await expect.poll(() => conflicted.getByTestId('conflict-note').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(progress, { timeout: 20_000 }).toContain('Jola Extern:1/1');

    // ── staff see the ranking and shortlist the first application ──
    await staff.goto(`${server.url}/jury/${callId}/auswertung`);
    const ranking = staff.getByTestId('ranking-row');
    await expect.poll(() => ranking.count(), { timeout: 20_000 }).toBe(2);
    expect(await ranking.first().textContent()).toContain(`Lichtwerkstatt ${tag}`);
    expect(await ranking.first().getByTestId('ranking-mean').textContent()).toBe('4,5');
    expect(await ranking.nth(1).textContent()).toContain('1 Konflikte');
    const row1 = staff.getByTestId('decision-row').filter({ hasText: `Lichtwerkstatt ${tag}` });
    const row2 = staff.getByTestId('decision-row').filter({ hasText: `Klangraum ${tag}` });
    const confirmDialog = staff.getByTestId('confirm-dialog');
    await row1.getByRole('button', { name: 'Auf die Kurzliste' }).click();
    await confirmDialog.getByRole('button', { name: 'Auf die Kurzliste' }).click();
    await expect.poll(() => row1.getByTestId('decision-status').textContent(), { timeout: 20_000 }).toBe('auf der Kurzliste');

    // ── the owner agrees on a phone ──
    const ownerCtx = await signedIn(world.emails.owner, world.password, 390, 844);
    const owner = await newPage(ownerCtx);
    await owner.goto(`${server.url}/kurzliste`);
    const shortlisted = owner.getByTestId('shortlist-item').filter({ hasText: `Lichtwerkstatt ${tag}` });
    await expect.poll(() => shortlisted.count(), { timeout: 20_000 }).toBe(1);
    expect(
      await owner
        .getByTestId('shortlist-item')
        .filter({ hasText: `Klangraum ${tag}` })
        .count(),
    ).toBe(0);
    await shortlisted.getByRole('radio', { name: 'einverstanden' }).check();
    await shortlisted.getByRole('button', { name: 'Antwort senden' }).click();
    await expect
      .poll(() => shortlisted.getByTestId('shortlist-answer').textContent(), { timeout: 20_000 })
      .toContain('einverstanden');
    expect(await noSideScroll(owner)).toBe(true);
    await screenshot(owner, 'call-path-owner-390');

    // ── staff decline the second application and select the first: a draft plan ──
    await staff.reload();
    await expect.poll(() => row1.textContent(), { timeout: 20_000 }).toContain('einverstanden');
    await row2.getByRole('button', { name: 'Absagen' }).click();
    await confirmDialog.getByRole('button', { name: 'Absagen' }).click();
    await expect.poll(() => row2.getByTestId('decision-status').textContent(), { timeout: 20_000 }).toBe('abgesagt');
    const checklist = ((await world.api.staff.get('/api/checklist-template')).body.items as { title: string }[]).map(
      (c) => c.title,
    );
    expect(checklist.length).toBeGreaterThan(0);
    await row1.getByRole('button', { name: 'Auswählen' }).click();
    await confirmDialog.getByRole('button', { name: 'Auswählen und Plan anlegen' }).click();
    await staff.waitForURL(/\/plans\/[0-9a-f-]{36}/, { timeout: 20_000 });
    const planId = /\/plans\/([0-9a-f-]{36})/.exec(staff.url())![1]!;
    await expect
      .poll(() => staff.getByRole('heading', { level: 1 }).first().textContent(), { timeout: 20_000 })
      .toContain(`Lichtwerkstatt ${tag}`);

    // Both applicants are members (the main applicant leads), the concept and the checklist are in the live document.
    const members = (await world.api.staff.get(`/api/plans/${planId}/members`)).body.members as { email: string; role: string }[];
    expect(
      members
        .filter((m) => m.role === 'designer')
        .map((m) => m.email)
        .sort(),
    ).toEqual([applicantEmail, coEmail].sort());
    const client = await openSyncedDoc(server.wsUrl, planId, { token: world.tokens.staff });
    try {
      expect(getConcept(client.doc).toString()).toBe(concept);
      const tasks = Object.values(planRoots(client.doc).tasks.toJSON()) as { title: string }[];
      expect(tasks.map((t) => t.title).sort()).toEqual([...checklist].sort());
    } finally {
      client.close();
    }

    // ── staff send the decision mails; the declined applicant's mail is in the outbox ──
    await staff.goto(`${server.url}/jury/${callId}/auswertung`);
    await staff.getByRole('button', { name: 'Mails versenden' }).click();
    await confirmDialog.getByRole('button', { name: 'Mails versenden' }).click();
    await expect
      .poll(() => staff.getByTestId('mail-progress').textContent(), { timeout: 30_000 })
      .toContain('2 versendet, 0 ausstehend, 0 fehlgeschlagen');
    const declinedMail = await waitFor(
      () => mailer.sent.find((m) => m.to === second.email && m.text.includes('Leider')),
      10_000,
      'the decline mail',
    );
    expect(declinedMail.text).toContain(title);
    expect(mailer.sent.some((m) => m.to === applicantEmail && m.text.includes(`/plans/${planId}`))).toBe(true);
  }, 180_000);
});
