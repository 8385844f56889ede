import type { PlanStatus } from '@planner/shared';

/**
 * What the stale banner says about a schedule changed since its approval, by the plan's status: a
 * published plan is already public (its changes are not yet), an approved one needs a new approval
 * before publishing, a finished one stays as approved, and otherwise the approval no longer fits.
 */
export function staleTextKey(status: PlanStatus | null | undefined): string {
  switch (status) {
    case 'published':
      return 'editor.review.staleTextPublished';
    case 'approved':
      return 'editor.review.staleText';
    case 'done':
      return 'editor.review.staleTextDone';
    default:
      return 'editor.review.staleTextOther';
  }
}
