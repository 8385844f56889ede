/** The SQL behind decisions bound to what was seen (bound.ts). */
import type { NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { Queryable } from '../../platform/db/database.ts';
import type { ConsentSnapshot } from './bound.ts';

/** The schedule of the plan's latest approval with this schedule hash. */
export async function approvalScheduleByHash(
  db: Queryable,
  planId: string,
  hash: string,
): Promise<NormalisedScheduleEntry[] | undefined> {
  const { rows } = await db.query<{ schedule: NormalisedScheduleEntry[] }>(
    'select schedule from approvals where plan_id = $1 and schedule_hash = $2 order by id desc limit 1',
    [planId, hash],
  );
  return rows[0]?.schedule;
}

/** The document state of the plan's latest version with this schedule hash. */
export async function versionStateByHash(db: Queryable, planId: string, hash: string): Promise<Uint8Array | undefined> {
  const { rows } = await db.query<{ state: Uint8Array }>(
    'select state from plan_versions where plan_id = $1 and schedule_hash = $2 order by number desc limit 1',
    [planId, hash],
  );
  return rows[0]?.state;
}

/** The schedule of the plan's latest approving decision. */
export async function lastApprovedSchedule(db: Queryable, planId: string): Promise<NormalisedScheduleEntry[] | undefined> {
  const { rows } = await db.query<{ schedule: NormalisedScheduleEntry[] }>(
    `select schedule from approvals where plan_id = $1 and decision = 'approved' order by id desc limit 1`,
    [planId],
  );
  return rows[0]?.schedule;
}

/** The document state of the plan's latest submit version. */
export async function lastSubmittedState(db: Queryable, planId: string): Promise<Uint8Array | undefined> {
  const { rows } = await db.query<{ state: Uint8Array }>(
    `select state from plan_versions where plan_id = $1 and reason = 'submit' order by number desc limit 1`,
    [planId],
  );
  return rows[0]?.state;
}

/** The plan's consent with this hash, else its latest consent. */
export async function consentForHash(
  db: Queryable,
  planId: string,
  hash: string,
): Promise<{ plan: ConsentSnapshot; consent_hash: string } | undefined> {
  const { rows } = await db.query<{ plan: ConsentSnapshot; consent_hash: string }>(
    'select plan, consent_hash from plan_consents where plan_id = $1 order by (consent_hash = $2) desc, id desc limit 1',
    [planId, hash],
  );
  return rows[0];
}

/** The plan's latest 20 versions' states and reasons, newest first. */
export async function recentVersionStates(db: Queryable, planId: string): Promise<{ state: Uint8Array; reason: string }[]> {
  const { rows } = await db.query<{ state: Uint8Array; reason: string }>(
    'select state, reason from plan_versions where plan_id = $1 order by number desc limit 20',
    [planId],
  );
  return rows;
}
