/**
 * All SQL of deleting an account (issue 20). Run inside one transaction: either the account and every
 * trace of its name and e-mail address are gone, or nothing changed.
 *
 * What happens to each table is listed in docs/personal-data.md ("Konto löschen"). In short: the user's
 * own rows (sessions, tokens, memberships, notifications, reset links …) go with the account (foreign
 * keys `on delete cascade`); rows that belong to a plan or to others (comments, approvals, consent,
 * versions, attachments) stay and lose the reference (`set null`, shown as "ehemaliges Konto"); the
 * activity log keeps a pseudonym; copies of the name or address in other people's rows are replaced.
 */
import { FORMER_ACCOUNT } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { lockXact } from '../../platform/db/locks.ts';

export interface DeletableUser {
  id: string;
  email: string;
  name: string;
  staff: boolean;
  hasPassword: boolean;
  passwordHash: string | null;
}

/** The account to delete, locked until the transaction ends. */
export async function lockUser(tx: Queryable, userId: string): Promise<DeletableUser | null> {
  const { rows } = await tx.query<{ id: string; email: string; name: string; staff: boolean; password_hash: string | null }>(
    `select id, email, name, (staff or 'staff' = any(roles)) as staff, password_hash from users where id = $1 for update`,
    [userId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    staff: r.staff,
    hasPassword: !!r.password_hash,
    passwordHash: r.password_hash,
  };
}

/** Whether another staff account remains (serialised, so that two staff deleting each other cannot both pass). */
export async function otherStaffExists(tx: Queryable, userId: string): Promise<boolean> {
  await lockXact(tx, 'accounts:last-staff');
  const { rows } = await tx.query(`select 1 from users where (staff or 'staff' = any(roles)) and id <> $1 limit 1`, [userId]);
  return rows.length > 0;
}

/** Plans the user is a member of (their open connections lose access) and the ids of their bearer tokens. */
export async function credentialsAndPlans(tx: Queryable, userId: string): Promise<{ planIds: string[]; tokenIds: string[] }> {
  const plans = await tx.query<{ plan_id: string }>('select plan_id from plan_members where user_id = $1', [userId]);
  const tokens = await tx.query<{ id: string }>('select id from api_tokens where user_id = $1', [userId]);
  return { planIds: plans.rows.map((r) => r.plan_id), tokenIds: tokens.rows.map((r) => r.id) };
}

/**
 * Plans the user leads get another lead: the designer member who joined first. A plan without another
 * designer keeps no lead; staff manage it (they may do everything a lead may) until they add one.
 * Returns the hand-overs made.
 */
export async function handOverLeads(tx: Queryable, userId: string): Promise<{ planId: string; to: string | null }[]> {
  const { rows } = await tx.query<{ id: string; next: string | null }>(
    `update plans p set lead_id = (
        select m.user_id from plan_members m
         where m.plan_id = p.id and m.role = 'designer' and m.user_id <> $1
         order by m.created_at, m.user_id limit 1)
      where p.lead_id = $1
      returning p.id, p.lead_id as next`,
    [userId],
  );
  return rows.map((r) => ({ planId: r.id, to: r.next }));
}

/**
 * Replaces the user in the activity log by the pseudonym: as actor, as subject, and where a detail names
 * the account (its id becomes the pseudonym, its address and name are dropped). The IP addresses of the
 * user's own entries go too.
 */
export async function pseudonymiseActivity(tx: Queryable, u: DeletableUser, pseudonym: string): Promise<void> {
  await tx.query('update activity set actor_pseudonym = $2, actor_id = null, ip = null where actor_id = $1', [u.id, pseudonym]);
  await tx.query('update activity set subject_id = $3 where subject_id = $1 or lower(subject_id) = lower($2)', [
    u.id,
    u.email,
    pseudonym,
  ]);
  await tx.query(
    `update activity set details = (
        select coalesce(jsonb_object_agg(k, case
            when v = to_jsonb($1::text) then to_jsonb($4::text)
            when jsonb_typeof(v) = 'string' and lower(v #>> '{}') = lower($2) then 'null'::jsonb
            when jsonb_typeof(v) = 'string' and v #>> '{}' = $3 then to_jsonb($5::text)
            else v end), '{}'::jsonb)
        from jsonb_each(details) as e(k, v))
      where strpos(details::text, $1) > 0 or strpos(lower(details::text), lower($2)) > 0 or strpos(details::text, $3) > 0`,
    [u.id, u.email, u.name, pseudonym, FORMER_ACCOUNT],
  );
}

/**
 * Copies of the name or address in other people's rows: notifications about the user (the actor's name
 * in their params), comment bodies and excerpts that name them, quarter contacts, cached answers of
 * idempotent requests; the user's mentions in comments. Invitations sent, accepted or addressed to them go.
 */
export async function scrubCopies(tx: Queryable, u: DeletableUser): Promise<void> {
  await tx.query(
    `update notifications set params = (
        select coalesce(jsonb_object_agg(k, case
            when jsonb_typeof(v) = 'string' and (v #>> '{}' = $2 or lower(v #>> '{}') = lower($3)) then to_jsonb($4::text)
            else v end), '{}'::jsonb)
        from jsonb_each(params) as e(k, v))
      where actor_id = $1 or strpos(params::text, $2) > 0 or strpos(lower(params::text), lower($3)) > 0`,
    [u.id, u.name, u.email, FORMER_ACCOUNT],
  );
  await tx.query(
    `update notifications set params = params || jsonb_build_object('actor', $2::text) where actor_id = $1 and params ? 'actor'`,
    [u.id, FORMER_ACCOUNT],
  );
  // Free text of others (and of the user) that spells out the full name or the address.
  if (u.name.trim().length >= 3) {
    await tx.query(`update comments set body = replace(body, $1, $2) where strpos(body, $1) > 0`, [u.name, 'ehemaliges Konto']);
    await tx.query(`update notifications set excerpt = replace(excerpt, $1, $2) where strpos(excerpt, $1) > 0`, [
      u.name,
      'ehemaliges Konto',
    ]);
    // Handover protocols (issue 18): the name typed to confirm, and addenda that spell it out. The PDF
    // mailed at the lock keeps it for the files; the database does not.
    await tx.query(`update handover_confirmations set typed_name = $2 where typed_name = $1 or user_id = $3`, [
      u.name,
      'ehemaliges Konto',
      u.id,
    ]);
    await tx.query(`update handover_addenda set body = replace(body, $1, $2) where strpos(body, $1) > 0`, [
      u.name,
      'ehemaliges Konto',
    ]);
  }
  for (const [table, column] of [
    ['comments', 'body'],
    ['notifications', 'excerpt'],
  ] as const) {
    await tx.query(
      `update ${table} set ${column} = regexp_replace(${column}, $1, $2, 'gi') where strpos(lower(${column}), lower($3)) > 0`,
      [escapeRegex(u.email), 'ehemaliges Konto', u.email],
    );
  }
  await tx.query(`update comments set mentions = mentions - $1::text where mentions ? $1`, [u.id]);
  await tx.query(
    `update quarters set contact_name = '', contact_email = '', contact_phone = ''
      where lower(contact_email) = lower($1) or contact_name = $2`,
    [u.email, u.name],
  );
  await tx.query(`delete from idempotency_keys where strpos(body, $1) > 0 or strpos(lower(body), lower($2)) > 0`, [
    u.name,
    u.email,
  ]);
  // Open calls (issue 16): co-applicant places addressed to them stay with the application (the team's
  // size counts) without the address or name; juror invitations to them go.
  await tx.query(
    `update application_members set email = '', name = $3, token_hash = null where user_id = $1 or lower(email) = lower($2)`,
    [u.id, u.email, FORMER_ACCOUNT],
  );
  await tx.query(`delete from call_juror_invitations where accepted_by = $1 or lower(email) = lower($2)`, [u.id, u.email]);
  await tx.query(`delete from invitations where invited_by = $1 or accepted_by = $1 or lower(email) = lower($2)`, [
    u.id,
    u.email,
  ]);
}

/** References without `on delete` (would block the delete) are cleared; then the account goes. */
export async function deleteUserRow(tx: Queryable, userId: string): Promise<void> {
  await tx.query('update storefronts set owner_id = null where owner_id = $1', [userId]);
  await tx.query('update plans set created_by = null where created_by = $1', [userId]);
  await tx.query('update plan_members set added_by = null where added_by = $1', [userId]);
  await tx.query('delete from users where id = $1', [userId]);
}

/** The deletion's own entry in the activity log. */
export async function auditDeletion(
  tx: Queryable,
  e: {
    actorId: string | null;
    actorPseudonym: string | null;
    pseudonym: string;
    details: Record<string, unknown>;
    ip: string | null;
  },
): Promise<void> {
  await tx.query(
    `insert into activity (actor_id, actor_pseudonym, action, subject_type, subject_id, details, ip)
     values ($1, $2, 'account.deleted', 'user', $3, $4, $5)`,
    [e.actorId, e.actorPseudonym, e.pseudonym, JSON.stringify(e.details), e.ip],
  );
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
