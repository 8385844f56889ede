import { describe, expect, it } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { PASSWORD, freshUser, testDb } from './fixtures.ts';

const WINDOW_SECONDS = 2;

// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ env: { LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) } });

describe('failed sign-ins are limited per account', () => {
  let server: TestServer;
  test.beforeAll(({ server: s }) => {
    server = s;
  });

  const attempt = (path: string, email: string, password: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('answers the 11th wrong password with 429 and a clear message, and lets the right one in after the window', async () => {
    const user = await freshUser();
    const other = await freshUser();
    for (let i = 1; i <= 10; i++) expect((await attempt('/api/auth/login', user.email, `falsch-${i}-xxxxx`)).status).toBe(401);
    const eleventh = await attempt('/api/auth/login', user.email, 'falsch-11-xxxxx');
    expect(eleventh.status).toBe(429);
    const body = (await eleventh.json()) as any;
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.key).toBe('auth.rateLimited');
    expect(body.error.message).toContain('Too many failed sign-in attempts');
    // Within the window even the right password is refused, on both sign-in routes.
    expect((await attempt('/api/auth/login', user.email, PASSWORD)).status).toBe(429);
    expect((await attempt('/api/auth/token', user.email, PASSWORD)).status).toBe(429);
    // Another account from the same client is not affected.
    expect((await attempt('/api/auth/login', other.email, PASSWORD)).status).toBe(200);
    // After the window the right password works again.
    await new Promise((r) => setTimeout(r, WINDOW_SECONDS * 1000 + 200));
    expect((await attempt('/api/auth/login', user.email, PASSWORD)).status).toBe(200);
    const { rows } = await (await testDb()).query<{ n: number }>(
      `select count(*)::int as n from activity where action = 'auth.login_failed' and subject_id = $1`,
      [user.email],
    );
    expect(rows[0].n).toBe(13);
  });
});
