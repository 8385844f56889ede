import { z } from 'zod';
import type { DocAccessLevel } from './permissions.ts';

/**
 * The socket.io event maps, both directions (`/socket.io`, default namespace). Rooms: `user:<id>` (joined
 * on connection) and `plan:<id>` (joined with `plan:join`, checked against the permission matrix).
 * Later issues add their events here (comments, approvals, status changes, conflicts, notifications).
 */

/** The answer to a request event: `ok`, or an error code with its HTTP-like status. */
export type Ack =
  | { ok: true }
  | { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION'; status: 401 | 403 | 404 | 400 };

/** Events the server sends. */
export interface ServerToClientEvents
  extends ChecksChangedEvents,
    ReviewEvents,
    TeamEvents,
    ConsentEvents,
    MediaEvents,
    UnderlayEvents,
    HandoverEvents,
    RotaEvents {
  /** The person's access to a plan changed (role change or removal). `none`: they left the plan room. */
  'access:changed': (payload: { planId: string; access: DocAccessLevel }) => void;
  /** The session or token of this connection was revoked; the server disconnects right after. */
  'session:revoked': (payload: { reason: 'logout' | 'token-revoked' }) => void;
  /** A plan's dashboard line changed (a live edit moved "geändert", issue 14): staff room and the plan's people. */
  'plans:changed': (payload: { planId: string; updatedAt: string }) => void;
}

/** Plan attachments (issue 17), to the plan room: one was added, finished processing or was deleted; reload `GET …/attachments`. */
export interface MediaEvents {
  'attachments:changed': (payload: { planId: string }) => void;
}

/**
 * A storefront's floor-plan underlay (issue 17) was uploaded, processed, calibrated, replaced or removed
 * (`underlay: null`): to the rooms of the storefront's plans, the staff room and the owner's room.
 */
export interface UnderlayEvents {
  'underlay:changed': (payload: { storefrontId: string; underlay: import('./api/underlay.ts').Underlay | null }) => void;
}

/** A handover protocol (issue 18) changed (filled in, photo added, confirmed, locked, addendum): to the plan room; reload it. */
export interface HandoverEvents {
  'handover:changed': (payload: import('./api/handover.ts').HandoverChangedEvent) => void;
}

/**
 * The duty rota (issue 18), to the plan room: shifts, people on them, swap offers or contacts changed;
 * reload `GET /api/plans/:planId/rota`. Also to the rooms of the people whose shifts changed (their "Heute").
 */
export interface RotaEvents {
  'rota:changed': (payload: { planId: string }) => void;
}

/** Plan teams (issue 14), to the plan room: members, the lead or the access requests changed; reload `GET …/team`. */
export interface TeamEvents {
  'members:changed': (payload: { planId: string }) => void;
}

/** The check findings of a plan changed (plan room), or somewhere in the city (staff room). */
export interface ChecksChangedEvents {
  'checks:changed': (payload: { planId: string; findings: import('./checks/types.ts').Finding[] }) => void;
  'checks:city-changed': (payload: { planId: string }) => void;
}

/**
 * The review loop (plan room unless noted). Each has a durable record with a cursor, so a client that
 * reconnects catches up over HTTP: comments `GET /api/plans/:id/comments?since=`, notifications
 * `GET /api/notifications?since=`, approval state `GET /api/plans/:id/approval`, status `GET /api/plans/:id`.
 */
export interface ReviewEvents {
  'comment:created': (payload: import('./api/review.ts').Comment) => void;
  'comment:updated': (payload: import('./api/review.ts').Comment) => void;
  'comment:deleted': (payload: import('./api/review.ts').CommentDeletedEvent) => void;
  /** A decision was recorded (approve, request changes, re-approval). */
  'approval:recorded': (payload: import('./api/review.ts').Approval) => void;
  /** The current approval became stale (a schedule edit) or fresh again. */
  'approval:stale': (payload: import('./api/review.ts').ApprovalStaleEvent) => void;
  /** The live diff against the current approval, after every schedule edit (newest `revision` wins). */
  'approval:diff': (payload: import('./api/review.ts').ApprovalDiffEvent) => void;
  'plan:status': (payload: import('./api/review.ts').PlanStatusEvent) => void;
  /** To the person's room. */
  'notification:new': (payload: import('./api/review.ts').NotificationEvent) => void;
}

/** The storefront owner's consent (plan room): given, or gone stale / fresh again. */
export interface ConsentEvents {
  'consent:recorded': (payload: import('./api/consent.ts').Consent) => void;
  'consent:stale': (payload: import('./api/consent.ts').ConsentStaleEvent) => void;
}

/** The payload of `plan:join` and `plan:leave`: a plan id (UUIDs and the demo's readable ids). */
export const PlanRoomPayload = z.object({ planId: z.string().regex(/^[\w-]{1,64}$/) });
export type PlanRoomPayload = z.infer<typeof PlanRoomPayload>;

/** Events a client sends. */
export interface ClientToServerEvents {
  /** Join a plan's room (needs `plan.read`). */
  'plan:join': (payload: PlanRoomPayload, ack: (result: Ack) => void) => void;
  'plan:leave': (payload: PlanRoomPayload, ack?: (result: Ack) => void) => void;
}

/**
 * The schema of every client→server event's payload: the server parses each payload with it before
 * acting (a payload arrives as untrusted data whatever the type map says).
 */
export const clientEventSchemas = {
  'plan:join': PlanRoomPayload,
  'plan:leave': PlanRoomPayload,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;

/** Room names, one place for both sides. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  plan: (planId: string) => `plan:${planId}`,
  /** Every connected staff member (joined on connection). */
  staff: 'staff',
};
