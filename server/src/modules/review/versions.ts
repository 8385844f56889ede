import { canonicalJSON, diffSchedules, scheduleHash, type PlanDocJSON } from '@planner/shared/plan/index';
import type { ItemChanges, VersionComparison, VersionDetail, VersionReason, VersionSummary } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { iso, lockKey, stateToJSON, type DocReader } from './docs.ts';

interface Row {
  number: number;
  name: string;
  reason: VersionReason;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date | string;
  schedule_hash: string;
  state?: Uint8Array;
}

const SELECT = `select v.number, v.name, v.reason, v.created_by, u.name as creator_name, v.created_at, v.schedule_hash
  from plan_versions v left join users u on u.id = v.created_by`;

function toSummary(r: Row): VersionSummary {
  return {
    number: r.number,
    name: r.name,
    reason: r.reason,
    createdBy: r.created_by ? { id: r.created_by, name: r.creator_name ?? '' } : null,
    createdAt: iso(r.created_at),
    scheduleHash: r.schedule_hash,
  };
}

/** Changes of a keyed collection: added, removed, and changed items with the fields that differ. */
export function diffItems(a: Record<string, object>, b: Record<string, object>): ItemChanges {
  const out: ItemChanges = { added: [], removed: [], changed: [] };
  for (const id of Object.keys(a)) if (!(id in b)) out.removed.push(id);
  for (const [id, next] of Object.entries(b)) {
    const prev = a[id] as Record<string, unknown> | undefined;
    if (!prev) {
      out.added.push(id);
      continue;
    }
    const n = next as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(prev), ...Object.keys(n)])].filter((k) => canonicalJSON(prev[k]) !== canonicalJSON(n[k])).sort();
    if (fields.length) out.changed.push({ id, fields });
  }
  return out;
}

/** Everything that differs between two plan documents. */
export function comparePlans(a: PlanDocJSON, b: PlanDocJSON): Omit<VersionComparison, 'from' | 'to'> {
  const metaKeys = [...new Set([...Object.keys(a.meta), ...Object.keys(b.meta)])] as (keyof PlanDocJSON['meta'])[];
  return {
    schedule: diffSchedules(a.schedule, b.schedule),
    layout: diffItems(a.layout, b.layout),
    tasks: diffItems(a.tasks, b.tasks),
    meta: metaKeys.filter((k) => canonicalJSON(a.meta[k]) !== canonicalJSON(b.meta[k])).sort(),
    concept: a.concept !== b.concept,
  };
}

/** Named snapshots of plan documents, numbered 1, 2, … per plan. */
export class VersionService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
  ) {}

  /** Stores a version of the given state (or of the live document); returns its number. */
  async take(
    planId: string,
    v: { name: string; reason: VersionReason; actorId: string | null },
    snapshot?: { json: PlanDocJSON; state: Uint8Array },
  ): Promise<VersionSummary> {
    const { json, state } = snapshot ?? (await this.docs.live(planId));
    const hash = scheduleHash(json.schedule);
    const number = await this.db.transaction(async (tx) => {
      const l = lockKey(`version:${planId}`);
      await tx.query(l.sql, l.params);
      const { rows } = await tx.query<{ number: number }>(
        `insert into plan_versions (plan_id, number, name, reason, created_by, state, schedule_hash)
         select $1, coalesce(max(number), 0) + 1, $2, $3, $4, $5, $6 from plan_versions where plan_id = $1
         returning number`,
        [planId, v.name, v.reason, v.actorId, state, hash],
      );
      return rows[0].number;
    });
    const { rows } = await this.db.query<Row>(`${SELECT} where v.plan_id = $1 and v.number = $2`, [planId, number]);
    return toSummary(rows[0]);
  }

  async list(planId: string): Promise<VersionSummary[]> {
    const { rows } = await this.db.query<Row>(`${SELECT} where v.plan_id = $1 order by v.number`, [planId]);
    return rows.map(toSummary);
  }

  async get(planId: string, number: number): Promise<VersionDetail> {
    const { rows } = await this.db.query<Row>(
      `select x.*, pv.state from (${SELECT} where v.plan_id = $1 and v.number = $2) x
         join plan_versions pv on pv.plan_id = $1 and pv.number = x.number`,
      [planId, number],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', 'Version nicht gefunden / Version not found');
    return { ...toSummary(rows[0]), plan: stateToJSON(rows[0].state!) };
  }

  /** The changes from version `from` to version `to` (or to the live document). */
  async compare(planId: string, from: number, to: number | 'current'): Promise<VersionComparison> {
    const a = (await this.get(planId, from)).plan;
    const b = to === 'current' ? (await this.docs.live(planId)).json : (await this.get(planId, to)).plan;
    return { from, to, ...comparePlans(a, b) };
  }
}
