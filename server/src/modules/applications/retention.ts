/**
 * Retention of applications (issue 16, GDPR): the personal data of declined and withdrawn applications is
 * anonymised RETENTION_APPLICATIONS_MONTHS (default 6) after their call closed (`calls.retention_until`
 * when staff set one, else `closed_at`, else the deadline). What goes: the concept, expected audience,
 * needs note, portfolio links, the consented text, the link to the applicant's account, the co-applicants'
 * names, addresses and accounts, the jurors' comments and the owners' answer texts on it. What stays for
 * the reports: status, call, disciplines, formats, needs, period and the storefront ranks. Each
 * anonymised application gets an entry in the activity log (`application.anonymised`, by no one).
 *
 * Accounts: an account that existed only for applying (it holds exactly the `applicant` role, is not
 * staff, and after the anonymisation no application, co-applicant place, plan membership or jury seat
 * refers to it) is then deleted through the privacy capability's account deletion (pseudonymised log,
 * scrubbed copies; `account.deleted` by retention), so the applicant's name and address are gone from
 * every table. A designer's account (or anyone's with another role or tie) stays: only the application's
 * copy of their data goes. A deletion that fails is logged and not retried by later runs (the
 * application no longer names the account); the account is then one staff can delete by hand.
 *
 * Idempotent (`anonymised_at` is set once), so several instances may run it at the same time. Registered
 * like the other retention job (modules/retention): an interval timer, and `run(now)` for tests.
 */
import fp from 'fastify-plugin';
import type { Database } from '../../platform/db/database.ts';
import { audit } from '../activity/audit.ts';
import { anonymiseApplications, applicantOnly, dueApplications, memberAccounts } from './retention-repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    applicationRetention: {
      /**
       * Anonymises what is past its period at `now` (default: the clock) and deletes the accounts that
       * existed only for those applications; returns how many applications and accounts.
       */
      run(now?: Date): Promise<{ anonymised: number; accountsDeleted: number }>;
    };
  }
}

const BATCH = 200;

/**
 * One run: anonymises up to every due application, in batches, each batch in one transaction; returns
 * how many, and the accounts the anonymised applications referred to (main and co-applicants).
 */
export async function anonymiseDue(db: Database, months: number, now: Date): Promise<{ count: number; people: string[] }> {
  let total = 0;
  const people = new Set<string>();
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await dueApplications(tx, months, now, BATCH);
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      for (const r of rows) if (r.applicant_id) people.add(r.applicant_id);
      for (const userId of await memberAccounts(tx, ids)) people.add(userId);
      await anonymiseApplications(tx, ids, now);
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
    if (n < BATCH) return { count: total, people: [...people] };
  }
}

export default fp(
  async (app) => {
    const months = app.config.applicationRetentionMonths;
    const run = async (now: Date = new Date()) => {
      const { count: anonymised, people } = await anonymiseDue(app.db, months, now);
      let accountsDeleted = 0;
      for (const userId of people) {
        try {
          if (!(await applicantOnly(app.db, userId))) continue;
          // Checked again inside the deletion, with the account locked.
          if (await app.privacy.deleteForRetention(userId, (tx) => applicantOnly(tx, userId))) accountsDeleted++;
        } catch (err) {
          app.log.error({ err }, 'application retention: deleting an applicant account failed');
        }
      }
      if (anonymised > 0) app.log.info({ anonymised, accountsDeleted }, 'retention: anonymised applications past their period');
      return { anonymised, accountsDeleted };
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
  { name: 'application-retention', dependencies: ['config', 'database', 'privacy'] },
);
