import type { ApprovalDiffEvent, ApprovalState } from '@planner/shared';

/** What orders the live diffs of a plan: the approval they compare against, then the document's revision. */
export interface DiffMark {
  approvalId: number;
  revision: number;
}

/** The mark of a loaded approval state (null without a binding approval or a revision). */
export function markOf(state: ApprovalState | null): DiffMark | null {
  return state?.current && state.revision !== undefined ? { approvalId: state.current.id, revision: state.revision } : null;
}

/**
 * Whether a pushed diff is newer than the one shown: pushes may arrive out of order (two instances,
 * a reconnect, an HTTP reload in between), and an older one must never replace a newer one.
 */
export function isNewer(shown: DiffMark | null, incoming: DiffMark): boolean {
  if (!shown) return true;
  if (incoming.approvalId !== shown.approvalId) return incoming.approvalId > shown.approvalId;
  return incoming.revision > shown.revision;
}

/** The approval state with a pushed diff applied (the push must be for `state.current`). */
export function withDiff(state: ApprovalState, e: ApprovalDiffEvent): ApprovalState {
  const current = state.current
    ? { ...state.current, stale: e.stale, staleSince: e.stale ? (state.current.staleSince ?? new Date().toISOString()) : null }
    : null;
  return { ...state, current, stale: e.stale, currentHash: e.currentHash, changes: e.changes, revision: e.revision };
}

/**
 * What to show after a reload answered: the loaded state, unless a push newer than it (same approval,
 * higher revision) arrived while the request was under way; then the loaded state with that push.
 */
export function reconcile(shown: ApprovalState | null, loaded: ApprovalState): ApprovalState {
  const a = markOf(shown);
  const b = markOf(loaded);
  if (!shown || !a || !b || a.approvalId !== b.approvalId || a.revision <= b.revision) return loaded;
  return withDiff(loaded, {
    planId: loaded.planId,
    approvalId: a.approvalId,
    stale: shown.stale,
    currentHash: shown.currentHash,
    changes: shown.changes ?? { added: [], removed: [], moved: [], retitled: [], changed: [] },
    revision: a.revision,
  });
}
