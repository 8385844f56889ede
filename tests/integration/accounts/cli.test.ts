import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { startServer } from '../../helpers/server.ts';
import { openDatabase } from '@planner/server/platform/db/open';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'kq-cli-'));

/** Runs `server/src/cli.ts` with the password on stdin, against the run's database (or a fresh PGlite folder). */
function cli(args: string[], stdin: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL, DATA_DIR: dataDir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('cli user:create', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a staff account from --password-stdin, once', async () => {
    const email = `chefin-${randomUUID()}@stadt.example`;
    const password = 'stabsstelle-passwort-' + randomUUID().slice(0, 6);
    const first = await cli(['user:create', '--staff', '--email', email, '--name', 'Chefin'], '');
    expect(first.code).toBe(64); // no terminal and no --password-stdin
    const created = await cli(
      ['user:create', '--staff', '--email', email, '--name', 'Chefin', '--password-stdin'],
      password + '\n',
    );
    expect(created.out).toContain(`Staff account created: ${email}`);
    expect(created.code).toBe(0);
    expect(created.out).not.toContain(password);
    const again = await cli(['user:create', '--email', email, '--name', 'Chefin', '--password-stdin'], password + '\n');
    expect(again.code).toBe(1);
    expect(again.out).toContain('This account exists already');

    if (DATABASE_URL) {
      // Same database as the server: the new account signs in as staff.
      const server = await startServer();
      try {
        const res = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as any).user.staff).toBe(true);
      } finally {
        await server.close();
      }
    }
  }, 60_000);

  it('refuses a short password', async () => {
    const res = await cli(
      ['user:create', '--email', `kurz-${randomUUID()}@stadt.example`, '--name', 'Kurz', '--password-stdin'],
      'kurz\n',
    );
    expect(res.code).toBe(1);
    expect(res.out).toContain('at least 10 characters');
  });

  it('sets the account roles from --roles (default designer), refuses unknown roles', async () => {
    const both = `beides-${randomUUID()}@stadt.example`;
    const plain = `gestalter-${randomUUID()}@stadt.example`;
    const pw = 'ein-langes-passwort-' + randomUUID().slice(0, 6) + '\n';
    expect(
      (await cli(['user:create', '--roles', 'owner,chef', '--email', both, '--name', 'X', '--password-stdin'], pw)).code,
    ).toBe(64);
    expect(
      (await cli(['user:create', '--roles', 'designer,owner', '--email', both, '--name', 'Beides', '--password-stdin'], pw)).code,
    ).toBe(0);
    expect((await cli(['user:create', '--email', plain, '--name', 'Gestalter', '--password-stdin'], pw)).code).toBe(0);
    const db = await openDatabase({ databaseUrl: DATABASE_URL, dataDir });
    try {
      const { rows } = await db.query<{ email: string; roles: string[] }>(
        'select email, roles from users where email = any($1)',
        [[both, plain]],
      );
      const roles = Object.fromEntries(rows.map((r) => [r.email, [...r.roles].sort()]));
      expect(roles).toEqual({ [both]: ['designer', 'owner'], [plain]: ['designer'] });
    } finally {
      await db.close();
    }
  }, 60_000);

  it('user:link-sso links an existing account to a service account by its subject, once, and only with SSO set up', async () => {
    const email = `verknuepft-${randomUUID()}@stadt.example`;
    const pw = 'ein-langes-passwort-' + randomUUID().slice(0, 6) + '\n';
    expect((await cli(['user:create', '--staff', '--email', email, '--name', 'Verknüpft', '--password-stdin'], pw)).code).toBe(0);
    const subject = `sub-${randomUUID()}`;
    const args = ['user:link-sso', '--email', email, '--subject', subject];
    const off = await cli(args, '');
    expect(off.code).toBe(78);
    expect(off.out).toContain('Die Anmeldung mit Dienstkonto ist nicht eingerichtet');
    const oidc = {
      OIDC_ISSUER: 'https://login.stadt.example/realms/stadt',
      OIDC_CLIENT_ID: 'planner',
      OIDC_CLIENT_SECRET: 'client-secret-of-the-test',
      OIDC_ROLE_CLAIM: 'groups',
    };
    expect((await cli(['user:link-sso', '--email', email], '', oidc)).code).toBe(64);
    expect(
      (await cli(['user:link-sso', '--email', `niemand-${randomUUID()}@stadt.example`, '--subject', 'x'], '', oidc)).code,
    ).toBe(1);
    const linked = await cli(args, '', oidc);
    expect(linked.out).toContain(`linked to the service account ${subject}`);
    expect(linked.code).toBe(0);
    const again = await cli(args, '', oidc);
    expect(again.code).toBe(1);
    expect(again.out).toContain('linked to an account already');
    const db = await openDatabase({ databaseUrl: DATABASE_URL, dataDir });
    try {
      const { rows } = await db.query<{ email: string; issuer: string }>(
        'select u.email, l.issuer from oidc_links l join users u on u.id = l.user_id where l.subject = $1',
        [subject],
      );
      expect(rows).toEqual([{ email, issuer: oidc.OIDC_ISSUER }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
