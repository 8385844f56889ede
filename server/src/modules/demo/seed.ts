import { randomUUID } from 'node:crypto';
import type { AccountRole } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { createUser, type UserRow } from '../accounts/users.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { countUsers, ensureQuarter, insertPlanWithMembers, insertStorefront, lockSeeding, setPasswordHash } from './repo.ts';

/** The demo password of every demo account (development only; demo data never exists in production). */
export const DEMO_PASSWORD = 'kreativquartier';

/** The demo accounts: one staff, two owners, three designers, each with its account role. */
export const DEMO_ACCOUNTS = [
  {
    key: 'staff',
    email: 'stabsstelle@demo.kreativquartiere.example',
    name: 'Sabine Stab (Stabsstelle)',
    staff: true,
    roles: ['staff'],
  },
  {
    key: 'owner1',
    email: 'eigentuemer1@demo.kreativquartiere.example',
    name: 'Olaf Oster (Eigentümer)',
    staff: false,
    roles: ['owner'],
  },
  {
    key: 'owner2',
    email: 'eigentuemerin2@demo.kreativquartiere.example',
    name: 'Oksana Ortmann (Eigentümerin)',
    staff: false,
    roles: ['owner'],
  },
  {
    key: 'designer1',
    email: 'gestalterin1@demo.kreativquartiere.example',
    name: 'Greta Grafik (Gestalterin)',
    staff: false,
    roles: ['designer'],
  },
  {
    key: 'designer2',
    email: 'gestalter2@demo.kreativquartiere.example',
    name: 'Gustav Klang (Gestalter)',
    staff: false,
    roles: ['designer'],
  },
  {
    key: 'designer3',
    email: 'gestalterin3@demo.kreativquartiere.example',
    name: 'Gül Szenografie (Gestalterin)',
    staff: false,
    roles: ['designer'],
  },
] as const satisfies readonly { key: string; email: string; name: string; staff: boolean; roles: readonly AccountRole[] }[];

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
      const u = await createUser(tx, { email: email(a.email), name: a.name, staff: a.staff, roles: [...a.roles] });
      await setPasswordHash(tx, u.id, hash);
      users[a.key] = { ...u, password_hash: hash };
    }
    // The Unionviertel may already exist (a later migration seeds the quarters): reuse it.
    const quarterId = await ensureQuarter(tx, randomUUID(), 'Unionviertel', 'unionviertel');
    const storefrontIds: [string, string] = [randomUUID(), randomUUID()];
    await insertStorefront(tx, {
      id: storefrontIds[0],
      quarterId,
      ownerId: users.owner1.id,
      title: 'Ladenlokal Rheinische Straße',
      address: 'Rheinische Straße 12, 44137 Dortmund',
    });
    await insertStorefront(tx, {
      id: storefrontIds[1],
      quarterId,
      ownerId: users.owner2.id,
      title: 'Ehemalige Buchhandlung Union',
      address: 'Union Straße 3, 44137 Dortmund',
    });
    const planId = randomUUID();
    await insertPlanWithMembers(tx, {
      id: planId,
      storefrontId: storefrontIds[0],
      title: 'Klangraum Unionviertel',
      members: [
        [users.designer1.id, 'designer'],
        [users.designer2.id, 'designer'],
        [users.owner1.id, 'owner'],
      ],
    });
    return { users, quarterId, storefrontIds, planId, password };
  }
}

/** Seeds the demo set when the database has no accounts yet; true when it did. Safe with several instances starting at once. */
export async function seedDemoIfEmpty(db: Database): Promise<boolean> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await lockSeeding(tx);
    if ((await countUsers(tx)) > 0) return false;
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
