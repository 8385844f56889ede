import { describe, expect, it } from 'vitest';
import { withServerOptions, waitFor } from '../../helpers/fixtures.ts';
import { MemoryMailer, type MailMessage } from '@planner/server/platform/mail/mailer';
import type { TestServer } from '../../helpers/server.ts';
import { request } from '../../helpers/api.ts';
import { freshEmail, freshUser, testDb, tokenFor, PASSWORD } from './fixtures.ts';

/** Three reset requests per address and hour here (the test server's default is high, tests/helpers/server.ts). */
const test = withServerOptions({ env: { PASSWORD_RESET_PER_EMAIL: '3' } });

/**
 * Password reset by e-mail and e-mail change (issue 14): the same answer for known and unknown
 * addresses, a single-use link valid for one hour, and afterwards the old sessions and bearer tokens
 * are refused; a new address must confirm before it becomes the account's.
 */
describe('password reset and e-mail change', () => {
  let server: TestServer;
  let mailer: MemoryMailer;
  test.beforeAll(({ server: s }) => {
    server = s;
    mailer = new MemoryMailer();
    server.app.auth.mailer = mailer;
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const mailTo = (to: string, after = 0) =>
    waitFor(() => mailer.sent.slice(after).find((m) => m.to === to), 5000, `mail to ${to}`);
  const linkToken = (m: MailMessage, path: string) => {
    const match = new RegExp(`${path}/([\\w-]+)`).exec(m.text);
    if (!match) throw new Error(`no ${path} link in: ${m.text}`);
    return match[1];
  };
  /** Signs in with a browser session; returns the cookie header and the CSRF token. */
  async function browserSession(email: string, password: string) {
    const res = await post('/api/auth/login', { email, password });
    expect(res.status).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const body = (await res.json()) as { csrfToken: string };
    return { cookie, csrf: body.csrfToken };
  }
  const sessionStatus = async (cookie: string) => (await fetch(`${server.url}/api/auth/session`, { headers: { cookie } })).status;

  it('answers a known and an unknown address identically (status and body), and mails only the known one', async () => {
    const user = await freshUser();
    const unknown = freshEmail();
    const known = await post('/api/auth/password-reset', { email: user.email });
    const other = await post('/api/auth/password-reset', { email: unknown });
    expect(known.status).toBe(202);
    expect(other.status).toBe(known.status);
    expect(await other.text()).toBe(await known.text());
    const mail = await mailTo(user.email);
    expect(mail.text).toContain('/passwort-zuruecksetzen/');
    expect(mail.text.indexOf('Passwort')).toBeLessThan(mail.text.indexOf('password'));
    expect(mailer.sent.some((m) => m.to === unknown)).toBe(false);
  });

  it('is rate-limited per address, the same way for known and unknown addresses', async () => {
    const user = await freshUser();
    const unknown = freshEmail();
    for (const email of [user.email, unknown]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('/api/auth/password-reset', { email })).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
    }
  });

  it('sets a new password with the mailed link once; old sessions and bearer tokens are refused after', async () => {
    const user = await freshUser();
    const session = await browserSession(user.email, PASSWORD);
    const bearer = await tokenFor(server, user.email, PASSWORD);
    expect(await sessionStatus(session.cookie)).toBe(200);

    const before = mailer.sent.length;
    expect((await post('/api/auth/password-reset', { email: user.email })).status).toBe(202);
    const token = linkToken(await mailTo(user.email, before), '/passwort-zuruecksetzen');

    // Stored hashed, valid for one hour.
    const { rows } = await (await testDb()).query<{ token_hash: string; seconds: number }>(
      `select token_hash, extract(epoch from expires_at - created_at)::int as seconds from password_reset_tokens where user_id = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toBe(token);
    expect(rows[0].seconds).toBe(3600);

    const weak = await post('/api/auth/password-reset/confirm', { token, password: 'kurz' });
    expect(weak.status).toBe(400);
    const next = 'ein ganz neues Passwort';
    expect((await post('/api/auth/password-reset/confirm', { token, password: next })).status).toBe(204);

    expect(await sessionStatus(session.cookie)).toBe(401);
    expect((await request(server, bearer, 'GET', '/api/auth/session')).status).toBe(401);
    expect((await post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
    expect((await post('/api/auth/login', { email: user.email, password: next })).status).toBe(200);

    const again = await post('/api/auth/password-reset/confirm', { token, password: 'noch ein Passwort' });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { error: { key: string } }).error.key).toBe('passwordReset.invalid');
  });

  it('refuses an expired link', async () => {
    const user = await freshUser();
    const before = mailer.sent.length;
    await post('/api/auth/password-reset', { email: user.email });
    const token = linkToken(await mailTo(user.email, before), '/passwort-zuruecksetzen');
    await (await testDb()).query(`update password_reset_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [
      user.id,
    ]);
    expect((await post('/api/auth/password-reset/confirm', { token, password: 'ein ganz neues Passwort' })).status).toBe(410);
    expect((await post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('changes the e-mail address only once the new address confirms; other sessions and tokens end', async () => {
    const user = await freshUser();
    const here = await browserSession(user.email, PASSWORD);
    const elsewhere = await browserSession(user.email, PASSWORD);
    const bearer = await tokenFor(server, user.email, PASSWORD);
    const newEmail = freshEmail();

    const wrong = await post(
      '/api/auth/email',
      { newEmail, password: 'falsches Passwort' },
      {
        cookie: here.cookie,
        'x-csrf-token': here.csrf,
      },
    );
    expect(wrong.status).toBe(401);
    const before = mailer.sent.length;
    const asked = await post(
      '/api/auth/email',
      { newEmail, password: PASSWORD },
      { cookie: here.cookie, 'x-csrf-token': here.csrf },
    );
    expect(asked.status).toBe(202);
    const mail = await mailTo(newEmail, before);
    const token = linkToken(mail, '/email-bestaetigen');
    // Not yet: the old address still signs in, the new one does not.
    expect((await post('/api/auth/login', { email: newEmail, password: PASSWORD })).status).toBe(401);
    expect((await request(server, bearer, 'GET', '/api/auth/session')).body.user.email).toBe(user.email);

    const confirmed = await post('/api/auth/email/confirm', { token }, { cookie: here.cookie, 'x-csrf-token': here.csrf });
    expect(confirmed.status).toBe(200);
    expect(((await confirmed.json()) as { email: string }).email).toBe(newEmail);
    expect(await sessionStatus(here.cookie)).toBe(200);
    expect(await sessionStatus(elsewhere.cookie)).toBe(401);
    expect((await request(server, bearer, 'GET', '/api/auth/session')).status).toBe(401);
    expect((await post('/api/auth/login', { email: newEmail, password: PASSWORD })).status).toBe(200);
    expect((await post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
    expect((await post('/api/auth/email/confirm', { token })).status).toBe(410);
  });
});
