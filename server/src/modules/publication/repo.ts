/** All SQL of publication safeguards: cancelled public entries (migration 011). */
import type { Queryable } from '../../platform/db/database.ts';
import type { ProgrammeRow } from '../feeds/repo.ts';

export type CancelKind = 'entry' | 'plan';

/** `plan/entry` keys of the cancelled entries of these plans (with `kind`, of that kind only). */
export async function cancelledKeys(db: Queryable, planIds: string[], kind?: CancelKind): Promise<Set<string>> {
  if (!planIds.length) return new Set();
  const { rows } = await db.query<{ plan_id: string; entry_id: string }>(
    `select plan_id, entry_id from cancelled_entries where plan_id = any($1::text[])${kind ? ' and kind = $2' : ''}`,
    kind ? [planIds, kind] : [planIds],
  );
  return new Set(rows.map((r) => `${r.plan_id}/${r.entry_id}`));
}

/** Plans with cancelled entries (un-published or cancelled one by one), within a programme filter. */
export async function plansWithCancellations(db: Queryable, f: { quarter?: string; storefrontId?: string }): Promise<string[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['true'];
  if (f.quarter) where.push(`(q.id = ${p(f.quarter)} or q.slug = ${p(f.quarter)})`);
  if (f.storefrontId) where.push(`s.id = ${p(f.storefrontId)}`);
  const { rows } = await db.query<{ plan_id: string }>(
    `select distinct c.plan_id from cancelled_entries c
       join plans pl on pl.id = c.plan_id
       join storefronts s on s.id = pl.storefront_id
       join quarters q on q.id = s.quarter_id
      where ${where.join(' and ')}`,
    params,
  );
  return rows.map((r) => r.plan_id);
}

/** Records a cancelled entry; false when it already was (an entry cancellation is never overwritten). */
export async function insertCancelled(
  db: Queryable,
  c: { planId: string; entryId: string; kind: CancelKind; reason: string; actorId: string },
): Promise<{ cancelledAt: string } | null> {
  const { rows } = await db.query<{ cancelled_at: Date | string }>(
    `insert into cancelled_entries (plan_id, entry_id, kind, reason, actor_id) values ($1, $2, $3, $4, $5)
     on conflict (plan_id, entry_id) do nothing returning cancelled_at`,
    [c.planId, c.entryId, c.kind, c.reason, c.actorId],
  );
  return rows[0] ? { cancelledAt: new Date(rows[0].cancelled_at).toISOString() } : null;
}

/** Publishing again brings back what un-publishing took out (entry cancellations stay). */
export async function clearPlanCancellations(db: Queryable, planId: string): Promise<void> {
  await db.query(`delete from cancelled_entries where plan_id = $1 and kind = 'plan'`, [planId]);
}

/**
 * The public feeds' record of an entry that leaves the programme: marked removed with the next
 * sequence number, or recorded as removed (sequence 1, above the 0 of a first showing) when no feed
 * showed it yet — so every feed lists its UID as CANCELLED with a higher SEQUENCE than any it showed.
 */
export async function removeFromPublicFeeds(
  db: Queryable,
  planId: string,
  entryId: string,
  contentHash: string,
  last: unknown,
): Promise<void> {
  await db.query(
    `insert into feed_entries (scope, plan_id, entry_id, content_hash, last, sequence, removed)
     values ('public', $1, $2, $3, $4::jsonb, 1, true)
     on conflict (scope, plan_id, entry_id) do update set
       sequence = case when feed_entries.removed then feed_entries.sequence else feed_entries.sequence + 1 end,
       removed = true`,
    [planId, entryId, contentHash, JSON.stringify(last)],
  );
}

/** The plan's place (storefront, quarter) as a programme row, without a schedule. */
export async function planPlace(db: Queryable, planId: string): Promise<Omit<ProgrammeRow, 'schedule' | 'meta'>[]> {
  const { rows } = await db.query<Omit<ProgrammeRow, 'schedule' | 'meta'>>(
    `select p.id as plan_id, p.title as plan_title, s.id as storefront_id, s.title as storefront_title, s.address, s.lat, s.lng,
            q.id as quarter_id, q.name as quarter_name, q.slug as quarter_slug
       from plans p
       join storefronts s on s.id = p.storefront_id
       join quarters q on q.id = s.quarter_id
      where p.id = $1`,
    [planId],
  );
  return rows;
}
