import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Database } from '@planner/server';
import { createUser } from '@planner/server/modules/accounts/users';
import { test } from '../../helpers/fixtures.ts';
import { request } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { testDb, type World } from '../accounts/fixtures.ts';
import { ident, textColumns } from '../privacy/columns.ts';
import { applyAsNewPerson, insertCall } from './fixtures.ts';

const MONTH = 30 * 86_400_000;

/**
 * Retention of applications (issue 16, GDPR) with an injected clock: declined and withdrawn applications
 * lose their personal data RETENTION_APPLICATIONS_MONTHS (6) after the call closed; the counts stay;
 * selected ones are left alone. An account that existed only for applying (role applicant, nothing else
 * left) is deleted through the privacy capability, so the declined applicant's name, e-mail and texts are
 * in no table any more; a designer's account stays.
 */
describe('application retention', () => {
  let server: TestServer;
  let world: World;
  let db: Database;
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    db = await testDb();
  });

  it('anonymises declined and withdrawn applications after the period, keeps the counts, leaves selected ones', async () => {
    const call = await insertCall(db, { storefrontIds: [...world.demo.storefrontIds] });
    const draft = (concept: string) => ({
      concept,
      disciplines: ['Keramik'],
      storefronts: [{ storefrontId: call.storefrontIds[0], rank: 1 }],
      formats: ['open-studio'],
      portfolioLinks: [{ url: 'https://example.org/werk', label: 'Werk' }],
      needsNote: 'Wasseranschluss',
      consent: true,
    });
    const tag = randomUUID().slice(0, 8);
    const declinedConcept = `Abgelehntes Konzept ${tag}: Schaufenster aus Pappe`;
    const declined = await applyAsNewPerson(server, call.slug, draft(declinedConcept), `Dora Abgelehnt ${tag}`);
    const withdrawn = await applyAsNewPerson(server, call.slug, draft('Zurückgezogenes Konzept'));
    const selected = await applyAsNewPerson(server, call.slug, draft('Ausgewähltes Konzept'));
    const coEmail = `mit-${declined.email}`;
    expect(
      (
        await request(server, declined.token, 'POST', `/api/applications/${declined.application.id}/members`, {
          email: coEmail,
          name: 'Mitbewerberin',
        })
      ).status,
    ).toBe(201);
    expect(
      (await request(server, withdrawn.token, 'POST', `/api/applications/${withdrawn.application.id}/withdraw`)).status,
    ).toBe(200);
    // A designer's declined application: the account is theirs beyond the call and stays.
    const designer = await createUser(db, {
      email: `gestalterin-${tag}@test.example`,
      name: `Gerda Gestalterin ${tag}`,
      roles: ['designer'],
    });
    const designerApp = randomUUID();
    await db.query(
      `insert into applications (id, call_id, applicant_id, status, concept, submitted_at) values ($1, $2, $3, 'declined', $4, now())`,
      [designerApp, call.id, designer.id, `Konzept der Gestalterin ${tag}`],
    );
    await db.query(`update applications set status = 'declined' where id = $1`, [declined.application.id]);
    await db.query(`update applications set status = 'selected' where id = $1`, [selected.application.id]);
    // Closed eight months ago, and every run's clock at or before now: a run in the future would also
    // take the applications (and applicant accounts) of other test files sharing the database (pass 2).
    const closedAt = new Date(Date.now() - 8 * MONTH);
    await db.query(`update calls set status = 'decided', closed_at = $2, deadline = $2 where id = $1`, [call.id, closedAt]);
    const ids = [declined.application.id, withdrawn.application.id, selected.application.id];
    const declinedUserId = (await db.query<{ id: string }>('select id from users where email = $1', [declined.email])).rows[0].id;
    const snapshot = () =>
      db.query<Record<string, unknown>>(
        `select id, status, call_id, disciplines, formats, applicant_id, concept, needs_note, portfolio_links, consent_text, anonymised_at
           from applications where id = any($1::text[]) order by id`,
        [ids],
      );

    // Five months after closing: nothing yet.
    await server.app.applicationRetention.run(new Date(closedAt.getTime() + 5 * MONTH));
    const before = await snapshot();
    expect(before.rows.every((r) => r.anonymised_at === null && r.applicant_id !== null)).toBe(true);

    // Past six months.
    const result = await server.app.applicationRetention.run(new Date(closedAt.getTime() + 7 * MONTH));
    expect(result.anonymised).toBeGreaterThanOrEqual(3);
    const after = new Map((await snapshot()).rows.map((r) => [r.id as string, r]));
    for (const id of [declined.application.id, withdrawn.application.id]) {
      const r = after.get(id)!;
      expect(r).toMatchObject({ applicant_id: null, concept: '', needs_note: '', portfolio_links: [], consent_text: null });
      expect(r.anonymised_at).not.toBeNull();
      // The counts of the reports stay.
      expect(r).toMatchObject({ call_id: call.id, disciplines: ['Keramik'], formats: ['open-studio'] });
    }
    expect(after.get(declined.application.id)!.status).toBe('declined');
    expect(after.get(withdrawn.application.id)!.status).toBe('withdrawn');
    expect(after.get(selected.application.id)).toMatchObject({ concept: 'Ausgewähltes Konzept', anonymised_at: null });
    expect(after.get(selected.application.id)!.applicant_id).not.toBeNull();

    const ranks = await db.query(
      'select application_id, rank from application_storefronts where application_id = any($1::text[])',
      [ids],
    );
    expect(ranks.rows).toHaveLength(3);
    const members = await db.query<{ email: string; name: string; user_id: string | null }>(
      'select email, name, user_id from application_members where application_id = $1',
      [declined.application.id],
    );
    expect(members.rows).toEqual([{ email: '', name: '', user_id: null }]);
    // Nothing in the applications' tables names the declined applicant any more.
    const text = JSON.stringify([...after.values()].filter((r) => r.id !== selected.application.id));
    for (const needle of [declined.email, coEmail, 'Abgelehntes Konzept', 'Mitbewerberin', 'example.org/werk'])
      expect(text).not.toContain(needle);

    // Not one text column of any table holds the declined applicant's name, address or concept.
    const hits: string[] = [];
    for (const { table, column } of await textColumns(db)) {
      for (const needle of [declined.name, declined.email, declinedConcept, declinedUserId, withdrawn.email]) {
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from ${ident(table)} where strpos(lower(${ident(column)}::text), lower($1)) > 0`,
          [needle],
        );
        if (rows[0].n > 0) hits.push(`${table}.${column} holds ${needle} (${rows[0].n}×)`);
      }
    }
    expect(hits).toEqual([]);
    // The applicants' accounts (role applicant only, nothing else left) are gone; the designer stays,
    // only the application's copy of the concept went.
    const accounts = await db.query<{ email: string }>('select email from users where email = any($1::text[])', [
      [declined.email, withdrawn.email, selected.email, designer.email],
    ]);
    expect(accounts.rows.map((r) => r.email).sort()).toEqual([selected.email, designer.email].sort());
    const designerRow = await db.query('select applicant_id, concept, status from applications where id = $1', [designerApp]);
    expect(designerRow.rows[0]).toEqual({ applicant_id: null, concept: '', status: 'declined' });
    const deletions = await db.query<{ n: number }>(
      `select count(*)::int as n from activity where action = 'account.deleted' and subject_id = $1`,
      [server.app.privacy.pseudonymOf(declinedUserId)],
    );
    expect(deletions.rows[0].n).toBe(1);

    const log = await db.query<{ subject_id: string; actor_id: string | null }>(
      `select subject_id, actor_id from activity where action = 'application.anonymised' and subject_id = any($1::text[])`,
      [ids],
    );
    expect(log.rows.map((r) => r.subject_id).sort()).toEqual([declined.application.id, withdrawn.application.id].sort());

    // Idempotent: a second run finds nothing of these left.
    await server.app.applicationRetention.run(new Date(closedAt.getTime() + 7 * MONTH + 86_400_000));
    const again = await db.query(
      `select 1 from activity where action = 'application.anonymised' and subject_id = any($1::text[])`,
      [ids],
    );
    expect(again.rows).toHaveLength(2);
  });
});
