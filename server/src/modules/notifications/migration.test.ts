import { afterAll, describe, expect, it } from 'vitest';
import { formatMessage } from '@planner/shared';
import { PgliteDatabase } from '../../platform/db/pglite-database.ts';
import { loadMigrations, migrate } from '../../platform/db/migrate.ts';

/** Migration 007 turns stored bilingual notification texts into message keys with params. */
describe('migration 007: notifications as key + params', () => {
  let db: PgliteDatabase;
  afterAll(() => db?.close());

  it('maps every text the server wrote back to its key, and keeps anything else as legacy text', async () => {
    db = await PgliteDatabase.open('memory://');
    const all = await loadMigrations();
    await migrate(
      db,
      all.filter((m) => m.version < 7),
    );
    // The schema of migration 006: no account roles yet (migration 009), so the account is inserted as it was.
    const user = { id: 'm' };
    await db.query(`insert into users (id, email, name) values ('m', 'm@example.org', 'M')`);
    const old: [string, string][] = [
      [
        'plan-submitted',
        'Jana Beispiel hat „Licht / Schatten“ zur Freigabe eingereicht / Jana Beispiel submitted "Licht / Schatten" for approval',
      ],
      ['storefront-plan', 'Für Ihr Ladenlokal wurde „Zines“ eingereicht / "Zines" was submitted for your storefront'],
      ['plan-approved', 'Der Zeitplan von „Zines“ wurde freigegeben / The schedule of "Zines" was approved'],
      ['plan-approved', 'Der Zeitplan von „Zines“ wurde erneut freigegeben / The schedule of "Zines" was approved again'],
      ['changes-requested', 'Für „Zines“ wurden Änderungen erbeten / Changes were requested for "Zines"'],
      [
        'approval-stale',
        'Der Zeitplan von „Zines“ wurde nach der Freigabe geändert und muss erneut freigegeben werden / The schedule of "Zines" changed after approval and needs approval again',
      ],
      ['mention', 'Gustav hat Sie in „Zines“ erwähnt / Gustav mentioned you in "Zines"'],
      ['reply', 'Gustav hat auf Ihren Kommentar in „Zines“ geantwortet / Gustav replied to your comment in "Zines"'],
      ['comment', 'Gustav hat „Zines“ kommentiert / Gustav commented on "Zines"'],
      ['comment', 'Etwas ganz anderes'],
    ];
    for (const [kind, text] of old) {
      await db.query('insert into notifications (user_id, kind, text) values ($1, $2, $3)', [user.id, kind, text]);
    }
    await migrate(db, all);

    const { rows } = await db.query<{ key: string; params: Record<string, string> }>(
      'select key, params from notifications order by id',
    );
    expect(rows).toEqual([
      { key: 'notification.planSubmitted', params: { actor: 'Jana Beispiel', plan: 'Licht / Schatten' } },
      { key: 'notification.storefrontPlan', params: { plan: 'Zines' } },
      { key: 'notification.planApproved', params: { plan: 'Zines' } },
      { key: 'notification.planApprovedAgain', params: { plan: 'Zines' } },
      { key: 'notification.changesRequested', params: { plan: 'Zines' } },
      { key: 'notification.approvalStale', params: { plan: 'Zines' } },
      { key: 'notification.mention', params: { actor: 'Gustav', plan: 'Zines' } },
      { key: 'notification.reply', params: { actor: 'Gustav', plan: 'Zines' } },
      { key: 'notification.comment', params: { actor: 'Gustav', plan: 'Zines' } },
      { key: 'notification.legacy', params: { text: 'Etwas ganz anderes' } },
    ]);
    expect(formatMessage(rows[0].key, rows[0].params, 'en')).toBe('Jana Beispiel submitted “Licht / Schatten” for approval.');
  });
});
