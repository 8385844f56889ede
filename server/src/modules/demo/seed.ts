import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { createUser, type UserRow } from '../accounts/users.ts';
import { hashPassword } from '../accounts/passwords.ts';

/** The demo password of every demo account (development only; demo data never exists in production). */
export const DEMO_PASSWORD = 'kreativquartier';

/** The demo accounts: one staff, two owners, three designers. */
export const DEMO_ACCOUNTS = [
  { key: 'staff', email: 'stabsstelle@demo.kreativquartiere.example', name: 'Sabine Stab (Stabsstelle)', staff: true },
  { key: 'owner1', email: 'eigentuemer1@demo.kreativquartiere.example', name: 'Olaf Oster (Eigentümer)', staff: false },
  { key: 'owner2', email: 'eigentuemerin2@demo.kreativquartiere.example', name: 'Oksana Ortmann (Eigentümerin)', staff: false },
  { key: 'designer1', email: 'gestalterin1@demo.kreativquartiere.example', name: 'Greta Grafik (Gestalterin)', staff: false },
  { key: 'designer2', email: 'gestalter2@demo.kreativquartiere.example', name: 'Gustav Klang (Gestalter)', staff: false },
  { key: 'designer3', email: 'gestalterin3@demo.kreativquartiere.example', name: 'Gül Szenografie (Gestalterin)', staff: false },
] as const;

export type DemoKey = (typeof DEMO_ACCOUNTS)[number]['key'];

export interface DemoSet {
  users: Record<DemoKey, UserRow>;
  quarterId: string;
  /** storefronts[0] belongs to owner1, storefronts[1] to owner2. */
  storefrontIds: [string, string];
  /** A draft plan in owner1's storefront: designer1 and designer2 are designers, owner1 its owner. */
  planId: string;
  password: string;
}

/**
 * Creates the demo set. With `emailSuffix` (tests) the accounts get unique addresses, so several sets
 * live side by side in one database; without it the fixed addresses above are used.
 */
export async function createDemoSet(db: Database, opts: { password?: string; emailSuffix?: string } = {}): Promise<DemoSet> {
  const password = opts.password ?? DEMO_PASSWORD;
  // One hash for all six: argon2 is slow on purpose.
  const hash = await hashPassword(password);
  return db.transaction((tx) => insertDemoSet(tx, hash, password, opts.emailSuffix));
}

async function insertDemoSet(tx: Queryable, hash: string, password: string, emailSuffix?: string): Promise<DemoSet> {
  const email = (e: string) => (emailSuffix ? e.replace('@', `+${emailSuffix}@`) : e);
  {
    const users = {} as Record<DemoKey, UserRow>;
    for (const a of DEMO_ACCOUNTS) {
      const u = await createUser(tx, { email: email(a.email), name: a.name, staff: a.staff });
      await tx.query('update users set password_hash = $2 where id = $1', [u.id, hash]);
      users[a.key] = { ...u, password_hash: hash };
    }
    // The Unionviertel may already exist (a later migration seeds the quarters): reuse it.
    await tx.query('insert into quarters (id, name, slug) values ($1, $2, $3) on conflict (slug) do nothing', [randomUUID(), 'Unionviertel', 'unionviertel']);
    const quarterId = (await tx.query<{ id: string }>(`select id from quarters where slug = 'unionviertel'`)).rows[0].id;
    const storefrontIds: [string, string] = [randomUUID(), randomUUID()];
    await tx.query('insert into storefronts (id, quarter_id, owner_id, title, address) values ($1, $2, $3, $4, $5), ($6, $2, $7, $8, $9)', [
      storefrontIds[0],
      quarterId,
      users.owner1.id,
      'Ladenlokal Rheinische Straße',
      'Rheinische Straße 12, 44137 Dortmund',
      storefrontIds[1],
      users.owner2.id,
      'Ehemalige Buchhandlung Union',
      'Union Straße 3, 44137 Dortmund',
    ]);
    const planId = randomUUID();
    await tx.query('insert into plans (id, storefront_id, title, created_by) values ($1, $2, $3, $4)', [
      planId,
      storefrontIds[0],
      'Klangraum Unionviertel',
      users.designer1.id,
    ]);
    await tx.query(
      `insert into plan_members (plan_id, user_id, role, added_by) values ($1, $2, 'designer', $2), ($1, $3, 'designer', $2), ($1, $4, 'owner', $2)`,
      [planId, users.designer1.id, users.designer2.id, users.owner1.id],
    );
    return { users, quarterId, storefrontIds, planId, password };
  }
}

/** Seeds the demo set when the database has no accounts yet; true when it did. Safe with several instances starting at once. */
export async function seedDemoIfEmpty(db: Database): Promise<boolean> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [724_100_004]);
    const { rows } = await tx.query<{ n: number }>('select count(*)::int as n from users');
    if (rows[0].n > 0) return false;
    await insertDemoSet(tx, hash, DEMO_PASSWORD);
    return true;
  });
}

/** Lines for the start-up banner: the demo logins. */
export function demoBanner(): string[] {
  return [
    '',
    'Demo-Zugänge / demo logins (Passwort / password: ' + DEMO_PASSWORD + '):',
    ...DEMO_ACCOUNTS.map((a) => `  ${a.key.padEnd(10)} ${a.email}`),
    '',
  ];
}
