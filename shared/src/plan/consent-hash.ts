/**
 * The hash an owner's consent binds to: the schedule AND the layout (issue 13, "Owner consent"). Any
 * change of an entry's content or of a layout item changes it; representation details do not (key
 * order, the order entries are stored in, writing the same instant with another offset).
 */
import type { PlanDocJSON } from './schema.ts';
import { canonicalJSON, normaliseSchedule } from './schedule-hash.ts';
import { sha256Hex } from './sha256.ts';

/** `sha256:<hex>` of the canonical JSON of the normalised schedule and the layout items. */
export function consentHash(plan: Pick<PlanDocJSON, 'schedule' | 'layout'>): string {
  const layout = Object.values(plan.layout ?? {}).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `sha256:${sha256Hex(canonicalJSON({ schedule: normaliseSchedule(plan.schedule ?? {}), layout }))}`;
}
