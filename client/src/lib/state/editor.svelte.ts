import type { Box } from '$lib/components/editor/geometry';

/** What this tab's editor shows and has selected; nothing of it is shared except the selection (via presence). */
export class EditorState {
  /** Selected layout item ids, in the order they were picked. */
  selection = $state<string[]>([]);
  /** The visible part of the shop (cm). */
  view = $state<Box>({ x: -100, y: -100, w: 1200, h: 900 });
  /** Snap to the 10 cm grid while dragging (hold Alt to place freely). */
  snapping = $state(true);
  /** Live readout while dragging, e.g. "1,2 m × 80 cm". */
  readout = $state<{ text: string; x: number; y: number } | null>(null);
  /** A short message for screen readers after keyboard actions. */
  announcement = $state('');

  readonly grid = 10;
  /** Width / height of the canvas on screen; the view keeps it, so the drawing fills the canvas. */
  aspect = 16 / 9;

  /** Called when the canvas changes size: keeps the view's width and centre, matches its height. */
  setAspect(aspect: number) {
    if (!Number.isFinite(aspect) || aspect <= 0 || Math.abs(aspect - this.aspect) < 1e-3) return;
    this.aspect = aspect;
    const v = this.view;
    const h = v.w / aspect;
    this.view = { x: v.x, y: v.y + (v.h - h) / 2, w: v.w, h };
  }

  select(ids: string[]) {
    this.selection = ids;
  }
  toggle(id: string) {
    this.selection = this.selection.includes(id) ? this.selection.filter((s) => s !== id) : [...this.selection, id];
  }
  isSelected(id: string) {
    return this.selection.includes(id);
  }

  zoom(factor: number, about?: { x: number; y: number }) {
    const v = this.view;
    const w = Math.min(20000, Math.max(100, v.w / factor));
    const h = (v.h * w) / v.w;
    const cx = about?.x ?? v.x + v.w / 2;
    const cy = about?.y ?? v.y + v.h / 2;
    this.view = { x: cx - ((cx - v.x) * w) / v.w, y: cy - ((cy - v.y) * h) / v.h, w, h };
  }

  fit(box: Box, aspect = this.aspect) {
    let { w, h } = box;
    if (w / h > aspect) h = w / aspect;
    else w = h * aspect;
    this.view = { x: box.x - (w - box.w) / 2, y: box.y - (h - box.h) / 2, w, h };
  }
}
