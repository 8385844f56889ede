/**
 * All SQL of the jury (issue 16). The calls and applications capabilities own those tables; the jury
 * reads what it needs of them here, in its own small queries.
 */
import type { Queryable } from '../../platform/db/database.ts';

/** Statuses of an application the jury judges (submitted, and every state after it but withdrawn). */
export const JUDGED_STATUSES = ['submitted', 'shortlisted', 'selected', 'declined', 'waitlisted'] as const;
const JUDGED = `('submitted', 'shortlisted', 'selected', 'declined', 'waitlisted')`;

export interface CallRow {
  id: string;
  title: string;
  status: string;
  deadline: Date;
  blind: boolean;
}

export async function callById(db: Queryable, callId: string): Promise<CallRow | undefined> {
  const { rows } = await db.query<CallRow>('select id, title, status, deadline, blind from calls where id = $1', [callId]);
  return rows[0];
}

export async function isJuror(db: Queryable, callId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from call_jurors where call_id = $1 and user_id = $2', [callId, userId]);
  return rows.length > 0;
}

/** Calls the user judges, and for staff every call past draft. */
export async function callsFor(db: Queryable, userId: string, staff: boolean): Promise<(CallRow & { is_juror: boolean })[]> {
  const { rows } = await db.query<CallRow & { is_juror: boolean }>(
    `select c.id, c.title, c.status, c.deadline, c.blind,
            exists (select 1 from call_jurors j where j.call_id = c.id and j.user_id = $1) as is_juror
       from calls c
      where exists (select 1 from call_jurors j where j.call_id = c.id and j.user_id = $1)
         or ($2 and c.status <> 'draft')
      order by c.deadline desc, c.id`,
    [userId, staff],
  );
  return rows;
}

export interface CriterionRow {
  id: string;
  label: string;
  description: string;
  weight: number;
}

export async function criteriaOf(db: Queryable, callId: string): Promise<CriterionRow[]> {
  const { rows } = await db.query<CriterionRow & { weight: string | number }>(
    'select id, label, description, weight from call_criteria where call_id = $1 order by position, id',
    [callId],
  );
  return rows.map((r) => ({ ...r, weight: Number(r.weight) }));
}

export interface ApplicationRow {
  id: string;
  call_id: string;
  status: string;
  applicant_id: string | null;
  applicant_name: string | null;
  concept: string;
  disciplines: string[];
  formats: string[];
  needs: string[];
  needs_note: string;
  expected_audience: string;
  period_start: string | null;
  period_end: string | null;
  portfolio_links: { url: string; label: string }[];
  locale: string;
  plan_id: string | null;
}

const APPLICATION_COLUMNS = `a.id, a.call_id, a.status, a.applicant_id, u.name as applicant_name, a.concept, a.disciplines,
  a.formats, a.needs, a.needs_note, a.expected_audience, to_char(a.period_start, 'YYYY-MM-DD') as period_start,
  to_char(a.period_end, 'YYYY-MM-DD') as period_end, a.portfolio_links, a.locale, a.plan_id`;

/** The call's judged applications, oldest submission first. */
export async function judgedApplications(db: Queryable, callId: string): Promise<ApplicationRow[]> {
  const { rows } = await db.query<ApplicationRow>(
    `select ${APPLICATION_COLUMNS} from applications a left join users u on u.id = a.applicant_id
      where a.call_id = $1 and a.status in ${JUDGED} order by a.submitted_at nulls last, a.created_at, a.id`,
    [callId],
  );
  return rows;
}

export async function judgedApplication(
  db: Queryable,
  callId: string,
  applicationId: string,
): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(
    `select ${APPLICATION_COLUMNS} from applications a left join users u on u.id = a.applicant_id
      where a.call_id = $1 and a.id = $2 and a.status in ${JUDGED}`,
    [callId, applicationId],
  );
  return rows[0];
}

/** Confirmed co-applicants' names per application. */
export async function coApplicants(db: Queryable, applicationIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!applicationIds.length) return out;
  const { rows } = await db.query<{ application_id: string; name: string }>(
    `select m.application_id, coalesce(nullif(u.name, ''), nullif(m.name, ''), '') as name
       from application_members m left join users u on u.id = m.user_id
      where m.application_id = any($1) and m.status = 'confirmed' order by m.invited_at, m.id`,
    [applicationIds],
  );
  for (const r of rows) out.set(r.application_id, [...(out.get(r.application_id) ?? []), r.name]);
  return out;
}

/** The ranked storefronts of applications (that belong to the call). */
export async function rankedStorefronts(
  db: Queryable,
  applicationIds: string[],
): Promise<Map<string, { id: string; title: string; rank: number }[]>> {
  const out = new Map<string, { id: string; title: string; rank: number }[]>();
  if (!applicationIds.length) return out;
  const { rows } = await db.query<{ application_id: string; id: string; title: string; rank: number }>(
    `select s.application_id, f.id, f.title, s.rank from application_storefronts s join storefronts f on f.id = s.storefront_id
      where s.application_id = any($1) order by s.rank, f.title`,
    [applicationIds],
  );
  for (const r of rows)
    out.set(r.application_id, [...(out.get(r.application_id) ?? []), { id: r.id, title: r.title, rank: r.rank }]);
  return out;
}

export interface ScoreRow {
  application_id: string;
  juror_id: string;
  criterion_id: string;
  score: number;
}

export async function scoresOf(db: Queryable, callId: string, jurorId?: string): Promise<ScoreRow[]> {
  const { rows } = await db.query<ScoreRow>(
    `select s.application_id, s.juror_id, s.criterion_id, s.score from jury_scores s
       join applications a on a.id = s.application_id
      where a.call_id = $1 and ($2::text is null or s.juror_id = $2)`,
    [callId, jurorId ?? null],
  );
  return rows;
}

export async function commentsOf(
  db: Queryable,
  callId: string,
  jurorId?: string,
): Promise<{ application_id: string; juror_id: string; comment: string }[]> {
  const { rows } = await db.query<{ application_id: string; juror_id: string; comment: string }>(
    `select c.application_id, c.juror_id, c.comment from jury_comments c join applications a on a.id = c.application_id
      where a.call_id = $1 and ($2::text is null or c.juror_id = $2)`,
    [callId, jurorId ?? null],
  );
  return rows;
}

export async function conflictsOf(
  db: Queryable,
  callId: string,
  jurorId?: string,
): Promise<{ application_id: string; juror_id: string }[]> {
  const { rows } = await db.query<{ application_id: string; juror_id: string }>(
    `select c.application_id, c.juror_id from jury_conflicts c join applications a on a.id = c.application_id
      where a.call_id = $1 and ($2::text is null or c.juror_id = $2)`,
    [callId, jurorId ?? null],
  );
  return rows;
}

export async function jurorsOf(db: Queryable, callId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `select u.id, u.name from call_jurors j join users u on u.id = j.user_id where j.call_id = $1 order by u.name, u.id`,
    [callId],
  );
  return rows;
}

export async function hasConflict(db: Queryable, applicationId: string, jurorId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from jury_conflicts where application_id = $1 and juror_id = $2', [
    applicationId,
    jurorId,
  ]);
  return rows.length > 0;
}

export async function upsertScore(
  tx: Queryable,
  applicationId: string,
  jurorId: string,
  criterionId: string,
  score: number,
): Promise<void> {
  await tx.query(
    `insert into jury_scores (application_id, juror_id, criterion_id, score) values ($1, $2, $3, $4)
     on conflict (application_id, juror_id, criterion_id) do update set score = excluded.score, updated_at = now()`,
    [applicationId, jurorId, criterionId, score],
  );
}

export async function upsertComment(tx: Queryable, applicationId: string, jurorId: string, comment: string): Promise<void> {
  await tx.query(
    `insert into jury_comments (application_id, juror_id, comment) values ($1, $2, $3)
     on conflict (application_id, juror_id) do update set comment = excluded.comment, updated_at = now()`,
    [applicationId, jurorId, comment],
  );
}

/** Declares a conflict and removes the juror's scores and comment of the application. */
export async function declareConflict(tx: Queryable, applicationId: string, jurorId: string, note: string): Promise<void> {
  await tx.query(
    `insert into jury_conflicts (application_id, juror_id, note) values ($1, $2, $3)
     on conflict (application_id, juror_id) do update set note = excluded.note`,
    [applicationId, jurorId, note],
  );
  await tx.query('delete from jury_scores where application_id = $1 and juror_id = $2', [applicationId, jurorId]);
  await tx.query('delete from jury_comments where application_id = $1 and juror_id = $2', [applicationId, jurorId]);
}
