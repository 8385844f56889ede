import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { freshPostgresDatabase } from '../../helpers/db.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../../helpers/fixtures.ts';

/**
 * Retention (issue 20): one run of the job deletes sessions, invitations, reset / e-mail-change tokens
 * and activity rows past their periods (RETENTION_*_DAYS, set here to values other than the defaults,
 * so the settings are shown to reach the job), and keeps rows within their periods and live rows. Runs
 * on PGlite and, in CI's second pass, on PostgreSQL.
 */
const SESSIONS = 10;
const INVITATIONS = 20;
const TOKENS = 3;
const AUDIT = 100;

const periods = {
  RETENTION_SESSIONS_DAYS: String(SESSIONS),
  RETENTION_INVITATIONS_DAYS: String(INVITATIONS),
  RETENTION_RESET_TOKENS_DAYS: String(TOKENS),
  RETENTION_AUDIT_DAYS: String(AUDIT),
};

// On PostgreSQL the job runs on a database of its own, so that it deletes nothing another suite (or a
// parallel run on the shared server) still reads.
// biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their context
const retentionTest = test.extend('serverOptions', { scope: 'file' }, async ({}, { onCleanup }) => {
  if (!DATABASE_URL) return { env: periods };
  const fresh = await freshPostgresDatabase();
  onCleanup(() => fresh.drop());
  return { env: { ...periods, DATABASE_URL: fresh.url } };
});

describe('retention', () => {
  const test = retentionTest;
  let server: TestServer;
  let world: World;
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  const q = (sql: string, params: unknown[] = []) => server.app.db.query(sql, params);
  /** An SQL expression for now() moved by `days` (negative: in the past). */
  const at = (days: number) => `now() + interval '${days} days'`;
  const newUser = async () => {
    const id = randomUUID();
    await q('insert into users (id, email, name) values ($1, $2, $3)', [id, `${id}@retention.example`, 'Ret']);
    return id;
  };
  const left = async (table: string, key: string, ids: string[]) =>
    (await q(`select ${key} as k from ${table} where ${key} = any($1)`, [ids])).rows.map((r) => r.k as string).sort();

  test('sessions: expired past RETENTION_SESSIONS_DAYS go; recently expired and live ones stay (with their SSO row)', async () => {
    const userId = await newUser();
    const session = async (name: string, created: number, expires: number) => {
      const id = `${name}-${randomUUID()}`;
      await q(
        `insert into sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) values ($1, $2, 'c', ${at(created)}, ${at(created)}, ${at(expires)})`,
        [id, userId],
      );
      return id;
    };
    const old = await session('old', -SESSIONS - 40, -SESSIONS - 1);
    const recent = await session('recent', -SESSIONS - 30, -SESSIONS + 1);
    const live = await session('live', -SESSIONS * 5, 1);
    await q(
      `insert into oidc_sessions (session_id, issuer, id_token) values ($1, 'https://idp.example', 't'), ($2, 'https://idp.example', 't')`,
      [old, live],
    );
    const result = await server.app.retention.run();
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    expect(await left('sessions', 'id', [old, recent, live])).toEqual([live, recent].sort());
    expect(await left('oidc_sessions', 'session_id', [old, live])).toEqual([live]);
  });

  test('invitations: accepted or expired past RETENTION_INVITATIONS_DAYS go; open ones and recent ones stay', async () => {
    const inviter = await newUser();
    const invitation = async (name: string, expires: number, accepted: number | null) => {
      const id = `${name}-${randomUUID()}`;
      await q(
        `insert into invitations (id, token_hash, email, role, invited_by, created_at, expires_at, accepted_at, accepted_by)
         values ($1, $1, 'gast@retention.example', 'designer', $2, ${at(-400)}, ${at(expires)}, ${accepted === null ? 'null' : at(accepted)}, ${accepted === null ? 'null' : '$2'})`,
        [id, inviter],
      );
      return id;
    };
    const expiredOld = await invitation('expired-old', -INVITATIONS - 1, null);
    const acceptedOld = await invitation('accepted-old', -INVITATIONS - 5, -INVITATIONS - 1);
    const expiredRecent = await invitation('expired-recent', -INVITATIONS + 1, null);
    // Expired long ago, but accepted (before its expiry) recently enough: the acceptance counts.
    const acceptedRecent = await invitation('accepted-recent', -INVITATIONS - 5, -INVITATIONS + 1);
    const open = await invitation('open', 2, null);
    await server.app.retention.run();
    expect(await left('invitations', 'id', [expiredOld, acceptedOld, expiredRecent, acceptedRecent, open])).toEqual(
      [expiredRecent, acceptedRecent, open].sort(),
    );
  });

  test('reset and e-mail-change tokens: used or expired past RETENTION_RESET_TOKENS_DAYS go; unused unexpired and recent ones stay', async () => {
    const userId = await newUser();
    for (const table of ['password_reset_tokens', 'email_change_tokens']) {
      const extra = table === 'email_change_tokens' ? ', new_email' : '';
      const extraValue = table === 'email_change_tokens' ? ", 'neu@retention.example'" : '';
      const token = async (name: string, expires: number, used: number | null) => {
        const hash = `${name}-${randomUUID()}`;
        await q(
          `insert into ${table} (token_hash, user_id, created_at, expires_at, used_at${extra})
           values ($1, $2, ${at(-60)}, ${at(expires)}, ${used === null ? 'null' : at(used)}${extraValue})`,
          [hash, userId],
        );
        return hash;
      };
      const expiredOld = await token('expired-old', -TOKENS - 1, null);
      const usedOld = await token('used-old', -TOKENS - 1, -TOKENS - 1);
      const expiredRecent = await token('expired-recent', -TOKENS + 1, null);
      const usedRecent = await token('used-recent', -TOKENS - 1, -TOKENS + 1);
      const live = await token('live', 1, null);
      await server.app.retention.run();
      expect(await left(table, 'token_hash', [expiredOld, usedOld, expiredRecent, usedRecent, live]), table).toEqual(
        [expiredRecent, usedRecent, live].sort(),
      );
    }
  });

  test('activity: rows older than RETENTION_AUDIT_DAYS go, younger ones stay; two instances running at once delete each row once', async () => {
    const marker = `retention-${randomUUID()}`;
    const row = async (days: number) =>
      (await q(`insert into activity (at, action, subject_id) values (${at(days)}, 'test.retention', $1) returning id`, [marker]))
        .rows[0].id as string;
    const old = [await row(-AUDIT - 1), await row(-AUDIT * 3)];
    const young = [await row(-AUDIT + 1), await row(0)];
    const runs = await Promise.all([server.app.retention.run(), server.app.retention.run()]);
    expect(runs[0].audit + runs[1].audit).toBeGreaterThanOrEqual(old.length);
    const kept = (await q(`select id from activity where subject_id = $1 order by id`, [marker])).rows.map((r) => String(r.id));
    expect(kept).toEqual(young.map(String));
    // A later run finds nothing of ours left to delete and keeps the young rows.
    await server.app.retention.run();
    expect((await q(`select count(*)::int as n from activity where subject_id = $1`, [marker])).rows[0].n).toBe(2);
  });

  test('a draft submitted before the audit period is still not deletable once its log rows are gone', async () => {
    const { api, demo } = world;
    const created = await api.designer1.post('/api/plans', {
      storefrontId: demo.storefrontIds[0],
      title: `Alt ${randomUUID().slice(0, 5)}`,
    });
    expect(created.status).toBe(201);
    const planId = created.body.id as string;
    for (const t of ['submit', 'withdraw', 'reopen'])
      expect((await api.designer1.post(`/api/plans/${planId}/transitions/${t}`, {})).status, t).toBe(200);
    await q(`update activity set at = ${at(-AUDIT - 1)} where plan_id = $1`, [planId]);
    await server.app.retention.run();
    expect(
      (await q(`select count(*)::int as n from activity where plan_id = $1 and action = 'plan.submit'`, [planId])).rows[0].n,
    ).toBe(0);
    expect((await api.designer1.delete(`/api/plans/${planId}`)).status).toBe(409);
  });
});
