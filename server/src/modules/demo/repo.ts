/** All SQL of the demo seeder: accounts, quarters, storefronts and plans of the demo set and city. */
import type { PlanRole } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';

/** Serialises seeding across instances that start at once (transaction-scoped). */
const SEED_LOCK = 724_100_004;

export async function lockSeeding(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [SEED_LOCK]);
}

export async function countUsers(db: Queryable, email?: string): Promise<number> {
  const { rows } = email
    ? await db.query<{ n: number }>('select count(*)::int as n from users where email = $1', [email])
    : await db.query<{ n: number }>('select count(*)::int as n from users');
  return rows[0].n;
}

export async function setPasswordHash(tx: Queryable, userId: string, hash: string): Promise<void> {
  await tx.query('update users set password_hash = $2 where id = $1', [userId, hash]);
}

/** Ids of the demo accounts by their e-mail's local part. */
export async function demoUserIds(db: Queryable, domain: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string; email: string }>(`select id, email from users where email like $1`, [
    `%@${domain}`,
  ]);
  return Object.fromEntries(rows.map((u) => [u.email.split('@')[0], u.id]));
}

/** The quarter with this slug, created when missing (a later migration may already have seeded it). */
export async function ensureQuarter(tx: Queryable, id: string, name: string, slug: string): Promise<string> {
  await tx.query('insert into quarters (id, name, slug) values ($1, $2, $3) on conflict (slug) do nothing', [id, name, slug]);
  return (await tx.query<{ id: string }>('select id from quarters where slug = $1', [slug])).rows[0].id;
}

export async function insertStorefront(
  tx: Queryable,
  s: { id: string; quarterId: string; ownerId: string; title: string; address: string },
): Promise<void> {
  await tx.query('insert into storefronts (id, quarter_id, owner_id, title, address) values ($1, $2, $3, $4, $5)', [
    s.id,
    s.quarterId,
    s.ownerId,
    s.title,
    s.address,
  ]);
}

/** Everything the demo city says about a storefront. `stepFree` and `keyHandoverNotes` stay as they are when undefined. */
export interface StorefrontDetails {
  quarterId: string;
  lat: number;
  lng: number;
  areaM2: number;
  frontageCm: number;
  windowWidthCm: number;
  outline: unknown;
  doors: unknown;
  power: unknown;
  water: boolean;
  toilet: boolean;
  heating: boolean;
  stepFree?: boolean;
  maxOccupancy: number | null;
  availability: unknown;
  houseRules: string[];
  keyHandoverNotes?: string;
  status: string;
}

export async function updateStorefrontDetails(db: Queryable, id: string, d: StorefrontDetails): Promise<void> {
  await db.query(
    `update storefronts set quarter_id = $2, lat = $3, lng = $4, area_m2 = $5, frontage_cm = $6, window_width_cm = $7,
       outline = $8::jsonb, doors = $9::jsonb, power = $10::jsonb, water = $11, toilet = $12, heating = $13,
       step_free = coalesce($14, step_free), max_occupancy = $15, availability = $16::jsonb, house_rules = $17::jsonb,
       key_handover_notes = coalesce($18, key_handover_notes), status = $19
     where id = $1`,
    [
      id,
      d.quarterId,
      d.lat,
      d.lng,
      d.areaM2,
      d.frontageCm,
      d.windowWidthCm,
      JSON.stringify(d.outline),
      JSON.stringify(d.doors),
      JSON.stringify(d.power),
      d.water,
      d.toilet,
      d.heating,
      d.stepFree ?? null,
      d.maxOccupancy,
      JSON.stringify(d.availability),
      JSON.stringify(d.houseRules),
      d.keyHandoverNotes ?? null,
      d.status,
    ],
  );
}

/** The storefronts of two owners, the first owner's first. */
export async function storefrontsOfOwners(db: Queryable, first: string, second: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from storefronts where owner_id in ($1, $2) order by owner_id = $1 desc',
    [first, second],
  );
  return rows.map((r) => r.id);
}

export async function firstPlanAt(db: Queryable, storefrontId: string): Promise<string | undefined> {
  return (
    await db.query<{ id: string }>(`select id from plans where storefront_id = $1 order by created_at limit 1`, [storefrontId])
  ).rows[0]?.id;
}

/** A plan with its members; the first member created it and added the others. */
export async function insertPlanWithMembers(
  db: Queryable,
  p: { id: string; storefrontId: string; title: string; members: [string, PlanRole][] },
): Promise<void> {
  const createdBy = p.members[0][0];
  await db.query('insert into plans (id, storefront_id, title, created_by) values ($1, $2, $3, $4)', [
    p.id,
    p.storefrontId,
    p.title,
    createdBy,
  ]);
  for (const [user, role] of p.members) {
    await db.query('insert into plan_members (plan_id, user_id, role, added_by) values ($1, $2, $3, $4)', [
      p.id,
      user,
      role,
      createdBy,
    ]);
  }
}

/** Moves a demo call's deadline into the past (the calls service refuses a past deadline, the demo needs one). */
export async function deadlinePassed(db: Queryable, callId: string, days: number): Promise<void> {
  await db.query(`update calls set deadline = now() - make_interval(days => $2::int), updated_at = now() where id = $1`, [
    callId,
    days,
  ]);
}

/**
 * The demo's decided call, back-dated: closed 60 days ago; the selected application (with a confirmed
 * co-applicant) linked to an existing demo plan, the others declined.
 */
export async function decideDemoCall(
  tx: Queryable,
  d: {
    callId: string;
    selectedId: string;
    declinedIds: string[];
    planId: string;
    staffId: string;
    coApplicantId: string;
    memberId: string;
  },
): Promise<void> {
  await tx.query(
    `update calls set status = 'decided', deadline = now() - interval '75 days', published_at = now() - interval '110 days',
        closed_at = now() - interval '60 days', updated_at = now() where id = $1`,
    [d.callId],
  );
  await tx.query(
    `update applications set submitted_at = now() - interval '80 days', created_at = now() - interval '90 days' where call_id = $1`,
    [d.callId],
  );
  await tx.query(
    `insert into application_members (id, application_id, email, name, user_id, status, invited_at, answered_at)
     select $1, $2, u.email, u.name, u.id, 'confirmed', now() - interval '85 days', now() - interval '84 days' from users u where u.id = $3`,
    [d.memberId, d.selectedId, d.coApplicantId],
  );
  await tx.query(
    `update applications set status = 'selected', plan_id = $2, shortlisted_at = now() - interval '70 days',
        decided_at = now() - interval '60 days', decided_by = $3 where id = $1`,
    [d.selectedId, d.planId, d.staffId],
  );
  await tx.query(
    `update applications set status = 'declined', decided_at = now() - interval '60 days', decided_by = $2 where id = any($1::text[])`,
    [d.declinedIds, d.staffId],
  );
}
