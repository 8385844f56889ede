import { canonicalJSON, diffSchedules, scheduleHash, type PlanDocJSON } from '@planner/shared/plan/index';
import type { ItemChanges, VersionComparison, VersionDetail, VersionReason, VersionSummary } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { stateToJSON, type DocReader } from './docs.ts';
import { insertVersion, listVersions, versionWithState } from './repo.ts';

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
    const fields = [...new Set([...Object.keys(prev), ...Object.keys(n)])]
      .filter((k) => canonicalJSON(prev[k]) !== canonicalJSON(n[k]))
      .sort();
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

  /** Stores a version of the live document (a person's named version). */
  async take(planId: string, v: { name: string; reason: VersionReason; actorId: string | null }): Promise<VersionSummary> {
    const { json, state } = await this.docs.live(planId);
    return this.db.transaction((tx) => insertVersion(tx, { planId, ...v, state, scheduleHash: scheduleHash(json.schedule) }));
  }

  list(planId: string): Promise<VersionSummary[]> {
    return listVersions(this.db, planId);
  }

  async get(planId: string, number: number): Promise<VersionDetail> {
    const v = await versionWithState(this.db, planId, number);
    if (!v) throw new AppError('NOT_FOUND', 'version.notFound');
    const { state, ...summary } = v;
    return { ...summary, plan: stateToJSON(state) };
  }

  /** The changes from version `from` to version `to` (or to the live document). */
  async compare(planId: string, from: number, to: number | 'current'): Promise<VersionComparison> {
    const a = (await this.get(planId, from)).plan;
    const b = to === 'current' ? (await this.docs.live(planId)).json : (await this.get(planId, to)).plan;
    return { from, to, ...comparePlans(a, b) };
  }
}
