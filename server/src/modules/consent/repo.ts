/** All SQL of the owner's consent (issue 13). */
import type { Consent, ConsentDecision } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import type { ConsentSnapshot } from '../review/bound.ts';
import { iso } from '../review/docs.ts';

interface ConsentRow {
  id: number;
  plan_id: string;
  decision: ConsentDecision;
  text: string;
  given_by: string | null;
  giver_name: string | null;
  given_at: Date | string;
  consent_hash: string;
  stale: boolean;
  stale_since: Date | string | null;
}

const CONSENT = `select c.id::float8 as id, c.plan_id, c.decision, c.text, c.given_by, u.name as giver_name, c.given_at,
    c.consent_hash, c.stale, c.stale_since
  from plan_consents c left join users u on u.id = c.given_by`;

function toConsent(r: ConsentRow): Consent {
  return {
    id: Number(r.id),
    planId: r.plan_id,
    decision: r.decision,
    text: r.text,
    givenBy: r.given_by ? { id: r.given_by, name: r.giver_name ?? '' } : null,
    givenAt: iso(r.given_at),
    consentHash: r.consent_hash,
    stale: r.stale,
    staleSince: r.stale_since ? iso(r.stale_since) : null,
  };
}

export async function insertConsent(
  db: Queryable,
  c: { planId: string; decision: ConsentDecision; text: string; actorId: string; consentHash: string; plan: ConsentSnapshot },
): Promise<Consent> {
  const { rows } = await db.query<{ id: number }>(
    `insert into plan_consents (plan_id, decision, text, given_by, consent_hash, plan)
     values ($1, $2, $3, $4, $5, $6::jsonb) returning id::float8 as id`,
    [c.planId, c.decision, c.text, c.actorId, c.consentHash, JSON.stringify(c.plan)],
  );
  const { rows: out } = await db.query<ConsentRow>(`${CONSENT} where c.id = $1`, [Number(rows[0].id)]);
  return toConsent(out[0]);
}

/** The owner's latest word on a plan, or null. */
export async function latestConsent(db: Queryable, planId: string): Promise<Consent | null> {
  const { rows } = await db.query<ConsentRow>(`${CONSENT} where c.plan_id = $1 order by c.id desc limit 1`, [planId]);
  return rows[0] ? toConsent(rows[0]) : null;
}

/** Persists fresh/stale of the plan's latest consent; true only for the one write that changed it. */
export async function setConsentStale(db: Queryable, consentId: number, stale: boolean): Promise<boolean> {
  const res = await db.query(
    `update plan_consents set stale = $2, stale_since = case when $2 then now() else null end
      where id = $1 and stale <> $2 and id = (select max(b.id) from plan_consents b where b.plan_id = plan_consents.plan_id)`,
    [consentId, stale],
  );
  return res.rowCount > 0;
}

/** The plan's storefront: whether it requires consent, and its owner. Null for an unknown plan. */
export async function consentTerms(
  db: Queryable,
  planId: string,
): Promise<{ required: boolean; ownerId: string | null; status: string } | null> {
  const { rows } = await db.query<{ consent_required: boolean; owner_id: string | null; status: string }>(
    `select s.consent_required, s.owner_id, p.status from plans p join storefronts s on s.id = p.storefront_id where p.id = $1`,
    [planId],
  );
  return rows[0] ? { required: rows[0].consent_required, ownerId: rows[0].owner_id, status: rows[0].status } : null;
}

/** Who hears of the owner's consent: the staff member of the latest approval, else every staff account. */
export async function consentAudience(db: Queryable, planId: string): Promise<string[]> {
  const { rows } = await db.query<{ decided_by: string | null }>(
    `select decided_by from approvals where plan_id = $1 and decision = 'approved' order by id desc limit 1`,
    [planId],
  );
  if (rows[0]?.decided_by) return [rows[0].decided_by];
  const staff = await db.query<{ id: string }>(`select id from users where staff or 'staff' = any(roles)`);
  return staff.rows.map((r) => r.id);
}
