import { HIDDEN_ENTRY, HIDDEN_PLAN } from '@planner/shared';
import {
  findingKey,
  itemsOf,
  runCityChecks,
  runPlanChecks,
  type Finding,
  type PlanInput,
  type StorefrontInput,
} from '@planner/shared/checks/index';
import { canonicalJSON, readLivePlan, type PlanDocJSON } from '@planner/shared/plan/index';
import type * as Y from 'yjs';
import type { Database } from '../../platform/db/database.ts';
import * as repo from './repo.ts';
import { cityFromStored, type StoredPlanFindings } from './city.ts';
import type { LiveFindingSource } from '../rota/finding-source.ts';

type SnapshotRow = repo.SnapshotRow;
type StorefrontRow = repo.StorefrontRow;

/** Reads a plan's live document (the sync layer's `withDoc`). */
export type DocReader = <T>(planId: string, fn: (doc: Y.Doc) => T) => Promise<T>;

const EMPTY: Pick<PlanDocJSON, 'layout' | 'schedule' | 'tasks'> = { layout: {}, schedule: {}, tasks: {} };

function planInput(r: SnapshotRow): PlanInput {
  const doc = r.doc ?? EMPTY;
  return {
    id: r.plan_id,
    storefrontId: r.storefront_id,
    status: r.status,
    title: r.title,
    layout: doc.layout,
    schedule: doc.schedule,
    tasks: doc.tasks,
  };
}

function storefrontInput(r: StorefrontRow): StorefrontInput {
  return { id: r.id, outline: r.outline, doors: r.doors, availability: r.availability, maxOccupancy: r.max_occupancy };
}

/** Orders keys as PostgreSQL's jsonb stores them: shorter first, then by their UTF-8 bytes. */
const jsonbKeyOrder = (a: string, b: string) =>
  Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b));

const reordered = new WeakMap<object, object>();

/**
 * A collection of the live document with its items in the order the stored snapshot (jsonb) returns
 * them, so that findings computed from the live document come in the same order as those computed from
 * the snapshot (the checks list items in the order they meet them). Memoised per frozen collection
 * (readLivePlan shares unchanged ones between reads).
 */
function inStoredOrder<T>(items: Record<string, T>): Record<string, T> {
  const known = reordered.get(items);
  if (known) return known as Record<string, T>;
  const out: Record<string, T> = {};
  for (const k of Object.keys(items).sort(jsonbKeyOrder)) out[k] = items[k]!;
  if (Object.isFrozen(items)) reordered.set(items, out);
  return out;
}

/**
 * Two finding lists say the same (order-insensitive, parameters included). Params are compared in
 * canonical form: findings read back from jsonb have their keys in jsonb's order, not the checks'.
 */
export function sameFindings(a: Finding[], b: Finding[]): boolean {
  const key = (f: Finding) => `${findingKey(f)}|${canonicalJSON(f.params)}|${f.severity}`;
  const sa = a.map(key).sort();
  const sb = b.map(key).sort();
  return sa.length === sb.length && sa.every((k, i) => k === sb[i]);
}

/** The earliest start and latest end of the schedule, for "free in a date range". */
function scheduleSpan(doc: PlanDocJSON): { start: string | null; end: string | null } {
  let start: number | null = null;
  let end: number | null = null;
  for (const e of Object.values(doc.schedule) as { start: string; end: string }[]) {
    const s = Date.parse(e.start);
    const t = Date.parse(e.end);
    if (Number.isFinite(s)) start = start === null ? s : Math.min(start, s);
    if (Number.isFinite(t)) end = end === null ? t : Math.max(end, t);
  }
  return { start: start === null ? null : new Date(start).toISOString(), end: end === null ? null : new Date(end).toISOString() };
}

/**
 * The conflict checks on the server (DESIGN.md §7): keeps a JSON snapshot of each plan's document,
 * computes its findings against its storefront and the other live plans, and reports when they change.
 * Safe with several instances: the findings row is compared and written under a row lock, so only the
 * instance whose write changed it reports the change.
 */
export class ChecksService {
  constructor(
    private readonly db: Database,
    private readonly readDoc: DocReader,
    private readonly now: () => Date = () => new Date(),
    /** Findings computed outside the plan checks (the duty rota, issue 18), added to each plan's. */
    private readonly live: LiveFindingSource | null = null,
  ) {}

  private async storefront(id: string): Promise<StorefrontInput | null> {
    const [row] = await repo.storefronts(this.db, [id]);
    return row ? storefrontInput(row) : null;
  }

  /**
   * Stores the document's JSON form (and schedule span) from the live document, read incrementally
   * (readLivePlan: only the items edited since the last read are validated again, issue 19).
   */
  async snapshot(planId: string): Promise<PlanDocJSON> {
    return (await this.store(planId)).doc;
  }

  /** {@link snapshot}, also returning the plan's row as the write returned it. */
  private async store(planId: string): Promise<{ doc: PlanDocJSON; row: SnapshotRow | null }> {
    const { plan: doc } = await this.readDoc(planId, (d) => readLivePlan(d));
    const row = await repo.saveSnapshot(this.db, planId, doc, scheduleSpan(doc));
    return { doc, row };
  }

  /**
   * The findings of one plan (no write): from its stored snapshot, or from `doc` (its JSON form just
   * stored, which then is not read back) with the other plans' stored snapshots. `row`: the plan's row
   * when the caller has it (the snapshot's write returns it).
   */
  async compute(planId: string, doc?: PlanDocJSON, known?: SnapshotRow | null): Promise<Finding[] | null> {
    const row = doc ? (known === undefined ? await repo.planOf(this.db, planId) : known) : await repo.snapshotOf(this.db, planId);
    if (!row) return null;
    const plan = doc
      ? {
          ...planInput(row),
          layout: inStoredOrder(doc.layout),
          schedule: inStoredOrder(doc.schedule),
          tasks: inStoredOrder(doc.tasks),
        }
      : planInput(row);
    // Only the plans that can meet this one: same storefront, or a task of one of its people.
    const people = [...new Set(itemsOf(plan.tasks).flatMap((t) => (typeof t.assignee === 'string' ? [t.assignee] : [])))];
    const others = (await repo.meetingPlans(this.db, planId, row.storefront_id, people)).map(planInput);
    const found = runPlanChecks({
      plan,
      storefront: await this.storefront(row.storefront_id),
      otherPlans: others,
      now: this.now(),
    });
    return this.live ? [...found, ...(await this.live.findings(planId))] : found;
  }

  /**
   * Recomputes one plan's findings and stores them; returns them when they changed, else null.
   * With `fromDoc`, the snapshot is refreshed from the live document first.
   */
  async refresh(planId: string, opts: { fromDoc?: boolean } = {}): Promise<Finding[] | null> {
    const stored = opts.fromDoc ? await this.store(planId) : null;
    const findings = stored ? await this.compute(planId, stored.doc, stored.row) : await this.compute(planId);
    if (!findings) return null;
    return this.db.transaction(async (tx) => {
      const stored = await repo.storedFindings(tx, planId, true);
      if (stored && sameFindings(stored, findings)) return null;
      await repo.saveFindings(tx, planId, findings);
      return findings;
    });
  }

  /** Plans whose findings may change with this plan: same storefront, or already linked by a finding. */
  async related(planId: string): Promise<string[]> {
    return repo.relatedPlans(this.db, planId);
  }

  /** The stored findings of one plan (computed now when never computed). */
  async findingsOf(planId: string): Promise<Finding[]> {
    const found = (await repo.storedFindings(this.db, planId)) ?? (await this.compute(planId)) ?? [];
    if (!this.live) return found;
    // Live sources' findings depend on the clock too: their stored copies are replaced by fresh ones.
    const { kinds } = this.live;
    return [...found.filter((f) => !kinds.has(f.kind)), ...(await this.live.findings(planId))];
  }

  /**
   * Every finding across the city (staff), from each live plan's stored findings (issue 19; see
   * city.ts): the cross-plan ones once, with the plans' statuses now, and overdue tasks by the clock now.
   */
  async city(): Promise<Finding[]> {
    const rows = await repo.liveFindings(this.db);
    const plans: StoredPlanFindings[] = [];
    for (const r of rows) {
      // A plan without a snapshot row has never been checked: computed now (its own view, no write).
      const findings = r.findings ?? (await this.compute(r.plan_id)) ?? [];
      plans.push({ id: r.plan_id, status: r.status, findings, tasks: r.tasks });
    }
    return cityFromStored(plans, this.now(), this.live?.kinds);
  }

  /**
   * The city's findings computed afresh from every live plan's snapshot: the own checks of each and the
   * cross-plan pairs. What {@link city} is checked against.
   */
  async recomputeCity(): Promise<Finding[]> {
    const plans = await repo.livePlans(this.db);
    const rows = await repo.storefronts(this.db, [...new Set(plans.map((p) => p.storefront_id))]);
    return runCityChecks({ storefronts: rows.map(storefrontInput), plans: plans.map(planInput), now: this.now() });
  }

  /** The live plans at a storefront. */
  plansAt(storefrontId: string): Promise<string[]> {
    return repo.livePlansAt(this.db, storefrontId);
  }

  /** The live plans as the city view lists them. */
  livePlans() {
    return repo.livePlanList(this.db);
  }

  /** The ids of a plan's own items (layout, schedule, tasks), from its snapshot. */
  async ownIds(planId: string): Promise<Set<string>> {
    const row = await repo.snapshotOf(this.db, planId);
    const doc = row?.doc ?? EMPTY;
    return new Set([...Object.keys(doc.layout ?? {}), ...Object.keys(doc.schedule ?? {}), ...Object.keys(doc.tasks ?? {})]);
  }

  /**
   * One plan's findings as this reader may see them: other plans the reader may not read (asked once per
   * plan through `mayRead`) are hidden, see {@link forReader}.
   */
  async forReader(findings: Finding[], planId: string, mayRead: MayRead): Promise<Finding[]> {
    const others = [...new Set(findings.flatMap((f) => f.planIds))].filter((id) => id !== planId);
    const readable = new Set<string>();
    for (const id of others) if (await mayRead(id)) readable.add(id);
    const needsIds = findings.some(
      (f) => f.planIds.some((id) => id !== planId && !readable.has(id)) || f.params.otherPlan !== undefined,
    );
    return forReader(findings, planId, readable, needsIds ? await this.ownIds(planId) : undefined);
  }

  /** Findings name people by user id; people read names. */
  async withNames(findings: Finding[]): Promise<Finding[]> {
    const ids = [...new Set(findings.map((f) => f.params.assignee).filter((v): v is string => typeof v === 'string'))];
    if (!ids.length) return findings;
    const names = await repo.userNames(this.db, ids);
    return findings.map((f) =>
      typeof f.params.assignee === 'string' && names.has(f.params.assignee)
        ? { ...f, params: { ...f.params, assignee: names.get(f.params.assignee)! } }
        : f,
    );
  }
}

/** Whether the reader may read another plan (the permission check `plan.read` against that plan). */
export type MayRead = (otherPlanId: string) => Promise<boolean>;

/**
 * Cross-plan findings as a reader sees them (issue 13): another plan is named only to people who may
 * read it. For every other plan the reader may not read, the finding keeps its kind, severity and
 * overlapping period, but its other plan and entry read "ein anderer Plan" / "ein Termin", and its ids
 * and planIds keep only this plan's own (never the other plan's id, nor those of its entries or tasks).
 * `ownIds` are the ids of this plan's items; without them every id but the plan's own is dropped.
 * Fail closed: a finding that names another plan without saying which (stored before planIds named
 * both) is hidden as if the reader could not read it.
 */
export function forReader(
  findings: Finding[],
  planId: string,
  readable: ReadonlySet<string>,
  ownIds: ReadonlySet<string> = new Set(),
): Finding[] {
  return findings.map((f) => {
    const names = Object.keys(f.params).some((k) => OTHER_PLAN_PARAMS.has(k));
    const others = f.planIds.filter((id) => id !== planId);
    const hide = others.some((id) => !readable.has(id)) || (names && !others.length);
    if (!hide) return f;
    const params = { ...f.params };
    for (const k of Object.keys(params)) if (OTHER_PLAN_PARAMS.has(k)) params[k] = k === 'otherPlan' ? HIDDEN_PLAN : HIDDEN_ENTRY;
    const keep = (id: string) => id === planId || ownIds.has(id);
    return { ...f, params, ids: f.ids.filter(keep), planIds: f.planIds.filter(keep) };
  });
}

/** Cross-plan findings as shown where the reader is not known (a plan room): every other plan hidden. */
export function forMember(findings: Finding[], planId: string, ownIds?: ReadonlySet<string>): Finding[] {
  return forReader(findings, planId, new Set(), ownIds);
}

/**
 * Params that name another plan or one of its entries (cross-plan double bookings, people booked in two
 * places). They are shown only to readers of that other plan; everyone else reads "ein anderer Plan"
 * with the overlapping period.
 */
const OTHER_PLAN_PARAMS = new Set(['otherPlan', 'otherTitle']);
