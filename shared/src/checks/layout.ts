/**
 * Layout checks against the storefront's floor outline (see LAYOUT_KIND_INFO for which kinds take
 * part in what): items outside the outline, overlapping solid items, and anything that obstructs
 * a door's keep-clear zone or a drawn keep-clear item. Touching never counts, only overlap.
 */
import { rectCorners } from '../geometry/rect.ts';
import { convexPolygonsOverlap } from '../geometry/sat.ts';
import { polygonInsidePolygon } from '../geometry/containment.ts';
import { DEFAULT_KEEP_CLEAR_DEPTH, doorKeepClearZone } from '../geometry/door-zone.ts';
import { isValidPolygon, type Point2D } from '../geometry/polygon.ts';
import { LAYOUT_KIND_INFO, type LayoutItem } from '../plan/schema.ts';
import { finding } from './finding.ts';
import { type Finding, itemsOf, type PlanInput, type StorefrontInput } from './types.ts';

/** How an item is named in a message: its label, or its kind's name when it has none. */
export function itemName(item: LayoutItem): string {
  return item.label.trim() || `layoutKind:${item.kind}`;
}

const known = (item: LayoutItem) => Object.hasOwn(LAYOUT_KIND_INFO, item.kind);

/** One warning when the outline cannot be used; the geometry checks are then skipped. */
export function checkOutline(plan: PlanInput, storefront: Pick<StorefrontInput, 'id' | 'outline'>): Finding[] {
  return isValidPolygon(storefront.outline)
    ? []
    : [finding('outline-invalid', 'warning', 'findings.outlineInvalid', {}, [storefront.id], [plan.id])];
}

/** Layout items (all but door markers) that are not wholly inside the outline. */
export function checkLayoutOutside(plan: PlanInput, outline: Point2D[]): Finding[] {
  if (!isValidPolygon(outline)) return [];
  return itemsOf(plan.layout)
    .filter(
      (item) => known(item) && LAYOUT_KIND_INFO[item.kind].insideOutline && !polygonInsidePolygon(rectCorners(item), outline),
    )
    .map((item) => finding('layout-outside', 'error', 'findings.layoutOutside', { item: itemName(item) }, [item.id], [plan.id]));
}

/** Every pair of solid items whose footprints overlap (touching edges do not). */
export function checkLayoutOverlaps(plan: PlanInput): Finding[] {
  const solids = itemsOf(plan.layout)
    .filter((item) => known(item) && LAYOUT_KIND_INFO[item.kind].solid)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((item) => ({ item, poly: rectCorners(item) }));
  const out: Finding[] = [];
  for (let i = 0; i < solids.length; i++) {
    for (let j = i + 1; j < solids.length; j++) {
      if (!convexPolygonsOverlap(solids[i].poly, solids[j].poly)) continue;
      const a = solids[i].item;
      const b = solids[j].item;
      out.push(
        finding(
          'layout-overlap',
          'warning',
          'findings.layoutOverlap',
          { item: itemName(a), otherItem: itemName(b) },
          [a.id, b.id],
          [plan.id],
        ),
      );
    }
  }
  return out;
}

/**
 * Items that obstruct a keep-clear zone: the zone in front of each storefront door (the door's
 * width, keepClearDepth or 120 cm deep, inside the outline) and each keep-clear item in the layout.
 */
export function checkKeepClear(plan: PlanInput, storefront: Pick<StorefrontInput, 'outline' | 'doors'>): Finding[] {
  const items = itemsOf(plan.layout).filter(known);
  const obstacles = items
    .filter((item) => LAYOUT_KIND_INFO[item.kind].obstructs)
    .map((item) => ({ item, poly: rectCorners(item) }));
  const out: Finding[] = [];
  if (isValidPolygon(storefront.outline)) {
    storefront.doors.forEach((door, index) => {
      if (!(door.width > 0)) return;
      const zone = doorKeepClearZone(door, storefront.outline);
      if (!zone) return;
      const depth = door.keepClearDepth ?? DEFAULT_KEEP_CLEAR_DEPTH;
      for (const { item, poly } of obstacles) {
        if (!convexPolygonsOverlap(zone, poly)) continue;
        // Storefront doors may have no id; a positional one keeps finding keys unique per door.
        const ids = [item.id, door.id ?? `door-${index + 1}`];
        out.push(
          finding('keep-clear-blocked', 'error', 'findings.doorBlocked', { item: itemName(item), door: index + 1, depth }, ids, [
            plan.id,
          ]),
        );
      }
    });
  }
  for (const zoneItem of items.filter((item) => item.kind === 'keep-clear')) {
    const zone = rectCorners(zoneItem);
    for (const { item, poly } of obstacles) {
      if (!convexPolygonsOverlap(zone, poly)) continue;
      out.push(
        finding(
          'keep-clear-blocked',
          'error',
          'findings.keepClearBlocked',
          { item: itemName(item), zone: itemName(zoneItem) },
          [item.id, zoneItem.id],
          [plan.id],
        ),
      );
    }
  }
  return out;
}
