/**
 * Open-call data for the jury and selection tests (issue 16), inserted with SQL: the calls and
 * applications capabilities are built on other branches, and these tests must not depend on their routes.
 */
import { randomUUID } from 'node:crypto';
import type { AccountRole } from '@planner/shared';
import { createUser } from '@planner/server/modules/accounts/users';
import { tokenFor } from '../../helpers/api.ts';
import { sharedDatabase } from '../../helpers/db.ts';
import type { TestServer } from '../../helpers/server.ts';

export const PASSWORD = 'richtig-langes-passwort-42';

export interface Person {
  id: string;
  email: string;
  name: string;
  token: string;
}

/** A fresh account holding `roles`, signed in. */
export async function person(
  server: TestServer,
  name: string,
  roles: AccountRole[],
  locale: 'de' | 'en' = 'de',
): Promise<Person> {
  const db = await sharedDatabase();
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-${randomUUID().slice(0, 8)}@test.example`;
  const u = await createUser(db, { email, name, password: PASSWORD, roles, locale });
  return { id: u.id, email, name, token: await tokenFor(server, email, PASSWORD) };
}

export interface CallFixture {
  callId: string;
  criteria: { id: string; weight: number }[];
  storefrontIds: string[];
}

/**
 * A call over the given storefronts with two criteria (weights 2 and 1), its deadline an hour ago
 * (`open: false`: tomorrow), published; `jurors` join it.
 */
export async function insertCall(opts: {
  storefrontIds: string[];
  jurors: string[];
  blind?: boolean;
  open?: boolean;
  status?: string;
  title?: string;
  periodStart?: string;
  periodEnd?: string;
}): Promise<CallFixture> {
  const db = await sharedDatabase();
  const callId = randomUUID();
  const deadline = new Date(Date.now() + (opts.open === false ? 86_400_000 : -3_600_000)).toISOString();
  await db.query(
    `insert into calls (id, slug, title, deadline, status, blind, period_start, period_end, published_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [
      callId,
      `aufruf-${callId.slice(0, 8)}`,
      opts.title ?? `Aufruf ${callId.slice(0, 6)}`,
      deadline,
      opts.status ?? 'published',
      opts.blind ?? false,
      opts.periodStart ?? '2027-05-01',
      opts.periodEnd ?? '2027-05-10',
    ],
  );
  for (const [i, s] of opts.storefrontIds.entries()) {
    await db.query('insert into call_storefronts (call_id, storefront_id, position) values ($1, $2, $3)', [callId, s, i]);
  }
  const criteria = [
    { id: randomUUID(), label: 'Idee', weight: 2 },
    { id: randomUUID(), label: 'Ortsbezug', weight: 1 },
  ];
  for (const [i, c] of criteria.entries()) {
    await db.query('insert into call_criteria (id, call_id, label, weight, position) values ($1, $2, $3, $4, $5)', [
      c.id,
      callId,
      c.label,
      c.weight,
      i,
    ]);
  }
  for (const j of opts.jurors) await db.query('insert into call_jurors (call_id, user_id) values ($1, $2)', [callId, j]);
  return { callId, criteria: criteria.map(({ id, weight }) => ({ id, weight })), storefrontIds: opts.storefrontIds };
}

/** A submitted application of `applicant` ranking `storefrontIds` (first = first choice), with confirmed co-applicants. */
export async function insertApplication(opts: {
  callId: string;
  applicantId: string;
  storefrontIds: string[];
  concept: string;
  coApplicants?: { id: string; name: string; email: string }[];
  locale?: 'de' | 'en';
  portfolio?: { url: string; label: string }[];
  periodStart?: string | null;
  periodEnd?: string | null;
}): Promise<string> {
  const db = await sharedDatabase();
  const id = randomUUID();
  await db.query(
    `insert into applications (id, call_id, applicant_id, status, concept, disciplines, formats, needs, needs_note,
       expected_audience, period_start, period_end, portfolio_links, locale, submitted_at)
     values ($1, $2, $3, 'submitted', $4, '{scenography}', '{exhibition,workshop}', '{power,darkness}', 'Starkstrom',
       'Nachbarschaft', $5, $6, $7, $8, now())`,
    [
      id,
      opts.callId,
      opts.applicantId,
      opts.concept,
      opts.periodStart === undefined ? '2027-05-01' : opts.periodStart,
      opts.periodEnd === undefined ? '2027-05-04' : opts.periodEnd,
      JSON.stringify(opts.portfolio ?? [{ url: 'https://portfolio.example/geheim', label: 'Portfolio' }]),
      opts.locale ?? 'de',
    ],
  );
  for (const [i, s] of opts.storefrontIds.entries()) {
    await db.query('insert into application_storefronts (application_id, storefront_id, rank) values ($1, $2, $3)', [
      id,
      s,
      i + 1,
    ]);
  }
  for (const m of opts.coApplicants ?? []) {
    await db.query(
      `insert into application_members (id, application_id, email, name, user_id, status, answered_at)
       values ($1, $2, $3, $4, $5, 'confirmed', now())`,
      [randomUUID(), id, m.email, m.name, m.id],
    );
  }
  return id;
}

/** A storefront of `ownerId` (a copy of an existing one's geometry). */
export async function insertStorefront(copyOf: string, ownerId: string, title: string): Promise<string> {
  const db = await sharedDatabase();
  const id = randomUUID();
  await db.query(
    `insert into storefronts (id, quarter_id, title, address, lat, lng, area_m2, outline, owner_id)
     select $1, quarter_id, $2, address, lat, lng, area_m2, outline, $3 from storefronts where id = $4`,
    [id, title, ownerId, copyOf],
  );
  return id;
}
