/** All SQL of feeds and the public programme. */
import type { NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { PlanStatus } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

export type FeedScope = 'private' | 'public';

/** A plan as a private feed shows it, with its latest decision. */
export interface FeedPlanRow {
  id: string;
  title: string;
  status: PlanStatus;
  address: string;
  approved_hash: string | null;
  decision: string | null;
}

const PLANS = `select p.id, p.title, p.status, s.address,
    (select a.schedule_hash from approvals a where a.plan_id = p.id order by a.id desc limit 1) as approved_hash,
    (select a.decision from approvals a where a.plan_id = p.id order by a.id desc limit 1) as decision
  from plans p join storefronts s on s.id = p.storefront_id`;

/** Which plans a private feed shows. */
export type FeedPlans = { planId: string } | { storefrontId: string } | { personId: string };

export async function feedPlans(db: Queryable, f: FeedPlans): Promise<FeedPlanRow[]> {
  const [where, param] =
    'planId' in f
      ? ['p.id = $1', f.planId]
      : 'storefrontId' in f
        ? ['p.storefront_id = $1', f.storefrontId]
        : // A person's plans: member of, or owner of the storefront.
          ['(exists (select 1 from plan_members m where m.plan_id = p.id and m.user_id = $1) or s.owner_id = $1)', f.personId];
  const { rows } = await db.query<FeedPlanRow>(`${PLANS} where ${where} and p.deleted_at is null order by p.created_at`, [param]);
  return rows;
}

export async function planTitle(db: Queryable, planId: string): Promise<string | null> {
  const { rows } = await db.query<{ title: string }>('select title from plans where id = $1', [planId]);
  return rows[0]?.title ?? null;
}

export async function storefrontOf(
  db: Queryable,
  storefrontId: string,
): Promise<{ title: string; ownerId: string | null } | null> {
  const { rows } = await db.query<{ title: string; owner_id: string | null }>(
    'select title, owner_id from storefronts where id = $1',
    [storefrontId],
  );
  return rows[0] ? { title: rows[0].title, ownerId: rows[0].owner_id } : null;
}

/**
 * Records what a feed shows of an entry and returns its sequence number: unchanged content keeps it,
 * changed content (or an entry that comes back) gets the next.
 */
export async function showEntry(
  db: Queryable,
  scope: FeedScope,
  planId: string,
  entryId: string,
  contentHash: string,
  last: unknown,
): Promise<number> {
  const { rows } = await db.query<{ sequence: number }>(
    `insert into feed_entries (scope, plan_id, entry_id, content_hash, last) values ($1, $2, $3, $4, $5::jsonb)
     on conflict (scope, plan_id, entry_id) do update set
       sequence = case when feed_entries.content_hash <> excluded.content_hash or feed_entries.removed
                       then feed_entries.sequence + 1 else feed_entries.sequence end,
       content_hash = excluded.content_hash, last = excluded.last, removed = false
     returning sequence`,
    [scope, planId, entryId, contentHash, JSON.stringify(last)],
  );
  return rows[0].sequence;
}

export interface ShownEntryRow<L> {
  plan_id: string;
  entry_id: string;
  sequence: number;
  last: L;
  removed: boolean;
}

/** Every entry a feed scope has shown of these plans. */
export async function shownEntries<L>(db: Queryable, scope: FeedScope, planIds: string[]): Promise<ShownEntryRow<L>[]> {
  const { rows } = await db.query<ShownEntryRow<L>>(
    'select plan_id, entry_id, sequence, last, removed from feed_entries where scope = $1 and plan_id = any($2::text[])',
    [scope, planIds],
  );
  return rows;
}

/** Marks a shown entry as removed (next sequence); undefined when it already was. */
export async function markRemoved(db: Queryable, scope: FeedScope, planId: string, entryId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ sequence: number }>(
    `update feed_entries set removed = true, sequence = sequence + 1
      where scope = $1 and plan_id = $2 and entry_id = $3 and not removed returning sequence`,
    [scope, planId, entryId],
  );
  return rows[0]?.sequence;
}

// ── personal feed tokens ──

export async function activeTokenCreatedAt(db: Queryable, userId: string): Promise<Date | string | null> {
  const { rows } = await db.query<{ created_at: Date | string }>(
    'select created_at from feed_tokens where user_id = $1 and revoked_at is null order by created_at desc limit 1',
    [userId],
  );
  return rows[0]?.created_at ?? null;
}

/** Revokes the person's active tokens; how many there were. */
export async function revokeTokens(db: Queryable, userId: string): Promise<number> {
  const res = await db.query('update feed_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [userId]);
  return res.rowCount;
}

export async function insertToken(db: Queryable, id: string, userId: string, tokenHash: string): Promise<void> {
  await db.query('insert into feed_tokens (id, user_id, token_hash) values ($1, $2, $3)', [id, userId, tokenHash]);
}

/** The person behind an active token hash. */
export async function tokenOwner(db: Queryable, tokenHash: string): Promise<{ userId: string; name: string } | null> {
  const { rows } = await db.query<{ user_id: string; name: string }>(
    'select t.user_id, u.name from feed_tokens t join users u on u.id = t.user_id where t.token_hash = $1 and t.revoked_at is null',
    [tokenHash],
  );
  return rows[0] ? { userId: rows[0].user_id, name: rows[0].name } : null;
}

// ── public programme ──

export interface ProgrammeRow {
  plan_id: string;
  plan_title: string;
  storefront_id: string;
  storefront_title: string;
  address: string;
  lat: number;
  lng: number;
  quarter_id: string;
  quarter_name: string;
  quarter_slug: string;
  schedule: NormalisedScheduleEntry[];
  meta: { title?: string; publicDescription?: string };
}

/**
 * Instants (ms; ±Infinity for an open side) as the bounds of a range literal for approvals.span: the
 * copies whose span meets `[from, to]` (both inclusive, a superset of what the callers keep).
 */
export function windowLiteral(w: { from: number; to: number }): string {
  const bound = (ms: number) => (Number.isFinite(ms) ? `"${new Date(ms).toISOString()}"` : '');
  return `[${bound(w.from)},${bound(w.to)}]`;
}

/**
 * Published (and completed) plans with the approved copy of their schedule. With `planId` and
 * `anyStatus`, one plan whatever its status (the publication preview: what publishing would show).
 * With `meets` (instants, ±Infinity for an open side), only plans whose latest approved copy can have an
 * entry or occurrence within it: its span (migration 031) meets the window, or is unknown (NULL, always
 * read). A superset of the plans with entries in the window; the caller still filters entries.
 */
export async function publishedPlans(
  db: Queryable,
  f: { quarter?: string; storefrontId?: string; planId?: string; anyStatus?: boolean; meets?: { from: number; to: number } },
): Promise<ProgrammeRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = f.anyStatus ? ['true'] : [`p.status in ('published', 'done')`];
  where.push('p.deleted_at is null');
  if (f.planId) where.push(`p.id = ${p(f.planId)}`);
  if (f.quarter) where.push(`(q.id = ${p(f.quarter)} or q.slug = ${p(f.quarter)})`);
  if (f.storefrontId) where.push(`s.id = ${p(f.storefrontId)}`);
  const columns = `p.id as plan_id, p.title as plan_title, s.id as storefront_id, s.title as storefront_title, s.address, s.lat, s.lng,
            q.id as quarter_id, q.name as quarter_name, q.slug as quarter_slug, a.schedule, a.meta`;
  if (f.meets && (Number.isFinite(f.meets.from) || Number.isFinite(f.meets.to))) {
    // From the approvals whose span meets the window (GiST index approvals_span_idx), each kept only when
    // it is its plan's latest approved one, as the lateral below picks it.
    const { rows } = await db.query<ProgrammeRow>(
      `select ${columns}
         from approvals a
         join plans p on p.id = a.plan_id
         join storefronts s on s.id = p.storefront_id
         join quarters q on q.id = s.quarter_id
        where a.decision = 'approved' and (a.span is null or a.span && ${p(windowLiteral(f.meets))}::tstzrange)
          and a.id = (select b.id from approvals b where b.plan_id = a.plan_id and b.decision = 'approved' order by b.id desc limit 1)
          and ${where.join(' and ')}`,
      params,
    );
    return rows;
  }
  const { rows } = await db.query<ProgrammeRow>(
    `select ${columns}
       from plans p
       join storefronts s on s.id = p.storefront_id
       join quarters q on q.id = s.quarter_id
       join lateral (select schedule, meta from approvals a where a.plan_id = p.id and a.decision = 'approved' order by a.id desc limit 1) a on true
      where ${where.join(' and ')}`,
    params,
  );
  return rows;
}
