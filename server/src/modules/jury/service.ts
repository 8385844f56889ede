/**
 * The jury of an open call (issue 16): scoring, conflicts of interest, blind mode, progress, ranking
 * and comparison. Testable without HTTP; routes.ts only parses and checks permissions.
 *
 * Rules:
 * - Scoring is open once a published call's deadline has passed, or while the call is closed; never
 *   before the deadline and never after the decision (`decided`, `cancelled`): 409 `jury.notOpen`.
 * - Only the call's jurors score (staff too only when named a juror): else 403 `jury.notJuror`.
 * - A declared conflict removes the juror's scores and comment of that application; scoring it is then
 *   a 409 `jury.conflicted`, and the juror sees nothing of it beyond its title.
 * - Blind mode hides names, co-applicants and portfolio links from a juror until their scores of every
 *   application without a conflict are complete.
 */
import {
  rankApplications,
  type JuryApplication,
  type JuryCallSummary,
  type JuryCallView,
  type JuryComparison,
  type JuryRanking,
  type JuryScoreBody,
} from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import {
  callById,
  callsFor,
  coApplicants,
  commentsOf,
  conflictsOf,
  criteriaOf,
  declareConflict,
  hasConflict,
  isJuror,
  judgedApplication,
  judgedApplications,
  jurorsOf,
  rankedStorefronts,
  scoresOf,
  upsertComment,
  upsertScore,
  type ApplicationRow,
  type CallRow,
  type CriterionRow,
} from './repo.ts';

/** The title of an application: the first line of its concept (no names), at most 80 characters. */
export function applicationTitle(concept: string): string {
  const line =
    concept
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
}

export function scoringOpen(call: Pick<CallRow, 'status' | 'deadline'>, now: Date): boolean {
  if (call.status === 'closed') return true;
  return call.status === 'published' && new Date(call.deadline).getTime() <= now.getTime();
}

export class JuryService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async call(callId: string): Promise<CallRow> {
    const call = await callById(this.db, callId);
    if (!call) throw new AppError('NOT_FOUND', 'error.notFound');
    return call;
  }

  private async requireJuror(callId: string, userId: string): Promise<void> {
    if (!(await isJuror(this.db, callId, userId))) throw new AppError('FORBIDDEN', 'jury.notJuror');
  }

  private summary(call: CallRow, isJurorOf: boolean, progress: JuryCallSummary['progress']): JuryCallSummary {
    return {
      id: call.id,
      title: call.title,
      status: call.status,
      deadline: new Date(call.deadline).toISOString(),
      blind: call.blind,
      scoringOpen: scoringOpen(call, this.now()),
      isJuror: isJurorOf,
      progress,
    };
  }

  /** A juror's progress: complete sheets, the rest to score, and conflicts. */
  private async progressOf(callId: string, jurorId: string, criteria?: CriterionRow[], apps?: ApplicationRow[]) {
    const crit = criteria ?? (await criteriaOf(this.db, callId));
    const list = apps ?? (await judgedApplications(this.db, callId));
    const scores = await scoresOf(this.db, callId, jurorId);
    const conflicts = new Set((await conflictsOf(this.db, callId, jurorId)).map((c) => c.application_id));
    const counted = new Map<string, number>();
    const ids = new Set(crit.map((c) => c.id));
    for (const s of scores) if (ids.has(s.criterion_id)) counted.set(s.application_id, (counted.get(s.application_id) ?? 0) + 1);
    let scored = 0;
    let toScore = 0;
    let conflictCount = 0;
    const complete = new Set<string>();
    for (const a of list) {
      if (conflicts.has(a.id)) conflictCount++;
      else if (crit.length > 0 && (counted.get(a.id) ?? 0) >= crit.length) {
        scored++;
        complete.add(a.id);
      } else toScore++;
    }
    return { progress: { scored, toScore, conflicts: conflictCount }, complete, conflicts, scores };
  }

  async listCalls(actor: { userId: string; staff: boolean }): Promise<JuryCallSummary[]> {
    const rows = await callsFor(this.db, actor.userId, actor.staff);
    const out: JuryCallSummary[] = [];
    for (const r of rows) {
      out.push(this.summary(r, r.is_juror, r.is_juror ? (await this.progressOf(r.id, actor.userId)).progress : null));
    }
    return out;
  }

  /** The call as this juror sees it. */
  async view(callId: string, jurorId: string): Promise<JuryCallView> {
    const call = await this.call(callId);
    await this.requireJuror(callId, jurorId);
    const criteria = await criteriaOf(this.db, callId);
    const apps = await judgedApplications(this.db, callId);
    const applications = await this.present(call, criteria, apps, jurorId);
    const { progress } = await this.progressOf(callId, jurorId, criteria, apps);
    return { call: this.summary(call, true, progress), criteria, applications };
  }

  private async present(
    call: CallRow,
    criteria: CriterionRow[],
    apps: ApplicationRow[],
    jurorId: string,
  ): Promise<JuryApplication[]> {
    const { complete, conflicts, scores } = await this.progressOf(call.id, jurorId, criteria, apps);
    const comments = new Map((await commentsOf(this.db, call.id, jurorId)).map((c) => [c.application_id, c.comment]));
    const team = await coApplicants(
      this.db,
      apps.map((a) => a.id),
    );
    const storefronts = await rankedStorefronts(
      this.db,
      apps.map((a) => a.id),
    );
    // Blind until every application without a conflict is scored completely by this juror.
    const hidden = call.blind && apps.some((a) => !conflicts.has(a.id) && !complete.has(a.id));
    return apps.map((a) => {
      const title = applicationTitle(a.concept);
      const myScores: Record<string, number> = {};
      for (const s of scores) if (s.application_id === a.id) myScores[s.criterion_id] = s.score;
      if (conflicts.has(a.id)) {
        return {
          id: a.id,
          title,
          conflict: true,
          hidden: true,
          applicantName: null,
          coApplicants: null,
          portfolioLinks: null,
          concept: null,
          disciplines: null,
          formats: null,
          needs: null,
          needsNote: null,
          expectedAudience: null,
          periodStart: null,
          periodEnd: null,
          storefronts: null,
          myScores: {},
          myComment: '',
          complete: false,
        };
      }
      return {
        id: a.id,
        title,
        conflict: false,
        hidden,
        applicantName: hidden ? null : (a.applicant_name ?? ''),
        coApplicants: hidden ? null : (team.get(a.id) ?? []),
        portfolioLinks: hidden ? null : Array.isArray(a.portfolio_links) ? a.portfolio_links : [],
        concept: a.concept,
        disciplines: a.disciplines,
        formats: a.formats,
        needs: a.needs,
        needsNote: a.needs_note,
        expectedAudience: a.expected_audience,
        periodStart: a.period_start,
        periodEnd: a.period_end,
        storefronts: storefronts.get(a.id) ?? [],
        myScores,
        myComment: comments.get(a.id) ?? '',
        complete: complete.has(a.id),
      };
    });
  }

  private async one(callId: string, applicationId: string, jurorId: string): Promise<JuryApplication> {
    const call = await this.call(callId);
    const criteria = await criteriaOf(this.db, callId);
    const apps = await judgedApplications(this.db, callId);
    const list = await this.present(call, criteria, apps, jurorId);
    return list.find((a) => a.id === applicationId)!;
  }

  private async scorable(callId: string, applicationId: string, jurorId: string) {
    const call = await this.call(callId);
    await this.requireJuror(callId, jurorId);
    const app = await judgedApplication(this.db, callId, applicationId);
    if (!app) throw new AppError('NOT_FOUND', 'error.notFound');
    if (!scoringOpen(call, this.now())) throw new AppError('CONFLICT', 'jury.notOpen');
    return { call, app };
  }

  async score(
    callId: string,
    applicationId: string,
    jurorId: string,
    body: JuryScoreBody,
    ip: string | null,
  ): Promise<JuryApplication> {
    await this.scorable(callId, applicationId, jurorId);
    const criteria = new Set((await criteriaOf(this.db, callId)).map((c) => c.id));
    const unknown = body.scores.findIndex((s) => !criteria.has(s.criterionId));
    if (unknown >= 0) {
      const field = `scores.${unknown}.criterionId`;
      throw new AppError('VALIDATION', 'jury.unknownCriterion', { field }, [
        { path: field, key: 'jury.unknownCriterion', params: { field }, message: 'unknown criterion of this call' },
      ]);
    }
    await this.db.transaction(async (tx) => {
      if (await hasConflict(tx, applicationId, jurorId)) throw new AppError('CONFLICT', 'jury.conflicted');
      for (const s of body.scores) await upsertScore(tx, applicationId, jurorId, s.criterionId, s.score);
      if (body.comment !== undefined) await upsertComment(tx, applicationId, jurorId, body.comment);
      // The log says who scored which application, never the scores themselves.
      await audit(tx, {
        actorId: jurorId,
        action: 'jury.scored',
        subjectType: 'application',
        subjectId: applicationId,
        details: { callId, criteria: body.scores.length },
        ip,
      });
    });
    return this.one(callId, applicationId, jurorId);
  }

  async conflict(
    callId: string,
    applicationId: string,
    jurorId: string,
    note: string,
    ip: string | null,
  ): Promise<JuryApplication> {
    await this.call(callId);
    await this.requireJuror(callId, jurorId);
    if (!(await judgedApplication(this.db, callId, applicationId))) throw new AppError('NOT_FOUND', 'error.notFound');
    await this.db.transaction(async (tx) => {
      await declareConflict(tx, applicationId, jurorId, note);
      await audit(tx, {
        actorId: jurorId,
        action: 'jury.conflict_declared',
        subjectType: 'application',
        subjectId: applicationId,
        details: { callId },
        ip,
      });
    });
    return this.one(callId, applicationId, jurorId);
  }

  async ranking(callId: string): Promise<JuryRanking> {
    const call = await this.call(callId);
    const criteria = await criteriaOf(this.db, callId);
    const apps = await judgedApplications(this.db, callId);
    const scores = await scoresOf(this.db, callId);
    const conflicts = await conflictsOf(this.db, callId);
    const ranked = rankApplications({
      applicationIds: apps.map((a) => a.id),
      criteria,
      scores: scores.map((s) => ({
        applicationId: s.application_id,
        jurorId: s.juror_id,
        criterionId: s.criterion_id,
        score: s.score,
      })),
      conflicts: conflicts.map((c) => ({ applicationId: c.application_id, jurorId: c.juror_id })),
    });
    const byId = new Map(apps.map((a) => [a.id, a]));
    const jurors = [];
    for (const j of await jurorsOf(this.db, callId)) {
      jurors.push({ jurorId: j.id, name: j.name, ...(await this.progressOf(callId, j.id, criteria, apps)).progress });
    }
    return {
      call: {
        id: call.id,
        title: call.title,
        status: call.status,
        blind: call.blind,
        scoringOpen: scoringOpen(call, this.now()),
      },
      criteria,
      jurors,
      ranking: ranked.map((r) => {
        const a = byId.get(r.applicationId)!;
        return {
          applicationId: a.id,
          title: applicationTitle(a.concept),
          applicantName: a.applicant_name,
          status: a.status,
          rank: r.rank,
          mean: r.mean,
          min: r.min,
          max: r.max,
          stddev: r.stddev,
          jurorCount: r.jurorCount,
          byCriterion: r.byCriterion,
          conflicts: conflicts.filter((c) => c.application_id === a.id).length,
        };
      }),
    };
  }

  async compare(callId: string, ids: string[]): Promise<JuryComparison> {
    const ranking = await this.ranking(callId);
    const apps = await judgedApplications(this.db, callId);
    const byId = new Map(apps.map((a) => [a.id, a]));
    for (const id of ids) if (!byId.has(id)) throw new AppError('NOT_FOUND', 'error.notFound');
    const jurors = await jurorsOf(this.db, callId);
    const scores = await scoresOf(this.db, callId);
    const comments = await commentsOf(this.db, callId);
    const conflicts = await conflictsOf(this.db, callId);
    return {
      criteria: ranking.criteria,
      columns: ids.map((id) => {
        const a = byId.get(id)!;
        const r = ranking.ranking.find((x) => x.applicationId === id)!;
        return {
          applicationId: id,
          title: applicationTitle(a.concept),
          applicantName: a.applicant_name,
          concept: a.concept,
          formats: a.formats,
          needs: a.needs,
          periodStart: a.period_start,
          periodEnd: a.period_end,
          mean: r.mean,
          stddev: r.stddev,
          byCriterion: r.byCriterion,
          jurors: jurors.map((j) => {
            const conflict = conflicts.some((c) => c.application_id === id && c.juror_id === j.id);
            const own: Record<string, number> = {};
            if (!conflict)
              for (const s of scores) if (s.application_id === id && s.juror_id === j.id) own[s.criterion_id] = s.score;
            return {
              jurorId: j.id,
              name: j.name,
              conflict,
              scores: own,
              comment: conflict ? '' : (comments.find((c) => c.application_id === id && c.juror_id === j.id)?.comment ?? ''),
            };
          }),
        };
      }),
    };
  }
}
