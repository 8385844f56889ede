/**
 * The retention job's SQL (issue 20): idempotent DELETEs of rows past their period, on the database's
 * clock. See retention.ts for what goes when.
 */
import type { Queryable } from '../../platform/db/database.ts';
import type { RetentionSettings } from '../../platform/config.ts';

export interface RetentionResult {
  sessions: number;
  invitations: number;
  resetTokens: number;
  audit: number;
}

const AUDIT_BATCH = 5000;

/** `$1` milliseconds before the database's now. */
const before = (param: string) => `now() - (${param}::double precision * interval '1 millisecond')`;

async function deleted(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number | string }>(
    `with gone as (${sql} returning 1) select count(*) as n from gone`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/** One retention run over `db` with the periods of `settings`. */
export async function runRetention(db: Queryable, settings: RetentionSettings): Promise<RetentionResult> {
  const sessions = await deleted(db, `delete from sessions where expires_at < ${before('$1')}`, [settings.sessionsMs]);
  const invitations = await deleted(
    db,
    `delete from invitations where coalesce(accepted_at, expires_at) < ${before('$1')} and (accepted_at is not null or expires_at < now())`,
    [settings.invitationsMs],
  );
  let resetTokens = 0;
  for (const table of ['password_reset_tokens', 'email_change_tokens']) {
    resetTokens += await deleted(
      db,
      `delete from ${table} where coalesce(used_at, expires_at) < ${before('$1')} and (used_at is not null or expires_at < now())`,
      [settings.resetTokensMs],
    );
  }
  let audit = 0;
  for (;;) {
    const n = await deleted(
      db,
      `delete from activity where id in (select id from activity where at < ${before('$1')} order by id limit ${AUDIT_BATCH})`,
      [settings.auditMs],
    );
    audit += n;
    if (n < AUDIT_BATCH) break;
  }
  return { sessions, invitations, resetTokens, audit };
}
