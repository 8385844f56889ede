import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '@planner/shared';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { findUserByEmail } from '@planner/server/modules/accounts/users';
import type { Database } from '@planner/server';
import { withServerOptions } from '../../helpers/fixtures.ts';
import { request } from '../../helpers/api.ts';
import type { TestServer } from '../../helpers/server.ts';
import { testDb, type World } from '../accounts/fixtures.ts';
import { applyAsNewPerson, insertCall } from './fixtures.ts';

/** Two new accounts per client IP and hour here (the test server's default is high, tests/helpers/server.ts). */
const test = withServerOptions({ env: { APPLICATION_ACCOUNTS_PER_IP: '2' } });

/**
 * The public application form makes accounts for people without one: anyone may post it, and each
 * account costs a password hash and a mail. It is limited per client IP, so a script cannot fill the
 * user table, the mail queue or the CPU from one address; a refused attempt creates nothing.
 */
describe('accounts made by the application form', () => {
  let server: TestServer;
  let world: World;
  let db: Database;
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    db = await testDb();
    server.app.auth.mailer = new MemoryMailer();
  });

  it('are limited per client IP: the third in the hour is refused with 429 and a German message, and makes no account', async () => {
    const call = await insertCall(db, { storefrontIds: [...world.demo.storefrontIds] });
    await applyAsNewPerson(server, call.slug);
    await applyAsNewPerson(server, call.slug);

    const email = `bewerbung-${randomUUID()}@test.example`;
    const body = { account: { name: 'Dritte Person', email, password: 'ein-langes-passwort-fuer-bewerbungen' }, draft: {} };
    const refused = await request(server, null, 'POST', `/api/application-forms/${call.slug}`, body);
    expect(refused.status).toBe(429);
    expect(refused.body.error.key).toBe('application.accountsRateLimited');
    // The client shows the German text of the key with the answer's params (English is `message`).
    expect(refused.body.error.message).toMatch(/in \d+ minutes/);
    expect(formatMessage(refused.body.error.key, refused.body.error.params, 'de')).toMatch(/zu viele Konten.*in \d+ Minuten/);
    expect(await findUserByEmail(db, email)).toBeNull();
  });
});
