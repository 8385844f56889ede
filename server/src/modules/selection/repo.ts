/** All SQL of shortlist, owner agreement, decision, decision mails and the checklist template (issue 16). */
import type { Queryable } from '../../platform/db/database.ts';

export interface LockedApplication {
  id: string;
  call_id: string;
  status: string;
  applicant_id: string | null;
  plan_id: string | null;
  concept: string;
  disciplines: string[];
  expected_audience: string;
  period_start: string | null;
  period_end: string | null;
  locale: string;
}

export async function lockApplication(
  tx: Queryable,
  callId: string,
  applicationId: string,
): Promise<LockedApplication | undefined> {
  const { rows } = await tx.query<LockedApplication>(
    `select id, call_id, status, applicant_id, plan_id, concept, disciplines, expected_audience,
            to_char(period_start, 'YYYY-MM-DD') as period_start, to_char(period_end, 'YYYY-MM-DD') as period_end, locale
       from applications where call_id = $1 and id = $2 for update`,
    [callId, applicationId],
  );
  return rows[0];
}

export async function setApplicationStatus(
  tx: Queryable,
  applicationId: string,
  status: string,
  p: { decidedBy?: string; planId?: string; shortlisted?: boolean },
): Promise<void> {
  await tx.query(
    `update applications set status = $2, updated_at = now(),
            shortlisted_at = case when $3 then now() else shortlisted_at end,
            decided_at = case when $4::text is not null then now() else decided_at end,
            decided_by = coalesce($4, decided_by), plan_id = coalesce($5, plan_id)
      where id = $1`,
    [applicationId, status, p.shortlisted ?? false, p.decidedBy ?? null, p.planId ?? null],
  );
}

export async function callPeriod(
  db: Queryable,
  callId: string,
): Promise<{ title: string; status: string; period_start: string | null; period_end: string | null }> {
  const { rows } = await db.query<{ title: string; status: string; period_start: string | null; period_end: string | null }>(
    `select title, status, to_char(period_start, 'YYYY-MM-DD') as period_start, to_char(period_end, 'YYYY-MM-DD') as period_end
       from calls where id = $1`,
    [callId],
  );
  return rows[0]!;
}

/** The call's storefronts the application ranks, first choice first. */
export async function rankedCallStorefronts(
  db: Queryable,
  callId: string,
  applicationId: string,
): Promise<{ id: string; title: string; owner_id: string | null }[]> {
  const { rows } = await db.query<{ id: string; title: string; owner_id: string | null }>(
    `select f.id, f.title, f.owner_id from application_storefronts s
       join call_storefronts c on c.storefront_id = s.storefront_id and c.call_id = $1
       join storefronts f on f.id = s.storefront_id
      where s.application_id = $2 order by s.rank, f.title`,
    [callId, applicationId],
  );
  return rows;
}

export async function isCallStorefront(db: Queryable, callId: string, storefrontId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from call_storefronts where call_id = $1 and storefront_id = $2', [
    callId,
    storefrontId,
  ]);
  return rows.length > 0;
}

export async function objectionFor(db: Queryable, applicationId: string, storefrontId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from owner_agreements where application_id = $1 and storefront_id = $2 and answer = 'object'`,
    [applicationId, storefrontId],
  );
  return rows.length > 0;
}

/** Confirmed co-applicants with an account. */
export async function confirmedMembers(db: Queryable, applicationId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `select user_id from application_members where application_id = $1 and status = 'confirmed' and user_id is not null
      order by invited_at, id`,
    [applicationId],
  );
  return rows.map((r) => r.user_id);
}

export async function checklist(
  db: Queryable,
): Promise<{ id: string; title: string; days_before: number | null; position: number }[]> {
  const { rows } = await db.query<{ id: string; title: string; days_before: number | null; position: number }>(
    'select id, title, days_before, position from checklist_templates order by position, id',
  );
  return rows;
}

export async function replaceChecklist(
  tx: Queryable,
  items: { id: string; title: string; daysBefore: number | null }[],
): Promise<void> {
  await tx.query('delete from checklist_templates where not (id = any($1))', [items.map((i) => i.id)]);
  for (const [position, i] of items.entries()) {
    await tx.query(
      `insert into checklist_templates (id, title, days_before, position) values ($1, $2, $3, $4)
       on conflict (id) do update set title = excluded.title, days_before = excluded.days_before, position = excluded.position, updated_at = now()`,
      [i.id, i.title, i.daysBefore, position + 1],
    );
  }
}

// ── Board and shortlist ─────────────────────────────────────────────────────

export async function ownerAnswers(
  db: Queryable,
  applicationIds: string[],
): Promise<{ application_id: string; storefront_id: string; answer: 'agree' | 'object'; text: string; answered_at: Date }[]> {
  if (!applicationIds.length) return [];
  const { rows } = await db.query<{
    application_id: string;
    storefront_id: string;
    answer: 'agree' | 'object';
    text: string;
    answered_at: Date;
  }>('select application_id, storefront_id, answer, text, answered_at from owner_agreements where application_id = any($1)', [
    applicationIds,
  ]);
  return rows;
}

export interface ShortlistRow {
  application_id: string;
  call_id: string;
  call_title: string;
  storefront_id: string;
  storefront_title: string;
  concept: string;
  formats: string[];
  needs: string[];
  needs_note: string;
  period_start: string | null;
  period_end: string | null;
  answer: 'agree' | 'object' | null;
  text: string | null;
  answered_at: Date | null;
}

/**
 * Shortlisted concepts per storefront they rank (storefronts of the call only): for one owner's
 * storefronts, one storefront, or one application and storefront.
 */
export async function shortlistRows(
  db: Queryable,
  where: { ownerId?: string; storefrontId?: string; applicationId?: string },
): Promise<ShortlistRow[]> {
  const { rows } = await db.query<ShortlistRow>(
    `select a.id as application_id, a.call_id, c.title as call_title, f.id as storefront_id, f.title as storefront_title,
            a.concept, a.formats, a.needs, a.needs_note,
            to_char(a.period_start, 'YYYY-MM-DD') as period_start, to_char(a.period_end, 'YYYY-MM-DD') as period_end,
            o.answer, o.text, o.answered_at
       from applications a
       join calls c on c.id = a.call_id
       join application_storefronts s on s.application_id = a.id
       join call_storefronts cs on cs.call_id = a.call_id and cs.storefront_id = s.storefront_id
       join storefronts f on f.id = s.storefront_id
       left join owner_agreements o on o.application_id = a.id and o.storefront_id = f.id
      where a.status = 'shortlisted'
        and ($1::text is null or f.owner_id = $1)
        and ($2::text is null or f.id = $2)
        and ($3::text is null or a.id = $3)
      order by a.shortlisted_at desc nulls last, a.id, s.rank`,
    [where.ownerId ?? null, where.storefrontId ?? null, where.applicationId ?? null],
  );
  return rows;
}

export async function upsertOwnerAnswer(
  tx: Queryable,
  a: { applicationId: string; storefrontId: string; ownerId: string; answer: 'agree' | 'object'; text: string },
): Promise<void> {
  await tx.query(
    `insert into owner_agreements (application_id, storefront_id, owner_id, answer, text) values ($1, $2, $3, $4, $5)
     on conflict (application_id, storefront_id) do update
       set owner_id = excluded.owner_id, answer = excluded.answer, text = excluded.text, answered_at = now()`,
    [a.applicationId, a.storefrontId, a.ownerId, a.answer, a.text],
  );
}

// ── Mails ────────────────────────────────────────────────────────────────────

export interface TemplateRow {
  kind: 'selected' | 'declined' | 'waitlisted';
  locale: 'de' | 'en';
  subject: string;
  body: string;
}

export async function templatesOf(db: Queryable, callId: string): Promise<TemplateRow[]> {
  const { rows } = await db.query<TemplateRow>(
    `select kind, locale, subject, body from call_mail_templates where call_id = $1 order by kind, locale`,
    [callId],
  );
  return rows;
}

/** Inserts a template unless the call has one of that kind and language. */
export async function seedTemplate(db: Queryable, id: string, callId: string, t: TemplateRow): Promise<void> {
  await db.query(
    `insert into call_mail_templates (id, call_id, kind, locale, subject, body) values ($1, $2, $3, $4, $5, $6)
     on conflict do nothing`,
    [id, callId, t.kind, t.locale, t.subject, t.body],
  );
}

export async function saveTemplate(db: Queryable, callId: string, t: TemplateRow, userId: string): Promise<void> {
  await db.query(
    `update call_mail_templates set subject = $4, body = $5, updated_by = $6, updated_at = now()
      where call_id = $1 and kind = $2 and locale = $3`,
    [callId, t.kind, t.locale, t.subject, t.body, userId],
  );
}

export interface MailTarget {
  application_id: string;
  status: string;
  locale: string;
  concept: string;
  name: string | null;
  email: string | null;
  plan_id: string | null;
  plan_storefront: string | null;
  call_title: string;
}

/** What a decision mail of an application is made of. */
export async function mailTarget(db: Queryable, callId: string, applicationId: string): Promise<MailTarget | undefined> {
  const { rows } = await db.query<MailTarget>(
    `select a.id as application_id, a.status, a.locale, a.concept, u.name, u.email, a.plan_id, c.title as call_title,
            coalesce(
              (select f.title from plans p join storefronts f on f.id = p.storefront_id where p.id = a.plan_id),
              (select f.title from application_storefronts s join storefronts f on f.id = s.storefront_id
                where s.application_id = a.id order by s.rank limit 1)
            ) as plan_storefront
       from applications a join calls c on c.id = a.call_id left join users u on u.id = a.applicant_id
      where a.call_id = $1 and a.id = $2`,
    [callId, applicationId],
  );
  return rows[0];
}

/** Queues one row per decided application of these kinds that has none of that kind yet; returns how many. */
export async function queueSends(tx: Queryable, callId: string, kinds: string[], userId: string): Promise<number> {
  const res = await tx.query(
    `insert into call_mail_sends (id, call_id, application_id, kind, created_by)
     select gen_random_uuid()::text, a.call_id, a.id, a.status, $3 from applications a
      where a.call_id = $1 and a.status = any($2) and a.applicant_id is not null and a.anonymised_at is null
     on conflict (application_id, kind) do nothing`,
    [callId, kinds, userId],
  );
  return res.rowCount;
}

export interface SendRow {
  id: string;
  application_id: string;
  concept: string;
  kind: 'selected' | 'declined' | 'waitlisted';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

export async function sendsOf(db: Queryable, callId: string): Promise<SendRow[]> {
  const { rows } = await db.query<SendRow>(
    `select s.id, s.application_id, a.concept, s.kind, s.status, s.attempts, s.last_error, s.sent_at
       from call_mail_sends s join applications a on a.id = s.application_id
      where s.call_id = $1 order by s.created_at, s.id`,
    [callId],
  );
  return rows;
}

/** Claims a pending row (another instance may be sending the same call): true when this one won it. */
export async function claimSend(db: Queryable, id: string, attempts: number): Promise<boolean> {
  const res = await db.query(
    `update call_mail_sends set attempts = attempts + 1 where id = $1 and status = 'pending' and attempts = $2`,
    [id, attempts],
  );
  return res.rowCount > 0;
}

export async function finishSend(db: Queryable, id: string, error: string | null): Promise<void> {
  await db.query(
    `update call_mail_sends set status = $2, last_error = $3, sent_at = case when $2 = 'sent' then now() else sent_at end where id = $1`,
    [id, error ? 'failed' : 'sent', error],
  );
}

export async function requeueFailed(db: Queryable, callId: string): Promise<number> {
  const res = await db.query(`update call_mail_sends set status = 'pending' where call_id = $1 and status = 'failed'`, [callId]);
  return res.rowCount;
}
