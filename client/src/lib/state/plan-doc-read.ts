import * as Y from 'yjs';
import { LAYOUT_KINDS, LIMITS, type LayoutItem, type LayoutKind } from '@planner/shared';

/**
 * A fast, tolerant reader of one layout item, for the hot path (a drag changes one item 60 times a
 * second; shared's toJSON validates the whole document with zod). Same rules as shared/src/plan/read.ts
 * in short: unusable required fields skip the item, optional ones get their default.
 */
export function readLayoutItem(id: string, value: unknown): LayoutItem | null {
  if (!(value instanceof Y.Map)) return null;
  const m = value as Y.Map<unknown>;
  const kind = m.get('kind');
  if (typeof kind !== 'string' || !(LAYOUT_KINDS as readonly string[]).includes(kind)) return null;
  const num = (k: string) => {
    const v = m.get(k);
    return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= LIMITS.coordinate ? v : null;
  };
  const x = num('x');
  const y = num('y');
  const w = num('w');
  const h = num('h');
  if (x === null || y === null || w === null || h === null || w <= 0 || h <= 0) return null;
  const rotation = m.get('rotation');
  const label = m.get('label');
  const layer = m.get('layer');
  return {
    id,
    kind: kind as LayoutKind,
    x,
    y,
    w,
    h,
    rotation: typeof rotation === 'number' && Number.isFinite(rotation) ? rotation : 0,
    label: typeof label === 'string' ? label.slice(0, LIMITS.label) : '',
    layer: typeof layer === 'number' && Number.isInteger(layer) ? layer : 0,
    locked: m.get('locked') === true,
    ...referenceOf(m.get('referenceImage')),
  };
}

/** An item's reference image (issue 17): an attachment id, or nothing (older items have none). Untrusted: only shown if it is an image of the plan. */
function referenceOf(v: unknown): { referenceImage?: string } {
  return typeof v === 'string' && v.length > 0 && v.length <= 100 ? { referenceImage: v } : {};
}

/** All layout items of the document, keyed by id. */
export function readLayout(doc: Y.Doc): Record<string, LayoutItem> {
  const out: Record<string, LayoutItem> = {};
  doc.getMap<unknown>('layout').forEach((value, id) => {
    const item = readLayoutItem(id, value);
    if (item) out[id] = item;
  });
  return out;
}

/** The ids of layout items touched by a batch of deep events on the layout map. */
export function changedLayoutIds(events: Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.path.length === 0) {
      for (const key of (e as Y.YMapEvent<unknown>).keysChanged) ids.add(key);
    } else {
      ids.add(String(e.path[0]));
    }
  }
  return ids;
}
