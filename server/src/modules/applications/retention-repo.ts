/** All SQL of the application retention (retention.ts): due applications, anonymising them, applicant-only accounts. */
import type { Queryable } from '../../platform/db/database.ts';

/**
 * Whether the account exists only for applying and nothing refers to it any more: exactly the applicant
 * role, not staff, no application, co-applicant place, plan membership or jury seat.
 */
export async function applicantOnly(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from users u
      where u.id = $1 and not u.staff and u.roles = array['applicant']::text[]
        and not exists (select 1 from applications a where a.applicant_id = u.id)
        and not exists (select 1 from application_members m where m.user_id = u.id)
        and not exists (select 1 from plan_members p where p.user_id = u.id)
        and not exists (select 1 from call_jurors j where j.user_id = u.id)`,
    [userId],
  );
  return rows.length > 0;
}

/** Declined and withdrawn applications past their period at `now`, locked, at most `limit`. */
export async function dueApplications(
  tx: Queryable,
  months: number,
  now: Date,
  limit: number,
): Promise<{ id: string; call_id: string; status: string; applicant_id: string | null }[]> {
  const { rows } = await tx.query<{ id: string; call_id: string; status: string; applicant_id: string | null }>(
    `select a.id, a.call_id, a.status, a.applicant_id from applications a join calls c on c.id = a.call_id
      where a.status in ('declined', 'withdrawn') and a.anonymised_at is null
        and coalesce(c.retention_until, coalesce(c.closed_at, c.deadline) + make_interval(months => $1::int)) <= $2
      order by a.id limit $3 for update of a`,
    [months, now, limit],
  );
  return rows;
}

/** The accounts of the applications' co-applicants. */
export async function memberAccounts(tx: Queryable, ids: string[]): Promise<string[]> {
  const { rows } = await tx.query<{ user_id: string }>(
    'select user_id from application_members where application_id = any($1::text[]) and user_id is not null',
    [ids],
  );
  return rows.map((r) => r.user_id);
}

/** Empties the personal data of the applications and of what refers to them; the counts stay. */
export async function anonymiseApplications(tx: Queryable, ids: string[], now: Date): Promise<void> {
  await tx.query(
    `update applications set concept = '', expected_audience = '', needs_note = '', portfolio_links = '[]'::jsonb,
        consent_text = null, applicant_id = null, anonymised_at = $2, updated_at = now()
      where id = any($1::text[])`,
    [ids, now],
  );
  await tx.query(
    `update application_members set email = '', name = '', user_id = null, token_hash = null where application_id = any($1::text[])`,
    [ids],
  );
  await tx.query(`update jury_comments set comment = '' where application_id = any($1::text[])`, [ids]);
  await tx.query(`update owner_agreements set text = '' where application_id = any($1::text[])`, [ids]);
  await tx.query(`update call_mail_sends set last_error = null where application_id = any($1::text[])`, [ids]);
}
