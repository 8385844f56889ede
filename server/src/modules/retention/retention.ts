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
import { runRetention, type RetentionResult } from './retention-repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The retention job (tests call it directly). */
    retention: {
      /** Deletes what is past its period; returns how many rows of each kind went. */
      run(): Promise<RetentionResult>;
    };
  }
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
