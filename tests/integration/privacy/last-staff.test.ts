import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { createUser } from '@planner/server/modules/accounts/users';
import { test } from '../../helpers/fixtures.ts';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { freshPgliteSchema, freshPostgresDatabase } from '../../helpers/db.ts';
import { request, tokenFor } from '../../helpers/api.ts';
import { PASSWORD } from '../accounts/fixtures.ts';

/**
 * The last staff account cannot be deleted (409), neither by itself nor by itself as staff; once a second
 * staff account exists, it can. Runs on a database of its own (a fresh schema on PGlite, a fresh database
 * on PostgreSQL), where this test's accounts are the only staff.
 */
// biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their context
const ownDbTest = test.extend('serverOptions', { scope: 'file' }, async ({}, { onCleanup }) => {
  if (DATABASE_URL) {
    const fresh = await freshPostgresDatabase();
    onCleanup(() => fresh.drop());
    return { env: { DATABASE_URL: fresh.url } };
  }
  const fresh = await freshPgliteSchema();
  onCleanup(() => fresh.drop());
  return { db: fresh.db };
});

describe('the last staff account', () => {
  ownDbTest('is refused with 409 until another staff account exists', async ({ server }) => {
    const db = server.app.db;
    const first = await createUser(db, {
      email: `chefin-${randomUUID()}@stadt.example`,
      name: 'Erste Stabsstelle',
      password: PASSWORD,
      staff: true,
    });
    const token = await tokenFor(server, first.email, PASSWORD);

    const self = await request(server, token, 'POST', '/api/account/delete', { password: PASSWORD });
    expect(self.status).toBe(409);
    expect(self.body.error).toMatchObject({ code: 'CONFLICT', key: 'privacy.lastStaff' });
    const asStaff = await request(server, token, 'DELETE', `/api/users/${first.id}`);
    expect(asStaff.status).toBe(409);
    expect((await request(server, token, 'GET', '/api/auth/session')).status).toBe(200);

    const second = await createUser(db, {
      email: `zweite-${randomUUID()}@stadt.example`,
      name: 'Zweite Stabsstelle',
      password: PASSWORD,
      staff: true,
    });
    expect((await request(server, token, 'POST', '/api/account/delete', { password: PASSWORD })).status).toBe(204);
    expect((await request(server, token, 'GET', '/api/auth/session')).status).toBe(401);

    const secondToken = await tokenFor(server, second.email, PASSWORD);
    const last = await request(server, secondToken, 'DELETE', `/api/users/${second.id}`);
    expect(last.status).toBe(409);
  });
});
