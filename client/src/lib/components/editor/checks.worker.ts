/// <reference lib="webworker" />
import { runPlanChecks, type PlanChecksInput } from '@planner/shared';

/**
 * The plan checks off the main thread: with hundreds of layout items the overlap and floor-area checks
 * take tens of milliseconds, which would drop frames right after a drag.
 */
self.onmessage = (e: MessageEvent<{ seq: number; input: PlanChecksInput }>) => {
  const { seq, input } = e.data;
  (self as unknown as Worker).postMessage({ seq, findings: runPlanChecks(input) });
};
