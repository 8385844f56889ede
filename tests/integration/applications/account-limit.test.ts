import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '@planner/shared';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { findUserByEmail } from '@planner/server/modules/accounts/users';
import type { Database } from '@planner/server';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { testDb, type World } from '../accounts/fixtures.ts';
import { insertCall } from './fixtures.ts';

/** Two new accounts per client IP and hour here (the test server's default is high, tests/helpers/server.ts). */
const test = withServerOptions({ env: { APPLICATION_ACCOUNTS_PER_IP: '2', TRUST_PROXY: 'loopback' } });

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
    // A client address of this run's own (the proxy's header is believed from loopback): the counts live
    // in Redis on the second pass, shared with every other test file making accounts from 127.0.0.1.
    const octet = () => 1 + Math.floor(Math.random() * 254);
    const ip = `10.${octet()}.${octet()}.${octet()}`;
    const apply = async (from: string, name: string) => {
      const email = `bewerbung-${randomUUID()}@test.example`;
      const res = await fetch(`${server.url}/api/application-forms/${call.slug}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ account: { name, email, password: 'ein-langes-passwort-fuer-bewerbungen' }, draft: {} }),
      });
      return {
        email,
        status: res.status,
        body: (await res.json()) as { error: { key: string; message: string; params: Record<string, number> } },
      };
    };
    expect((await apply(ip, 'Erste Person')).status).toBe(201);
    expect((await apply(ip, 'Zweite Person')).status).toBe(201);

    const refused = await apply(ip, 'Dritte Person');
    expect(refused.status).toBe(429);
    expect(refused.body.error.key).toBe('application.accountsRateLimited');
    // The client shows the German text of the key with the answer's params (English is `message`).
    expect(refused.body.error.message).toMatch(/in \d+ minutes/);
    expect(formatMessage(refused.body.error.key, refused.body.error.params, 'de')).toMatch(/zu viele Konten.*in \d+ Minuten/);
    expect(await findUserByEmail(db, refused.email)).toBeNull();

    // Another address is counted on its own.
    expect(
      (await apply(`${ip.split('.').slice(0, 3).join('.')}.${(Number(ip.split('.')[3]) % 254) + 1}`, 'Andere Person')).status,
    ).toBe(201);
  });
});
