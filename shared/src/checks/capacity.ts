/**
 * Capacity of a schedule entry's expected attendance.
 *
 * Free floor area = outline area minus the footprints of solid items (each clipped to the outline;
 * overlapping solids are counted twice, which the overlap check reports anyway). Capacity is
 * floor(free m² × persons per m²): seated 1, standing 2. Also capped by the owner's maximum, and
 * 200 people or more is a warning because the rules for places of assembly start there.
 * The check is per entry and the same at every occurrence of a weekly pattern; an entry whose pattern
 * has no open day never takes place and is not checked.
 */
import { rectCorners } from '../geometry/rect.ts';
import { clipToConvex, isValidPolygon, type Point2D, polygonArea } from '../geometry/polygon.ts';
import { LAYOUT_KIND_INFO, type LayoutItem, type Seating } from '../plan/schema.ts';
import { finding } from './finding.ts';
import { occurrencesOf } from '../plan/occurrences.ts';
import { type Finding, itemsOf, type PlanInput, type StorefrontInput } from './types.ts';

/** Persons per m² by seating. */
export const PERSONS_PER_M2: Readonly<Record<Seating, number>> = { seated: 1, standing: 2 };
/** From this many people on, the rules for places of assembly apply. */
export const ASSEMBLY_THRESHOLD = 200;

/** Free floor area in m² (never negative); 0 for an invalid outline. */
export function freeFloorArea(outline: Point2D[], layout: Iterable<LayoutItem>): number {
  if (!isValidPolygon(outline)) return 0;
  let cm2 = polygonArea(outline);
  for (const item of layout) {
    if (!Object.hasOwn(LAYOUT_KIND_INFO, item.kind) || !LAYOUT_KIND_INFO[item.kind].solid) continue;
    cm2 -= polygonArea(clipToConvex(outline, rectCorners(item)));
  }
  return Math.max(0, cm2) / 10_000;
}

/** How many people fit on `areaM2` of free floor with the given seating (rounded down). */
export function capacityOf(areaM2: number, seating: Seating): number {
  // The small epsilon keeps 12.5 m² × 2 from becoming 24.999… → 24 through float noise.
  return Math.floor(areaM2 * PERSONS_PER_M2[seating] + 1e-9);
}

export function checkCapacity(plan: PlanInput, storefront: Pick<StorefrontInput, 'outline' | 'maxOccupancy'>): Finding[] {
  const outlineOk = isValidPolygon(storefront.outline);
  const area = freeFloorArea(storefront.outline, itemsOf(plan.layout));
  const out: Finding[] = [];
  for (const e of itemsOf(plan.schedule)) {
    const attendance = e.expectedAttendance;
    if (attendance === null || attendance === undefined || !(attendance > 0)) continue;
    if (occurrencesOf(e).length === 0) continue;
    const seating: Seating = e.seating === 'seated' ? 'seated' : 'standing';
    const capacity = capacityOf(area, seating);
    if (outlineOk && attendance > capacity) {
      out.push(
        finding(
          'capacity-area',
          'error',
          'findings.capacityArea',
          { title: e.title, attendance, capacity, area: Math.round(area * 10) / 10, density: PERSONS_PER_M2[seating] },
          [e.id],
          [plan.id],
        ),
      );
    }
    if (storefront.maxOccupancy !== null && storefront.maxOccupancy !== undefined && attendance > storefront.maxOccupancy) {
      out.push(
        finding(
          'capacity-owner',
          'error',
          'findings.capacityOwner',
          { title: e.title, attendance, max: storefront.maxOccupancy },
          [e.id],
          [plan.id],
        ),
      );
    }
    if (attendance >= ASSEMBLY_THRESHOLD) {
      out.push(
        finding('capacity-assembly', 'warning', 'findings.capacityAssembly', { title: e.title, attendance }, [e.id], [plan.id]),
      );
    }
  }
  return out;
}
