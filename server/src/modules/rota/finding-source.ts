/**
 * The rota's findings as a live source of the plan's checks (issue 18): the checks service adds them to
 * each plan's findings, so they appear wherever the product shows a plan's findings. They are computed
 * at read time, because the 48-hour rule depends on the clock, not only on changes.
 */
import { ROTA_FINDING_KINDS, type Finding } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { RotaService } from './service.ts';

export interface LiveFindingSource {
  /** The kinds this source computes (stored copies of them are replaced by fresh ones when read). */
  kinds: ReadonlySet<string>;
  findings(planId: string): Promise<Finding[]>;
}

export function rotaFindingSource(db: Database, now?: () => number): LiveFindingSource {
  const service = new RotaService(db, now);
  return { kinds: new Set(ROTA_FINDING_KINDS), findings: (planId) => service.findings(planId) };
}
