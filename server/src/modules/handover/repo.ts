/** All SQL of handover protocols (issue 18). */
import type { ConfirmSide, HandoverContent, HandoverKind, PhotoTarget } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import type { StoredVariant } from '../media/repo.ts';

export interface ProtocolRow {
  id: string;
  plan_id: string;
  kind: HandoverKind;
  content: HandoverContent;
  locked_at: Date | string | null;
  updated_at: Date | string;
}

export interface PhotoRow {
  id: string;
  target: PhotoTarget;
  target_id: string;
  uploaded_by: string | null;
  created_at: Date | string;
  state: 'processing' | 'ready' | 'failed';
  width: number | null;
  height: number | null;
  placeholder: string | null;
  variants: StoredVariant[] | null;
}

export interface ConfirmationRow {
  side: ConfirmSide;
  user_id: string | null;
  typed_name: string;
  caretaker: boolean;
  signature_id: string | null;
  confirmed_at: Date | string;
}

export interface AddendumRow {
  id: string;
  body: string;
  created_by: string | null;
  created_at: Date | string;
}

const PROTOCOL = 'id, plan_id, kind, content, locked_at, updated_at';

export async function protocolsOf(db: Queryable, planId: string): Promise<ProtocolRow[]> {
  return (
    await db.query<ProtocolRow>(`select ${PROTOCOL} from handover_protocols where plan_id = $1 order by kind desc`, [planId])
  ).rows;
}

export async function protocolOf(
  db: Queryable,
  planId: string,
  kind: HandoverKind,
  forUpdate = false,
): Promise<ProtocolRow | undefined> {
  return (
    await db.query<ProtocolRow>(
      `select ${PROTOCOL} from handover_protocols where plan_id = $1 and kind = $2${forUpdate ? ' for update' : ''}`,
      [planId, kind],
    )
  ).rows[0];
}

/** Inserts a protocol unless the plan has one of that kind; returns whether it did. */
export async function insertProtocol(
  db: Queryable,
  p: { id: string; planId: string; kind: HandoverKind; content: HandoverContent; userId: string | null },
): Promise<boolean> {
  const { rows } = await db.query(
    `insert into handover_protocols (id, plan_id, kind, content, created_by, updated_by)
     values ($1, $2, $3, $4::jsonb, $5, $5) on conflict (plan_id, kind) do nothing returning id`,
    [p.id, p.planId, p.kind, JSON.stringify(p.content), p.userId],
  );
  return rows.length > 0;
}

export async function updateContent(db: Queryable, id: string, content: HandoverContent, userId: string | null): Promise<void> {
  await db.query(`update handover_protocols set content = $2::jsonb, updated_by = $3, updated_at = now() where id = $1`, [
    id,
    JSON.stringify(content),
    userId,
  ]);
}

export async function touch(db: Queryable, id: string): Promise<void> {
  await db.query('update handover_protocols set updated_at = now() where id = $1', [id]);
}

export async function lock(db: Queryable, id: string): Promise<void> {
  await db.query('update handover_protocols set locked_at = now(), updated_at = now() where id = $1 and locked_at is null', [id]);
}

export async function photosOf(db: Queryable, protocolIds: string[]): Promise<(PhotoRow & { protocol_id: string })[]> {
  if (!protocolIds.length) return [];
  return (
    await db.query<PhotoRow & { protocol_id: string }>(
      `select h.id, h.protocol_id, h.target, h.target_id, h.uploaded_by, h.created_at,
              a.state, a.width, a.height, a.placeholder, a.variants
         from handover_photos h join plan_attachments a on a.id = h.id
        where h.protocol_id = any($1) order by h.created_at, h.id`,
      [protocolIds],
    )
  ).rows;
}

export async function insertPhoto(
  db: Queryable,
  p: { id: string; protocolId: string; target: PhotoTarget; targetId: string; userId: string | null },
): Promise<void> {
  await db.query(`insert into handover_photos (id, protocol_id, target, target_id, uploaded_by) values ($1, $2, $3, $4, $5)`, [
    p.id,
    p.protocolId,
    p.target,
    p.targetId,
    p.userId,
  ]);
}

export async function photoRow(
  db: Queryable,
  protocolId: string,
  photoId: string,
): Promise<{ id: string; target: PhotoTarget; target_id: string } | undefined> {
  return (
    await db.query<{ id: string; target: PhotoTarget; target_id: string }>(
      'select id, target, target_id from handover_photos where protocol_id = $1 and id = $2',
      [protocolId, photoId],
    )
  ).rows[0];
}

export async function confirmationsOf(
  db: Queryable,
  protocolIds: string[],
): Promise<(ConfirmationRow & { protocol_id: string })[]> {
  if (!protocolIds.length) return [];
  return (
    await db.query<ConfirmationRow & { protocol_id: string }>(
      `select protocol_id, side, user_id, typed_name, caretaker, signature_id, confirmed_at
         from handover_confirmations where protocol_id = any($1) order by confirmed_at, side`,
      [protocolIds],
    )
  ).rows;
}

/** Records one side's confirmation unless that side confirmed already; returns whether it did. */
export async function insertConfirmation(
  db: Queryable,
  c: {
    protocolId: string;
    side: ConfirmSide;
    userId: string | null;
    name: string;
    caretaker: boolean;
    signatureId: string | null;
  },
): Promise<boolean> {
  const { rows } = await db.query(
    `insert into handover_confirmations (protocol_id, side, user_id, typed_name, caretaker, signature_id)
     values ($1, $2, $3, $4, $5, $6) on conflict (protocol_id, side) do nothing returning side`,
    [c.protocolId, c.side, c.userId, c.name, c.caretaker, c.signatureId],
  );
  return rows.length > 0;
}

export async function addendaOf(db: Queryable, protocolIds: string[]): Promise<(AddendumRow & { protocol_id: string })[]> {
  if (!protocolIds.length) return [];
  return (
    await db.query<AddendumRow & { protocol_id: string }>(
      `select id, protocol_id, body, created_by, created_at from handover_addenda where protocol_id = any($1) order by created_at, id`,
      [protocolIds],
    )
  ).rows;
}

export async function insertAddendum(db: Queryable, a: { id: string; protocolId: string; body: string; userId: string | null }) {
  const { rows } = await db.query<AddendumRow>(
    `insert into handover_addenda (id, protocol_id, body, created_by) values ($1, $2, $3, $4)
     returning id, body, created_by, created_at`,
    [a.id, a.protocolId, a.body, a.userId],
  );
  return rows[0]!;
}

export async function addendumExists(db: Queryable, protocolId: string, id: string): Promise<boolean> {
  return (await db.query('select 1 from handover_addenda where protocol_id = $1 and id = $2', [protocolId, id])).rows.length > 0;
}

/** What the PDF and its mail need about the plan: titles, address, the owner's and the staff's addresses. */
export async function planFacts(
  db: Queryable,
  planId: string,
): Promise<
  { title: string; storefront: string; address: string; ownerEmail: string | null; ownerName: string | null } | undefined
> {
  return (
    await db.query<{ title: string; storefront: string; address: string; ownerEmail: string | null; ownerName: string | null }>(
      `select p.title, s.title as storefront, coalesce(s.address, '') as address, u.email as "ownerEmail", u.name as "ownerName"
         from plans p join storefronts s on s.id = p.storefront_id left join users u on u.id = s.owner_id
        where p.id = $1`,
      [planId],
    )
  ).rows[0];
}

/** E-mail addresses of the staff accounts (they get every locked protocol for the files). */
export async function staffEmails(db: Queryable): Promise<string[]> {
  return (
    await db.query<{ email: string }>(`select email from users where (staff or 'staff' = any(roles)) order by email`)
  ).rows.map((r) => r.email);
}

/** Display names of accounts (for the PDF: who filled in, who confirmed). */
export async function namesOf(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>('select id, name from users where id = any($1)', [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The storefront owner of a plan and the names of owner and lead (the demo confirms in their names). */
export async function partiesOf(db: Queryable, planId: string, leadId: string) {
  const { rows } = await db.query<{ owner_id: string | null; owner_name: string | null; lead_name: string | null }>(
    `select s.owner_id, o.name as owner_name, l.name as lead_name
       from plans p join storefronts s on s.id = p.storefront_id
       left join users o on o.id = s.owner_id left join users l on l.id = $2
      where p.id = $1`,
    [planId, leadId],
  );
  return rows[0];
}
