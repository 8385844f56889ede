/**
 * Retention (issue 20, data protection): rows that are no longer live are deleted once their period
 * (RETENTION_*_DAYS, platform/config.ts) is over. docs/personal-data.md lists what is kept and why.
 *
 * - sessions: `expires_at` more than RETENTION_SESSIONS_DAYS ago (their oidc_sessions go with them);
 * - invitations: accepted, or expired, more than RETENTION_INVITATIONS_DAYS ago (an open one stays);
 * - password_reset_tokens and email_change_tokens: used, or expired, more than RETENTION_RESET_TOKENS_DAYS ago;
 * - activity: rows older than RETENTION_AUDIT_DAYS.
 *
 * Every run is a handful of idempotent DELETEs keyed on the database's clock, so several instances may
 * run it at the same time: the second one finds nothing left to delete. The activity log is deleted in
 * batches, so the first run on a large, old log does not hold one long transaction.
 */
import fp from 'fastify-plugin';
import type { Queryable } from '../../platform/db/database.ts';
import type { RetentionSettings } from '../../platform/config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The retention job (tests call it directly). */
    retention: {
      /** Deletes what is past its period; returns how many rows of each kind went. */
      run(): Promise<RetentionResult>;
    };
  }
}

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

export default fp(
  async (app) => {
    const settings = app.config.retention;
    const run = async (): Promise<RetentionResult> => {
      const result = await runRetention(app.db, settings);
      if (Object.values(result).some((n) => n > 0))
        app.log.info({ retention: result }, 'retention: deleted rows past their period');
      return result;
    };
    const timer = setInterval(
      () => void run().catch((err: unknown) => app.log.error({ err }, 'retention: run failed')),
      settings.intervalMs,
    );
    timer.unref();
    app.decorate('retention', { run });
    app.addHook('onClose', async () => {
      clearInterval(timer);
    });
  },
  { name: 'retention', dependencies: ['config', 'database'] },
);
