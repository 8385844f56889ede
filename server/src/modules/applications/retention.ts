/**
 * Retention of applications (issue 16, GDPR): the personal data of declined and withdrawn applications is
 * anonymised RETENTION_APPLICATIONS_MONTHS (default 6) after their call closed (`calls.retention_until`
 * when staff set one, else `closed_at`, else the deadline). What goes: the concept, expected audience,
 * needs note, portfolio links, the consented text, the link to the applicant's account, the co-applicants'
 * names, addresses and accounts, the jurors' comments and the owners' answer texts on it. What stays for
 * the reports: status, call, disciplines, formats, needs, period and the storefront ranks. Each
 * anonymised application gets an entry in the activity log (`application.anonymised`, by no one).
 *
 * Idempotent (`anonymised_at` is set once), so several instances may run it at the same time. Registered
 * like the other retention job (modules/retention): an interval timer, and `run(now)` for tests.
 */
import fp from 'fastify-plugin';
import type { Database } from '../../platform/db/database.ts';
import { audit } from '../activity/audit.ts';

declare module 'fastify' {
  interface FastifyInstance {
    applicationRetention: {
      /** Anonymises what is past its period at `now` (default: the clock); returns how many applications. */
      run(now?: Date): Promise<{ anonymised: number }>;
    };
  }
}

const BATCH = 200;

/** One run: anonymises up to every due application, in batches, each batch in one transaction. */
export async function anonymiseDue(db: Database, months: number, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; call_id: string; status: string }>(
        `select a.id, a.call_id, a.status from applications a join calls c on c.id = a.call_id
          where a.status in ('declined', 'withdrawn') and a.anonymised_at is null
            and coalesce(c.retention_until, coalesce(c.closed_at, c.deadline) + make_interval(months => $1::int)) <= $2
          order by a.id limit ${BATCH} for update of a`,
        [months, now],
      );
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
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
      for (const r of rows)
        await audit(tx, {
          actorId: null,
          action: 'application.anonymised',
          subjectType: 'application',
          subjectId: r.id,
          details: { callId: r.call_id, status: r.status, months },
        });
      return rows.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

export default fp(
  async (app) => {
    const months = app.config.applicationRetentionMonths;
    const run = async (now: Date = new Date()) => {
      const anonymised = await anonymiseDue(app.db, months, now);
      if (anonymised > 0) app.log.info({ anonymised }, 'retention: anonymised applications past their period');
      return { anonymised };
    };
    const timer = setInterval(
      () => void run().catch((err: unknown) => app.log.error({ err }, 'application retention: run failed')),
      app.config.retention.intervalMs,
    );
    timer.unref();
    app.decorate('applicationRetention', { run });
    app.addHook('onClose', async () => {
      clearInterval(timer);
    });
  },
  { name: 'application-retention', dependencies: ['config', 'database'] },
);
