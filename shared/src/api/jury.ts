/**
 * Route contracts of the jury of an open call (issue 16): jurors score each submitted application per
 * criterion (0–5) with a comment, or declare a conflict of interest; staff read the progress, the
 * ranking (see calls/ranking.ts) and a side-by-side comparison.
 *
 * Scoring opens once the deadline has passed (a published call) or the call is closed; before that, and
 * after the decision, a score is a 409 `jury.notOpen`. Scores never reach applicants or owners: no route
 * of theirs carries them.
 */
import { z } from 'zod';
import { StorableString, storable } from './common.ts';
import { defineRoute } from './contract.ts';

/** Ids of calls, criteria and applications (text keys made by the calls capability). */
export const CallKey = storable(z.string().min(1).max(100));

export const JuryCallParams = z.object({ callId: CallKey });
export const JuryApplicationParams = z.object({ callId: CallKey, applicationId: CallKey });

export const SCORE_MIN = 0;
export const SCORE_MAX = 5;
export const JURY_COMMENT_MAX = 5000;

/** One criterion's score. */
export const CriterionScore = z.object({ criterionId: CallKey, score: z.number().int().min(SCORE_MIN).max(SCORE_MAX) }).strict();

/** `PUT …/score`: the juror's scores (any subset of the criteria; each replaces the stored one) and comment. */
export const JuryScoreBody = z
  .object({
    scores: z.array(CriterionScore).max(50),
    comment: StorableString().max(JURY_COMMENT_MAX).optional(),
  })
  .strict()
  .meta({ id: 'JuryScoreBody' });
export type JuryScoreBody = z.infer<typeof JuryScoreBody>;

/** `POST …/conflict`: a declared conflict of interest (the juror's scores of it are removed). */
export const JuryConflictBody = z.object({ note: StorableString().max(1000).default('') }).strict();

export const JuryCriterion = z.object({ id: z.string(), label: z.string(), description: z.string(), weight: z.number() });
export type JuryCriterion = z.infer<typeof JuryCriterion>;

export const JuryProgress = z.object({
  /** Applications this juror scored on every criterion. */
  scored: z.number().int(),
  /** Applications still to score (not conflicted, not complete). */
  toScore: z.number().int(),
  conflicts: z.number().int(),
});
export type JuryProgress = z.infer<typeof JuryProgress>;

/** A call as its juror sees it in the list. */
export const JuryCallSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  deadline: z.string(),
  blind: z.boolean(),
  scoringOpen: z.boolean(),
  /** Whether the asker is a juror of it (staff see every call past its deadline). */
  isJuror: z.boolean(),
  progress: JuryProgress.nullable(),
});
export type JuryCallSummary = z.infer<typeof JuryCallSummary>;

/**
 * An application as a juror sees it. `hidden`: blind mode hides the names, the co-applicants and the
 * portfolio until this juror's scores of every non-conflicted application are in. A conflicted
 * application shows only its title.
 */
export const JuryApplication = z.object({
  id: z.string(),
  /** The application's title: its first concept line (no names). */
  title: z.string(),
  conflict: z.boolean(),
  hidden: z.boolean(),
  applicantName: z.string().nullable(),
  coApplicants: z.array(z.string()).nullable(),
  portfolioLinks: z.array(z.object({ url: z.string(), label: z.string() })).nullable(),
  concept: z.string().nullable(),
  disciplines: z.array(z.string()).nullable(),
  formats: z.array(z.string()).nullable(),
  needs: z.array(z.string()).nullable(),
  needsNote: z.string().nullable(),
  expectedAudience: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  storefronts: z.array(z.object({ id: z.string(), title: z.string(), rank: z.number().int() })).nullable(),
  /** The asker's own scores by criterion id, and comment. */
  myScores: z.record(z.string(), z.number().int()),
  myComment: z.string(),
  complete: z.boolean(),
});
export type JuryApplication = z.infer<typeof JuryApplication>;

export const JuryCallView = z.object({
  call: JuryCallSummary,
  criteria: z.array(JuryCriterion),
  applications: z.array(JuryApplication),
});
export type JuryCallView = z.infer<typeof JuryCallView>;

export const JurorProgressRow = z.object({ jurorId: z.string(), name: z.string(), ...JuryProgress.shape });

export const RankingRow = z.object({
  applicationId: z.string(),
  title: z.string(),
  applicantName: z.string().nullable(),
  status: z.string(),
  rank: z.number().int().nullable(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  stddev: z.number().nullable(),
  jurorCount: z.number().int(),
  byCriterion: z.record(z.string(), z.number()),
  conflicts: z.number().int(),
});
export type RankingRow = z.infer<typeof RankingRow>;

export const JuryRanking = z.object({
  call: z.object({ id: z.string(), title: z.string(), status: z.string(), blind: z.boolean(), scoringOpen: z.boolean() }),
  criteria: z.array(JuryCriterion),
  jurors: z.array(JurorProgressRow),
  ranking: z.array(RankingRow),
});
export type JuryRanking = z.infer<typeof JuryRanking>;

/** `?ids=a,b[,c]`: two or three applications of the call. */
export const JuryCompareQuery = z.object({
  ids: z
    .string()
    .max(400)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(CallKey).min(2).max(3)),
});

export const CompareColumn = z.object({
  applicationId: z.string(),
  title: z.string(),
  applicantName: z.string().nullable(),
  concept: z.string(),
  formats: z.array(z.string()),
  needs: z.array(z.string()),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  mean: z.number().nullable(),
  stddev: z.number().nullable(),
  byCriterion: z.record(z.string(), z.number()),
  jurors: z.array(
    z.object({
      jurorId: z.string(),
      name: z.string(),
      conflict: z.boolean(),
      scores: z.record(z.string(), z.number().int()),
      comment: z.string(),
    }),
  ),
});
export const JuryComparison = z.object({ criteria: z.array(JuryCriterion), columns: z.array(CompareColumn) });
export type JuryComparison = z.infer<typeof JuryComparison>;

const tags = ['jury'];
export const juryRoutes = {
  calls: defineRoute({
    method: 'GET',
    path: '/api/jury/calls',
    summary: 'The calls the asker judges (staff: every call past its deadline)',
    tags,
    response: { 200: z.object({ items: z.array(JuryCallSummary) }) },
  }),
  call: defineRoute({
    method: 'GET',
    path: '/api/jury/calls/:callId',
    summary: 'A call’s applications as its juror sees them, with the juror’s own scores',
    tags,
    params: JuryCallParams,
    response: { 200: JuryCallView },
  }),
  score: defineRoute({
    method: 'PUT',
    path: '/api/jury/calls/:callId/applications/:applicationId/score',
    summary: 'Score an application per criterion (0–5) with a comment',
    tags,
    params: JuryApplicationParams,
    body: JuryScoreBody,
    response: { 200: JuryApplication },
  }),
  conflict: defineRoute({
    method: 'POST',
    path: '/api/jury/calls/:callId/applications/:applicationId/conflict',
    summary: 'Declare a conflict of interest (the juror no longer scores or sees it)',
    tags,
    params: JuryApplicationParams,
    body: JuryConflictBody,
    response: { 200: JuryApplication },
  }),
  ranking: defineRoute({
    method: 'GET',
    path: '/api/jury/calls/:callId/ranking',
    summary: 'Staff: each juror’s progress and the aggregated ranking with the spread',
    tags,
    params: JuryCallParams,
    response: { 200: JuryRanking },
  }),
  compare: defineRoute({
    method: 'GET',
    path: '/api/jury/calls/:callId/compare',
    summary: 'Staff: two or three applications side by side',
    tags,
    params: JuryCallParams,
    query: JuryCompareQuery,
    response: { 200: JuryComparison },
  }),
} as const;
