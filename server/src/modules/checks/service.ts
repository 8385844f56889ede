import {
  ACTIVE_STATUSES,
  findingKey,
  runCityChecks,
  runPlanChecks,
  type Finding,
  type PlanInput,
  type StorefrontInput,
} from '@planner/shared/checks/index';
import { toJSON, type PlanDocJSON } from '@planner/shared/plan/index';
import type * as Y from 'yjs';
import type { Database, Queryable } from '../../platform/db/database.ts';

/** Reads a plan's live document (the sync layer's `withDoc`). */
export type DocReader = <T>(planId: string, fn: (doc: Y.Doc) => T) => Promise<T>;

interface SnapshotRow {
  plan_id: string;
  storefront_id: string;
  status: string;
  title: string;
  doc: PlanDocJSON | null;
  findings: Finding[] | null;
}

interface StorefrontRow {
  id: string;
  outline: StorefrontInput['outline'];
  doors: StorefrontInput['doors'];
  availability: StorefrontInput['availability'];
  max_occupancy: number | null;
}

const EMPTY: Pick<PlanDocJSON, 'layout' | 'schedule' | 'tasks'> = { layout: {}, schedule: {}, tasks: {} };

function planInput(r: SnapshotRow): PlanInput {
  const doc = r.doc ?? EMPTY;
  return { id: r.plan_id, storefrontId: r.storefront_id, status: r.status, title: r.title, layout: doc.layout, schedule: doc.schedule, tasks: doc.tasks };
}

function storefrontInput(r: StorefrontRow): StorefrontInput {
  return { id: r.id, outline: r.outline, doors: r.doors, availability: r.availability, maxOccupancy: r.max_occupancy };
}

/** Two finding lists say the same (order-insensitive, parameters included). */
export function sameFindings(a: Finding[], b: Finding[]): boolean {
  const key = (f: Finding) => `${findingKey(f)}|${JSON.stringify(f.params)}|${f.severity}`;
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

const SNAPSHOTS = `select p.id as plan_id, p.storefront_id, p.status, p.title, ps.doc, ps.findings
  from plans p left join plan_snapshots ps on ps.plan_id = p.id`;

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
  ) {}

  private async storefront(db: Queryable, id: string): Promise<StorefrontInput | null> {
    const { rows } = await db.query<StorefrontRow>('select id, outline, doors, availability, max_occupancy from storefronts where id = $1', [id]);
    return rows[0] ? storefrontInput(rows[0]) : null;
  }

  private async livePlans(db: Queryable): Promise<SnapshotRow[]> {
    const { rows } = await db.query<SnapshotRow>(`${SNAPSHOTS} where p.status = any($1)`, [ACTIVE_STATUSES]);
    return rows;
  }

  /** Stores the document's JSON form (and schedule span) from the live document. */
  async snapshot(planId: string): Promise<PlanDocJSON> {
    const { plan: doc } = await this.readDoc(planId, (d) => toJSON(d));
    const span = scheduleSpan(doc);
    await this.db.query(
      `insert into plan_snapshots (plan_id, doc) values ($1, $2::jsonb)
       on conflict (plan_id) do update set doc = excluded.doc, updated_at = now()`,
      [planId, JSON.stringify(doc)],
    );
    await this.db.query('update plans set schedule_start = $2, schedule_end = $3 where id = $1', [planId, span.start, span.end]);
    return doc;
  }

  /** The findings of one plan from the stored snapshots (no write). */
  async compute(planId: string): Promise<Finding[] | null> {
    const { rows } = await this.db.query<SnapshotRow>(`${SNAPSHOTS} where p.id = $1`, [planId]);
    const row = rows[0];
    if (!row) return null;
    const others = (await this.livePlans(this.db)).filter((p) => p.plan_id !== planId).map(planInput);
    return runPlanChecks({ plan: planInput(row), storefront: await this.storefront(this.db, row.storefront_id), otherPlans: others, now: this.now() });
  }

  /**
   * Recomputes one plan's findings and stores them; returns them when they changed, else null.
   * With `fromDoc`, the snapshot is refreshed from the live document first.
   */
  async refresh(planId: string, opts: { fromDoc?: boolean } = {}): Promise<Finding[] | null> {
    if (opts.fromDoc) await this.snapshot(planId);
    const findings = await this.compute(planId);
    if (!findings) return null;
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ findings: Finding[] }>('select findings from plan_snapshots where plan_id = $1 for update', [planId]);
      if (rows[0] && sameFindings(rows[0].findings, findings)) return null;
      await tx.query(
        `insert into plan_snapshots (plan_id, doc, findings) values ($1, '{"meta":{},"concept":"","layout":{},"schedule":{},"tasks":{}}'::jsonb, $2::jsonb)
         on conflict (plan_id) do update set findings = excluded.findings`,
        [planId, JSON.stringify(findings)],
      );
      return findings;
    });
  }

  /** Plans whose findings may change with this plan: same storefront, or already linked by a finding. */
  async related(planId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `select p.id from plans p
        where p.id <> $1 and p.status = any($2) and (
          p.storefront_id = (select storefront_id from plans where id = $1)
          or exists (select 1 from plan_snapshots ps where ps.plan_id = p.id and ps.findings::text like '%' || $1 || '%'))`,
      [planId, ACTIVE_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  /** The stored findings of one plan (computed now when never computed). */
  async findingsOf(planId: string): Promise<Finding[]> {
    const { rows } = await this.db.query<{ findings: Finding[] }>('select findings from plan_snapshots where plan_id = $1', [planId]);
    if (rows[0]) return rows[0].findings;
    return (await this.compute(planId)) ?? [];
  }

  /** Every finding across the city (staff). */
  async city(): Promise<Finding[]> {
    const plans = await this.livePlans(this.db);
    const ids = [...new Set(plans.map((p) => p.storefront_id))];
    const { rows } = await this.db.query<StorefrontRow>(
      'select id, outline, doors, availability, max_occupancy from storefronts where id = any($1)',
      [ids],
    );
    return runCityChecks({ storefronts: rows.map(storefrontInput), plans: plans.map(planInput), now: this.now() });
  }
}
