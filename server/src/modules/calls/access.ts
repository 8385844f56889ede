/**
 * The small reader other capabilities (applications, jury, selection) use to decide about a call:
 * `loadCallAccess(db, callId, actor)` gives the call's id, slug, status, deadline, blind flag and
 * storefront ids, and whether the actor is a juror of it (a `call_jurors` row). `callResourceOf` turns
 * that into the matrix's Resource (`callRole: 'juror'` for a juror of this call; the matrix column also
 * needs the juror role, or staff).
 */
import type { Actor, Resource } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { callAccessRow } from './repo.ts';

export interface CallAccess {
  call: {
    id: string;
    slug: string;
    status: 'draft' | 'published' | 'closed' | 'decided' | 'cancelled';
    /** ISO instant. */
    deadline: string;
    blind: boolean;
    storefrontIds: string[];
  };
  /** The actor is a juror of this call (false when anonymous). */
  isJuror: boolean;
}

/** The call and the actor's jury relation to it; null when there is no such call. */
export async function loadCallAccess(db: Queryable, callId: string, actor: Actor): Promise<CallAccess | null> {
  const r = await callAccessRow(db, callId, actor?.userId ?? null);
  if (!r) return null;
  return {
    call: {
      id: r.id,
      slug: r.slug,
      status: r.status,
      deadline: new Date(r.deadline).toISOString(),
      blind: r.blind,
      storefrontIds: r.storefront_ids ?? [],
    },
    isJuror: r.is_juror,
  };
}

/** The matrix resource of a call for this access. */
export function callResourceOf(access: CallAccess): Resource {
  return { callRole: access.isJuror ? 'juror' : null };
}
