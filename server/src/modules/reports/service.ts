import type { Report, ReportDiscipline } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { aggregateReport, type CallStats } from './aggregate.ts';
import * as repo from './repo.ts';

/** What a report is asked for (validated at the edge by the shared `ReportQuery`). */
export interface ReportRequest {
  year: number;
  quarterOfYear?: number;
  quarters?: string[];
  discipline?: ReportDiscipline;
}

/**
 * EXTENSION POINT for "applications per call" (issue 20): open calls do not exist yet. When the calls
 * capability lands, it provides a `CallStatsSource` (applications counted per call whose deadline lies in
 * the period, narrowed by city quarter of the call's storefronts) and passes it to `ReportService`;
 * until then the report says `calls.available: false` and shows no numbers.
 */
export interface CallStatsSource {
  applicationsPerCall(req: ReportRequest): Promise<CallStats>;
}

/** No calls capability: nothing to report, and the report says so. */
export const NO_CALLS: CallStatsSource = {
  applicationsPerCall: async () => ({ available: false, rows: [] }),
};

/** The city reports (staff): reads the rows, leaves every figure to the pure `aggregateReport`. */
export class ReportService {
  constructor(
    private readonly db: Queryable,
    private readonly calls: CallStatsSource = NO_CALLS,
  ) {}

  async report(req: ReportRequest): Promise<Report> {
    const quarters = req.quarters ?? [];
    const stagings = await repo.stagingRows(this.db, quarters);
    const ids = stagings.map((s) => s.planId);
    const [quarterOptions, cancelled, visitors, calls] = await Promise.all([
      repo.quarterOptions(this.db),
      repo.cancelledOf(this.db, ids),
      repo.visitorsOf(this.db, ids),
      this.calls.applicationsPerCall(req),
    ]);
    return aggregateReport(
      {
        year: req.year,
        quarterOfYear: req.quarterOfYear ?? null,
        quarters,
        discipline: req.discipline ?? null,
        stagings,
        quarterOptions,
        cancelled,
        visitors,
      },
      calls,
    );
  }
}
