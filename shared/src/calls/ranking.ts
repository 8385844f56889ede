/**
 * The jury's ranking of an open call (issue 16), as pure maths both sides can run.
 *
 * - A juror's mark for an application is the weighted mean of their scores (0–5) over the call's
 *   criteria: Σ(weight × score) / Σ(weight). It counts only once that juror scored every criterion of
 *   the application (a half-scored sheet would rank by the criteria scored so far).
 * - A juror who declared a conflict of interest on an application never counts for it, whatever
 *   scores are stored.
 * - An application's mark is the plain mean of its jurors' marks; the spread between jurors is given as
 *   min, max and the population standard deviation of those marks.
 * - The ranking sorts by mark, highest first; applications without any mark come last; equal marks
 *   share a rank (1, 2, 2, 4).
 */

/** A criterion with its weight (> 0). */
export interface RankingCriterion {
  id: string;
  weight: number;
}

/** One stored score: a juror's 0–5 for one criterion of one application. */
export interface RankingScore {
  applicationId: string;
  jurorId: string;
  criterionId: string;
  score: number;
}

/** A declared conflict of interest. */
export interface RankingConflict {
  applicationId: string;
  jurorId: string;
}

/** One application's place in the ranking. */
export interface RankedApplication {
  applicationId: string;
  /** 1-based; equal marks share a rank; null without any mark. */
  rank: number | null;
  /** Mean over the jurors' weighted means, or null without any complete sheet. */
  mean: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation of the jurors' weighted means. */
  stddev: number | null;
  /** Jurors whose complete sheet counts. */
  jurorCount: number;
  /** Each counting juror's weighted mean. */
  byJuror: Record<string, number>;
  /** The mean score per criterion over the counting jurors. */
  byCriterion: Record<string, number>;
}

/** A juror's weighted mean over the criteria, or null while a criterion is unscored. */
export function weightedMean(criteria: readonly RankingCriterion[], scores: ReadonlyMap<string, number>): number | null {
  if (!criteria.length) return null;
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores.get(c.id);
    if (s === undefined) return null;
    sum += c.weight * s;
    weights += c.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/** Mean, min, max and population standard deviation of some numbers (null for none). */
export function spreadOf(values: readonly number[]): {
  mean: number | null;
  min: number | null;
  max: number | null;
  stddev: number | null;
} {
  if (!values.length) return { mean: null, min: null, max: null, stddev: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, min: Math.min(...values), max: Math.max(...values), stddev: Math.sqrt(variance) };
}

/** Ranks the applications (see the module comment). Applications listed without scores stay in, unranked. */
export function rankApplications(input: {
  applicationIds: readonly string[];
  criteria: readonly RankingCriterion[];
  scores: readonly RankingScore[];
  conflicts: readonly RankingConflict[];
}): RankedApplication[] {
  const conflicted = new Set(input.conflicts.map((c) => `${c.applicationId}\u0000${c.jurorId}`));
  const criterionIds = new Set(input.criteria.map((c) => c.id));
  // application → juror → criterion → score
  const sheets = new Map<string, Map<string, Map<string, number>>>();
  for (const s of input.scores) {
    if (conflicted.has(`${s.applicationId}\u0000${s.jurorId}`) || !criterionIds.has(s.criterionId)) continue;
    let byJuror = sheets.get(s.applicationId);
    if (!byJuror) sheets.set(s.applicationId, (byJuror = new Map()));
    let sheet = byJuror.get(s.jurorId);
    if (!sheet) byJuror.set(s.jurorId, (sheet = new Map()));
    sheet.set(s.criterionId, s.score);
  }
  const out: RankedApplication[] = input.applicationIds.map((applicationId) => {
    const byJuror: Record<string, number> = {};
    const criterionSums = new Map<string, number>();
    for (const [jurorId, sheet] of sheets.get(applicationId) ?? []) {
      const m = weightedMean(input.criteria, sheet);
      if (m === null) continue;
      byJuror[jurorId] = m;
      for (const [c, s] of sheet) criterionSums.set(c, (criterionSums.get(c) ?? 0) + s);
    }
    const marks = Object.values(byJuror);
    const byCriterion: Record<string, number> = {};
    if (marks.length) for (const [c, sum] of criterionSums) byCriterion[c] = sum / marks.length;
    return { applicationId, rank: null, jurorCount: marks.length, byJuror, byCriterion, ...spreadOf(marks) };
  });
  out.sort((a, b) => {
    if (a.mean === null || b.mean === null) return a.mean === null ? (b.mean === null ? 0 : 1) : -1;
    return b.mean - a.mean;
  });
  let previous: number | null = null;
  let previousRank = 0;
  out.forEach((r, i) => {
    if (r.mean === null) return;
    // Marks equal to 1e-9 share a rank (sums of weights can differ in the last bit).
    r.rank = previous !== null && Math.abs(previous - r.mean) < 1e-9 ? previousRank : i + 1;
    previous = r.mean;
    previousRank = r.rank;
  });
  return out;
}
