import { diffSchedules, normaliseSchedule, scheduleHash, type NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { Approval, ApprovalDecision, ApprovalState, PlanStatus } from '@planner/shared';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import { iso, type DocReader } from './docs.ts';
import type { VersionService } from './versions.ts';

interface Row {
  id: number;
  plan_id: string;
  decision: ApprovalDecision;
  note: string;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: Date | string;
  schedule_hash: string;
  schedule: NormalisedScheduleEntry[];
  version: number | null;
  stale: boolean;
  stale_since: Date | string | null;
}

const SELECT = `select a.id::float8 as id, a.plan_id, a.decision, a.note, a.decided_by, u.name as decider_name, a.decided_at,
    a.schedule_hash, a.schedule, a.version, a.stale, a.stale_since
  from approvals a left join users u on u.id = a.decided_by`;

function toApproval(r: Row): Approval {
  return {
    id: Number(r.id),
    planId: r.plan_id,
    decision: r.decision,
    note: r.note,
    decidedBy: r.decided_by ? { id: r.decided_by, name: r.decider_name ?? '' } : null,
    decidedAt: iso(r.decided_at),
    scheduleHash: r.schedule_hash,
    schedule: r.schedule,
    version: r.version,
    stale: r.stale,
    staleSince: r.stale_since ? iso(r.stale_since) : null,
  };
}

/** Statuses in which the latest approval binds the schedule (and can go stale). */
export const BOUND_STATUSES: readonly PlanStatus[] = ['approved', 'published', 'done'];

/** What the staleness monitor compares against: the approval that binds the plan's schedule now. */
export interface BindingApproval {
  approvalId: number;
  hash: string;
}

const message = {
  noApproval: 'Der Zeitplan ist nicht freigegeben / The schedule has not been approved',
  stale:
    'Der Zeitplan wurde seit der Freigabe geändert und muss erneut freigegeben werden / The schedule changed since it was approved and must be approved again',
  notApproved: 'Nur freigegebene oder veröffentlichte Pläne können erneut freigegeben werden / Only approved or published plans can be re-approved',
};

/**
 * Decisions of staff on a plan's schedule. An approval stores the decision, who, when, the note, the
 * content hash of the normalised schedule and a copy of it, plus a version of the whole document.
 */
export class ApprovalService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly versions: VersionService,
    private readonly events: RoomBroadcaster,
  ) {}

  /** Records a decision on the live schedule and tells the plan room. */
  async record(planId: string, decision: ApprovalDecision, actorId: string, note = ''): Promise<Approval> {
    const snap = await this.docs.live(planId);
    const schedule = normaliseSchedule(snap.json.schedule);
    const hash = scheduleHash(snap.json.schedule);
    const name = decision === 'approved' ? 'Freigabe / Approval' : 'Änderungen erbeten / Changes requested';
    const version = await this.versions.take(planId, { name, reason: 'approval', actorId }, snap);
    const meta = { title: snap.json.meta.title, publicDescription: snap.json.meta.publicDescription };
    const { rows } = await this.db.query<{ id: number }>(
      `insert into approvals (plan_id, decision, note, decided_by, schedule_hash, schedule, meta, version)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) returning id::float8 as id`,
      [planId, decision, note, actorId, hash, JSON.stringify(schedule), JSON.stringify(meta), version.number],
    );
    const approval = (await this.byId(this.db, Number(rows[0].id)))!;
    this.events.toPlan(planId, 'approval:recorded', approval);
    return approval;
  }

  /** Staff approve the current schedule again (an approved or published plan, e.g. after it went stale). */
  async renew(planId: string, actorId: string, note = ''): Promise<Approval> {
    const { rows } = await this.db.query<{ status: PlanStatus }>('select status from plans where id = $1', [planId]);
    if (!rows[0]) throw new AppError('NOT_FOUND', 'Plan nicht gefunden / Plan not found');
    if (rows[0].status !== 'approved' && rows[0].status !== 'published') throw new AppError('INVALID_TRANSITION', message.notApproved);
    const approval = await this.record(planId, 'approved', actorId, note);
    await audit(this.db, { actorId, action: 'approval.renewed', subjectType: 'approval', subjectId: String(approval.id), planId, details: { note } });
    return approval;
  }

  private async byId(db: Queryable, id: number): Promise<Approval | null> {
    const { rows } = await db.query<Row>(`${SELECT} where a.id = $1`, [id]);
    return rows[0] ? toApproval(rows[0]) : null;
  }

  /** Every decision on a plan, newest first. */
  async history(planId: string): Promise<Approval[]> {
    const { rows } = await this.db.query<Row>(`${SELECT} where a.plan_id = $1 order by a.id desc`, [planId]);
    return rows.map(toApproval);
  }

  /** The latest decision and the plan's status. */
  async latest(db: Queryable, planId: string): Promise<{ status: PlanStatus | null; latest: Approval | null }> {
    const { rows } = await db.query<Row & { plan_status: PlanStatus }>(
      `select p.status as plan_status, x.* from plans p left join lateral (${SELECT} where a.plan_id = p.id order by a.id desc limit 1) x on true
        where p.id = $1`,
      [planId],
    );
    if (!rows[0]) return { status: null, latest: null };
    return { status: rows[0].plan_status, latest: rows[0].id === null ? null : toApproval(rows[0]) };
  }

  /** The approval that binds the schedule now, if any. */
  async binding(db: Queryable, planId: string): Promise<Approval | null> {
    const { status, latest } = await this.latest(db, planId);
    return status && BOUND_STATUSES.includes(status) && latest?.decision === 'approved' ? latest : null;
  }

  /** The review state with what changed since the binding approval. */
  async state(planId: string): Promise<ApprovalState> {
    const { status, latest } = await this.latest(this.db, planId);
    if (!status) throw new AppError('NOT_FOUND', 'Plan nicht gefunden / Plan not found');
    const current = BOUND_STATUSES.includes(status) && latest?.decision === 'approved' ? latest : null;
    const live = (await this.docs.live(planId)).json.schedule;
    const currentHash = scheduleHash(live);
    const changes = current ? diffSchedules(current.schedule, live) : null;
    const stale = !!current && currentHash !== current.scheduleHash;
    return { planId, status, latest, current, stale, currentHash, changes };
  }

  /** Persists fresh/stale; true only for the one write that changed it (idempotent across instances). */
  async setStale(approvalId: number, stale: boolean): Promise<boolean> {
    const res = await this.db.query(
      `update approvals set stale = $2, stale_since = case when $2 then now() else null end
        where id = $1 and stale <> $2 and id = (select max(b.id) from approvals b where b.plan_id = approvals.plan_id)`,
      [approvalId, stale],
    );
    return res.rowCount > 0;
  }

  /**
   * Refuses publishing (inside the transition's transaction) without a fresh approval. `liveHash` is
   * this instance's view of the live schedule when it has edits not yet checked.
   */
  async assertPublishable(tx: Queryable, planId: string, liveHash: string | undefined): Promise<void> {
    const { rows } = await tx.query<Row>(`${SELECT} where a.plan_id = $1 order by a.id desc limit 1`, [planId]);
    const latest = rows[0];
    if (!latest || latest.decision !== 'approved') throw new AppError('CONFLICT', message.noApproval);
    if (latest.stale || (liveHash !== undefined && liveHash !== latest.schedule_hash)) throw new AppError('CONFLICT', message.stale);
  }
}
