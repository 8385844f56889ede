import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryMailer } from '@planner/server/platform/mail/mailer';
import { waitFor, withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { PASSWORD, freshUser, testDb } from './fixtures.ts';

const BACKOFF_BASE_SECONDS = 2;

// This file's own settings; a derived test keeps them out of other files sharing the worker. Its
// requests claim an address of their own (X-Forwarded-For from loopback, trusted here): with Redis
// shared by the files of a run, its many failures must not reach other files' per-IP limit on 127.0.0.1.
const test = withServerOptions({ env: { LOGIN_BACKOFF_SECONDS: String(BACKOFF_BASE_SECONDS), TRUST_PROXY: 'loopback' } });
const CLIENT_IP = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** The value of one cookie from a response's Set-Cookie headers, with its attributes. */
function setCookie(res: Response, name: string): { value: string; attrs: string } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attrs] = line.split(';');
  return { value: pair.slice(name.length + 1), attrs: attrs.join(';') };
}

/**
 * Finding 16 of issue 15: after 10 wrong passwords the account was locked for everyone, its owner
 * included. Now the per-account limit slows down (exponential backoff) instead, a browser that signed
 * in before (device cookie) is not slowed down by it, and the owner hears of it by e-mail.
 */
describe('failed sign-ins per account slow down instead of locking the account', () => {
  let server: TestServer;
  let mailer: MemoryMailer;
  test.beforeAll(({ server: s }) => {
    server = s;
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  const attempt = (path: string, email: string, password: string, cookie?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': CLIENT_IP, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ email, password }),
    });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('lets the owner’s browser in during an attack, makes fresh clients wait (429, Retry-After), and mails the owner once', {
    timeout: 60_000,
  }, async () => {
    const owner = await freshUser();
    // The owner's browser has signed in before: it holds a device cookie for this account.
    const before = await attempt('/api/auth/login', owner.email, PASSWORD);
    expect(before.status).toBe(200);
    const device = setCookie(before, 'kq_device');
    expect(device, 'device cookie').toBeDefined();
    expect(device!.attrs).toMatch(/HttpOnly/i);
    expect(device!.attrs).toMatch(/SameSite=Strict/i);
    expect(Number(/Max-Age=(\d+)/i.exec(device!.attrs)?.[1])).toBeGreaterThanOrEqual(180 * 86_400);
    const deviceCookie = `kq_device=${device!.value}`;

    // An attacker who knows the address tries passwords.
    for (let i = 1; i <= 10; i++) expect((await attempt('/api/auth/login', owner.email, `falsch-${i}-xxxxx`)).status).toBe(401);
    const eleventh = await attempt('/api/auth/login', owner.email, 'falsch-11-xxxxx');
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await eleventh.json()) as any;
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.key).toMatch(/^auth\.rateLimited/);

    // The owner's browser still gets in with the right password.
    const owners = await attempt('/api/auth/login', owner.email, PASSWORD, deviceCookie);
    expect(owners.status).toBe(200);

    // A fresh client, right password or not, waits out the backoff on both sign-in routes …
    const fresh = await attempt('/api/auth/login', owner.email, PASSWORD);
    expect(fresh.status).toBe(429);
    const retryAfter = Number(fresh.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(BACKOFF_BASE_SECONDS);
    expect(((await fresh.json()) as any).error.params.seconds).toBe(retryAfter);
    expect((await attempt('/api/auth/token', owner.email, PASSWORD)).status).toBe(429);
    // … and gets in after it.
    await sleep(retryAfter * 1000 + 100);
    expect((await attempt('/api/auth/login', owner.email, PASSWORD)).status).toBe(200);

    // The owner was told once, in their language.
    const mails = await waitFor(() => {
      const m = mailer.sent.filter((x) => x.to === owner.email);
      return m.length > 0 && m;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('Anmeldeversuche');
    expect(mails[0].text).toContain('10');

    // Another round within the hour brings no second mail.
    for (let i = 1; i <= 10; i++) expect((await attempt('/api/auth/login', owner.email, `noch-${i}-xxxxx`)).status).toBe(401);
    expect((await attempt('/api/auth/login', owner.email, 'noch-11-xxxxx')).status).toBe(429);
    await sleep(300);
    expect(mailer.sent.filter((x) => x.to === owner.email)).toHaveLength(1);

    const { rows } = await (await testDb()).query<{ reason: string; n: number }>(
      `select details->>'reason' as reason, count(*)::int as n from activity
        where action = 'auth.login_failed' and subject_id = $1 group by 1 order by 1`,
      [owner.email],
    );
    expect(rows).toEqual([
      { reason: 'invalid', n: 20 },
      { reason: 'rate-limited', n: 4 },
    ]);
  });

  it('backs off exponentially: each further failure doubles the wait', { timeout: 60_000 }, async () => {
    const user = await freshUser();
    for (let i = 1; i <= 10; i++) expect((await attempt('/api/auth/login', user.email, `falsch-${i}-xxxxx`)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 2; round++) {
      const blocked = await attempt('/api/auth/login', user.email, 'falsch-x-xxxxx');
      expect(blocked.status).toBe(429);
      const s = Number(blocked.headers.get('retry-after'));
      waits.push(s);
      await sleep(s * 1000 + 100);
      expect((await attempt('/api/auth/login', user.email, `falsch-r${round}-xxxxx`)).status).toBe(401);
    }
    const third = await attempt('/api/auth/login', user.email, 'falsch-y-xxxxx');
    expect(third.status).toBe(429);
    waits.push(Number(third.headers.get('retry-after')));
    expect(waits).toEqual([BACKOFF_BASE_SECONDS, 2 * BACKOFF_BASE_SECONDS, 4 * BACKOFF_BASE_SECONDS]);
  });

  it('does not let the device cookie of another account, or a forged one, skip the backoff', async () => {
    const target = await freshUser();
    const other = await freshUser();
    const signedIn = await attempt('/api/auth/login', other.email, PASSWORD);
    const otherDevice = setCookie(signedIn, 'kq_device')!.value;
    for (let i = 1; i <= 10; i++) expect((await attempt('/api/auth/login', target.email, `falsch-${i}-xxxxx`)).status).toBe(401);
    expect((await attempt('/api/auth/login', target.email, PASSWORD, `kq_device=${otherDevice}`)).status).toBe(429);
    const forged = otherDevice.replace(/^[^.]+/, target.id);
    expect((await attempt('/api/auth/login', target.email, PASSWORD, `kq_device=${forged}`)).status).toBe(429);
    expect((await attempt('/api/auth/login', target.email, PASSWORD, 'kq_device=nonsense')).status).toBe(429);
  });
});
