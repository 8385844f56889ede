/**
 * Plain inputs and outputs of the checks (DESIGN.md §7). The checks never see Yjs or the database:
 * the server (or client) builds these from storefront rows and toJSON(doc).
 */
import type { Point2D } from '../geometry/polygon.ts';
import type { FindingMessageKey as MessageKey } from '../messages/findings.ts';
import type { LayoutItem, ScheduleEntry, Task } from '../plan/schema.ts';

export type Severity = 'error' | 'warning' | 'info';

/** What a finding is about; one kind can have several message keys. */
export const FINDING_KINDS = [
  'double-booking',
  'outside-availability',
  'person-double-booked',
  'outline-invalid',
  'layout-outside',
  'layout-overlap',
  'keep-clear-blocked',
  'capacity-area',
  'capacity-owner',
  'capacity-assembly',
  'task-unassigned',
  'task-due-after-setup',
  'task-overdue',
] as const;

/**
 * Kinds of the duty rota (issue 18), computed on the server from the rota's shifts (not by the pure plan
 * checks above): hours of opening hours and events nobody is on duty for, shifts below their minimum,
 * a person on two shifts at once across plans.
 */
export const ROTA_FINDING_KINDS = ['rota-uncovered', 'rota-understaffed', 'rota-person-double-booked'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number] | (typeof ROTA_FINDING_KINDS)[number];

export type { MessageParams } from '../messages/catalogue.ts';
import type { MessageParams } from '../messages/catalogue.ts';

/** One result of a check. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  messageKey: MessageKey;
  params: MessageParams;
  /** Ids of the layout items, schedule entries, tasks and plans involved (most specific first). */
  ids: string[];
  /** The plans this finding concerns (for routing to plan rooms); one for plan checks, two for cross-plan ones. */
  planIds: string[];
}

/** A time window, ISO 8601 with offset; end after start. */
export interface TimeWindow {
  start: string;
  end: string;
}

/**
 * A door of a storefront: (x, y) is the middle of the opening on the outline (cm). The keep-clear
 * zone runs along the nearest outline edge into the shop, `keepClearDepth` deep (default 120 cm).
 */
export interface DoorInput {
  id?: string;
  x: number;
  y: number;
  width: number;
  keepClearDepth?: number;
}

/** What the checks need to know about a storefront. */
export interface StorefrontInput {
  id: string;
  /** Floor outline in cm, a simple polygon (concave allowed). */
  outline: Point2D[];
  doors: DoorInput[];
  availability: TimeWindow[];
  /** The owner's maximum number of people at once; null when not set. */
  maxOccupancy: number | null;
}

/** Items keyed by id (as in PlanDocJSON) or as a list. */
export type ItemsLike<T> = Record<string, T> | readonly T[];

/** What the checks need to know about a plan. */
export interface PlanInput {
  id: string;
  storefrontId: string;
  /** Lifecycle status: draft, submitted, approved, published, done, withdrawn. */
  status: string;
  title?: string;
  schedule: ItemsLike<ScheduleEntry>;
  tasks: ItemsLike<Task>;
  layout: ItemsLike<LayoutItem>;
}

/** The status subsets the checks use, typed once next to PLAN_STATUSES. */
export { ACTIVE_STATUSES, BOOKING_STATUSES } from '../api/plans.ts';

/** The values of a record or list. */
export function itemsOf<T>(items: ItemsLike<T>): T[] {
  return Array.isArray(items) ? [...items] : Object.values(items as Record<string, T>);
}
