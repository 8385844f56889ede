/**
 * All SQL of applications (issue 16). The calls module is a neighbour: what an application needs of its
 * call (status, deadline, privacy text, storefronts) is read here with small queries of its own.
 */
import type { Queryable } from '../../platform/db/database.ts';

export interface CallRow {
  id: string;
  slug: string;
  title: string;
  status: string;
  deadline: Date | string;
  privacy_text: string;
  period_start: string | null;
  period_end: string | null;
  disciplines: string[];
}

const CALL_COLUMNS = `c.id, c.slug, c.title, c.status, c.deadline, c.privacy_text, c.period_start::text as period_start,
  c.period_end::text as period_end, c.disciplines`;

export async function callBySlug(db: Queryable, slug: string): Promise<CallRow | null> {
  const { rows } = await db.query<CallRow>(`select ${CALL_COLUMNS} from calls c where c.slug = $1`, [slug]);
  return rows[0] ?? null;
}

export async function callById(db: Queryable, id: string): Promise<CallRow | null> {
  const { rows } = await db.query<CallRow>(`select ${CALL_COLUMNS} from calls c where c.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function callStorefronts(db: Queryable, callId: string): Promise<{ id: string; title: string; address: string }[]> {
  const { rows } = await db.query<{ id: string; title: string; address: string }>(
    `select s.id, s.title, coalesce(s.address, '') as address from call_storefronts cs join storefronts s on s.id = cs.storefront_id
      where cs.call_id = $1 order by cs.position, s.title`,
    [callId],
  );
  return rows;
}

export interface ApplicationRow {
  id: string;
  call_id: string;
  applicant_id: string | null;
  applicant_name: string | null;
  applicant_email: string | null;
  status: string;
  concept: string;
  disciplines: string[];
  formats: string[];
  expected_audience: string;
  needs: string[];
  needs_note: string;
  period_start: string | null;
  period_end: string | null;
  portfolio_links: { url: string; label: string }[];
  locale: 'de' | 'en';
  consent_at: Date | string | null;
  consent_text: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  submitted_at: Date | string | null;
  withdrawn_at: Date | string | null;
}

const APPLICATION_COLUMNS = `a.id, a.call_id, a.applicant_id, u.name as applicant_name, u.email as applicant_email, a.status,
  a.concept, a.disciplines, a.formats, a.expected_audience, a.needs, a.needs_note, a.period_start::text as period_start,
  a.period_end::text as period_end, a.portfolio_links, a.locale, a.consent_at, a.consent_text, a.created_at, a.updated_at,
  a.submitted_at, a.withdrawn_at`;

export async function applicationById(db: Queryable, id: string, lock = false): Promise<ApplicationRow | null> {
  const { rows } = await db.query<ApplicationRow>(
    `select ${APPLICATION_COLUMNS} from applications a left join users u on u.id = a.applicant_id where a.id = $1${lock ? ' for update of a' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The live (not withdrawn) application of this person to this call, as main applicant. */
export async function liveApplicationOf(db: Queryable, callId: string, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `select id from applications where call_id = $1 and applicant_id = $2 and status <> 'withdrawn' order by created_at desc limit 1`,
    [callId, userId],
  );
  return rows[0]?.id ?? null;
}

/** An application of this call the person belongs to: as main applicant, or as confirmed co-applicant. */
export async function applicationOfMember(db: Queryable, callId: string, userId: string): Promise<string | null> {
  const own = await liveApplicationOf(db, callId, userId);
  if (own) return own;
  const { rows } = await db.query<{ id: string }>(
    `select a.id from applications a join application_members m on m.application_id = a.id
      where a.call_id = $1 and m.user_id = $2 and m.status = 'confirmed' and a.status <> 'withdrawn' limit 1`,
    [callId, userId],
  );
  return rows[0]?.id ?? null;
}

export async function rankedStorefronts(db: Queryable, applicationId: string): Promise<{ storefrontId: string; rank: number }[]> {
  const { rows } = await db.query<{ storefront_id: string; rank: number }>(
    'select storefront_id, rank from application_storefronts where application_id = $1 order by rank',
    [applicationId],
  );
  return rows.map((r) => ({ storefrontId: r.storefront_id, rank: Number(r.rank) }));
}

export interface MemberRow {
  id: string;
  email: string;
  name: string;
  user_id: string | null;
  status: 'invited' | 'confirmed' | 'declined';
}

export async function membersOf(db: Queryable, applicationId: string): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `select m.id, m.email, coalesce(nullif(m.name, ''), u.name, '') as name, m.user_id, m.status
       from application_members m left join users u on u.id = m.user_id
      where m.application_id = $1 order by m.invited_at, m.id`,
    [applicationId],
  );
  return rows;
}

/** Whether the person is the main or a confirmed co-applicant of the application. */
export async function isApplicant(db: Queryable, applicationId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from applications a where a.id = $1 and (a.applicant_id = $2 or exists (
        select 1 from application_members m where m.application_id = a.id and m.user_id = $2 and m.status = 'confirmed'))`,
    [applicationId, userId],
  );
  return rows.length > 0;
}

/** Whether the person is a juror of the application's call. */
export async function isJurorOf(db: Queryable, applicationId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from applications a join call_jurors j on j.call_id = a.call_id where a.id = $1 and j.user_id = $2`,
    [applicationId, userId],
  );
  return rows.length > 0;
}

export async function insertApplication(
  db: Queryable,
  a: { id: string; callId: string; applicantId: string; locale: 'de' | 'en' },
): Promise<void> {
  await db.query(`insert into applications (id, call_id, applicant_id, locale) values ($1, $2, $3, $4)`, [
    a.id,
    a.callId,
    a.applicantId,
    a.locale,
  ]);
}

/** Column updates of a PATCH (already validated); `consent` is stored with the call's privacy text. */
export async function updateFields(db: Queryable, id: string, set: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(set);
  if (!cols.length) {
    await db.query('update applications set updated_at = now() where id = $1', [id]);
    return;
  }
  const assignments = cols.map((c, i) => `${c} = $${i + 2}`).join(', ');
  await db.query(`update applications set ${assignments}, updated_at = now() where id = $1`, [id, ...cols.map((c) => set[c])]);
}

export async function replaceStorefronts(
  db: Queryable,
  id: string,
  list: { storefrontId: string; rank: number }[],
): Promise<void> {
  await db.query('delete from application_storefronts where application_id = $1', [id]);
  for (const s of list)
    await db.query('insert into application_storefronts (application_id, storefront_id, rank) values ($1, $2, $3)', [
      id,
      s.storefrontId,
      s.rank,
    ]);
}

export async function setStatus(db: Queryable, id: string, status: 'submitted' | 'withdrawn'): Promise<void> {
  const stamp = status === 'submitted' ? 'submitted_at' : 'withdrawn_at';
  await db.query(`update applications set status = $2, ${stamp} = now(), updated_at = now() where id = $1`, [id, status]);
}

export async function deleteApplication(db: Queryable, id: string): Promise<void> {
  await db.query('delete from applications where id = $1', [id]);
}

export interface MyApplicationRow {
  id: string;
  slug: string;
  title: string;
  deadline: Date | string;
  call_status: string;
  status: string;
  main: boolean;
  updated_at: Date | string;
  submitted_at: Date | string | null;
}

export async function applicationsOf(db: Queryable, userId: string): Promise<MyApplicationRow[]> {
  const { rows } = await db.query<MyApplicationRow>(
    `select a.id, c.slug, c.title, c.deadline, c.status as call_status, a.status, (a.applicant_id = $1) as main, a.updated_at, a.submitted_at
       from applications a join calls c on c.id = a.call_id
      where a.applicant_id = $1 or exists (
        select 1 from application_members m where m.application_id = a.id and m.user_id = $1 and m.status = 'confirmed')
      order by a.updated_at desc, a.id`,
    [userId],
  );
  return rows;
}

export async function insertMember(
  db: Queryable,
  m: { id: string; applicationId: string; email: string; name: string; tokenHash: string },
): Promise<void> {
  await db.query(`insert into application_members (id, application_id, email, name, token_hash) values ($1, $2, $3, $4, $5)`, [
    m.id,
    m.applicationId,
    m.email,
    m.name,
    m.tokenHash,
  ]);
}

export interface InvitationRow {
  id: string;
  application_id: string;
  email: string;
  status: 'invited' | 'confirmed' | 'declined';
  call_slug: string;
  call_title: string;
  inviter: string | null;
}

export async function memberByToken(db: Queryable, tokenHash: string, lock = false): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `select m.id, m.application_id, m.email, m.status, c.slug as call_slug, c.title as call_title, u.name as inviter
       from application_members m join applications a on a.id = m.application_id join calls c on c.id = a.call_id
       left join users u on u.id = a.applicant_id
      where m.token_hash = $1 and m.status = 'invited'${lock ? ' for update of m' : ''}`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function answerMember(
  db: Queryable,
  id: string,
  status: 'confirmed' | 'declined',
  userId: string | null,
): Promise<void> {
  await db.query(
    `update application_members set status = $2, user_id = coalesce($3, user_id), token_hash = null, answered_at = now() where id = $1`,
    [id, status, userId],
  );
}

// ── E-mail verification of accounts made inside the form ──

export async function insertVerification(db: Queryable, userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.query(
    `insert into applicant_verifications (user_id, token_hash, expires_at) values ($1, $2, $3)
     on conflict (user_id) do update set token_hash = excluded.token_hash, expires_at = excluded.expires_at
       where applicant_verifications.verified_at is null`,
    [userId, tokenHash, expiresAt],
  );
}

/** Whether the account still has to confirm its address (a row without `verified_at`). */
export async function needsVerification(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from applicant_verifications where user_id = $1 and verified_at is null', [userId]);
  return rows.length > 0;
}

/** Marks the address confirmed for a live link; returns the account or null. */
export async function useVerification(db: Queryable, tokenHash: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>(
    `update applicant_verifications set verified_at = now(), token_hash = null
      where token_hash = $1 and verified_at is null and expires_at > now() returning user_id`,
    [tokenHash],
  );
  return rows[0]?.user_id ?? null;
}

/** Marks an account's address confirmed (it answered a link mailed to it). */
export async function markVerified(db: Queryable, userId: string): Promise<void> {
  await db.query(
    'update applicant_verifications set verified_at = now(), token_hash = null where user_id = $1 and verified_at is null',
    [userId],
  );
}

/** Whether the person owns one of the call's storefronts (they are `owner` there and may not apply). */
export async function ownsStorefrontOfCall(db: Queryable, callId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from call_storefronts cs join storefronts s on s.id = cs.storefront_id where cs.call_id = $1 and s.owner_id = $2 limit 1`,
    [callId, userId],
  );
  return rows.length > 0;
}
