import type { LayoutItem, LayoutKind } from '@planner/shared';
import type { PlanDoc } from '$lib/state/plan-doc.svelte';
import type { EditorState } from '$lib/state/editor.svelte';
import { DEFAULT_SIZE, KEY_STEP, KEY_STEP_LARGE, bounds, corners, normaliseDeg, round1, snap, type Box } from './geometry';

/** Layout edits shared by the canvas, the list view and the inspector. */

/**
 * Where a new w × h item goes: the free spot nearest to the middle of the visible area (searched on a
 * 50 cm spiral), so new items do not land on top of each other.
 */
function freeSpot(doc: PlanDoc, editor: EditorState, w: number, h: number): { x: number; y: number } {
  const v = editor.view;
  const cx = snap(v.x + v.w / 2 - w / 2, editor.grid);
  const cy = snap(v.y + v.h / 2 - h / 2, editor.grid);
  const boxes: Box[] = Object.values(doc.layout).map((i) => bounds(corners(i)));
  const free = (x: number, y: number) => boxes.every((b) => x + w <= b.x || b.x + b.w <= x || y + h <= b.y || b.y + b.h <= y);
  for (let ring = 0; ring < 12; ring++) {
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const x = cx + dx * 50;
        const y = cy + dy * 50;
        if (free(x, y)) return { x, y };
      }
    }
  }
  return { x: cx, y: cy };
}

/** Adds an item of `kind` at a free spot in the visible area (on the grid) and selects it. */
export function addItemOfKind(doc: PlanDoc, editor: EditorState, kind: LayoutKind, label = ''): string | null {
  const size = DEFAULT_SIZE[kind];
  const { x, y } = freeSpot(doc, editor, size.w, size.h);
  const layer = Object.values(doc.layout).reduce((m, i) => Math.max(m, i.layer), 0);
  const id = doc.addItem({ kind, x, y, w: size.w, h: size.h, label, layer });
  doc.boundary();
  if (id) editor.select([id]);
  return id;
}

/** Moves the unlocked selected items by (dx, dy) cm as one undo step. */
export function nudge(doc: PlanDoc, editor: EditorState, dx: number, dy: number) {
  const items = editor.selection.map((id) => doc.layout[id]).filter((i): i is LayoutItem => !!i && !i.locked);
  if (!items.length) return;
  doc.transact(() => {
    for (const i of items) doc.updateItem(i.id, { x: round1(i.x + dx), y: round1(i.y + dy) });
  });
}

export function duplicate(doc: PlanDoc, editor: EditorState) {
  const items = editor.selection.map((id) => doc.layout[id]).filter((i): i is LayoutItem => !!i);
  if (!items.length) return;
  const ids: string[] = [];
  doc.boundary();
  doc.transact(() => {
    for (const { id: _id, ...rest } of items) {
      const id = doc.addItem({ ...rest, x: rest.x + 20, y: rest.y + 20, locked: false });
      if (id) ids.push(id);
    }
  });
  doc.boundary();
  editor.select(ids);
}

export function removeSelected(doc: PlanDoc, editor: EditorState) {
  const ids = editor.selection.filter((id) => doc.layout[id] && !doc.layout[id].locked);
  if (!ids.length) return;
  doc.deleteItems(ids);
  editor.select(editor.selection.filter((id) => !ids.includes(id)));
}

export function rotateSelected(doc: PlanDoc, editor: EditorState, by: number) {
  const items = editor.selection.map((id) => doc.layout[id]).filter((i): i is LayoutItem => !!i && !i.locked);
  doc.transact(() => {
    for (const i of items) doc.updateItem(i.id, { rotation: normaliseDeg(i.rotation + by) });
  });
}

/**
 * Keyboard commands of the layout (canvas and list): N / Shift+N select the next / previous item,
 * arrows move by 10 cm (Shift: 1 m), Delete
 * removes, Ctrl+D duplicates, R rotates by 15°, Escape clears the selection. True when handled.
 */
export function handleLayoutKey(e: KeyboardEvent, doc: PlanDoc, editor: EditorState): boolean {
  // N / Shift+N: select the next / previous item (in the list's order), for everyone.
  if ((e.key === 'n' || e.key === 'N') && !(e.ctrlKey || e.metaKey || e.altKey)) {
    const items = Object.values(doc.layout).sort((a, b) => a.layer - b.layer || a.y - b.y || a.x - b.x);
    if (!items.length) return false;
    const at = items.findIndex((i) => i.id === editor.selection[0]);
    const next = at < 0 ? (e.shiftKey ? items.length - 1 : 0) : (at + (e.shiftKey ? -1 : 1) + items.length) % items.length;
    editor.select([items[next].id]);
    return true;
  }
  if (!doc.canEdit) {
    if (e.key === 'Escape') {
      editor.select([]);
      return true;
    }
    return false;
  }
  const step = e.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
  const arrows: Record<string, [number, number]> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  const mod = e.ctrlKey || e.metaKey;
  if (arrows[e.key] && !mod && !e.altKey) {
    if (!editor.selection.length) return false;
    nudge(doc, editor, ...arrows[e.key]);
    return true;
  }
  if ((e.key === 'Delete' || e.key === 'Backspace') && editor.selection.length) {
    removeSelected(doc, editor);
    return true;
  }
  if (mod && e.key.toLowerCase() === 'd') {
    duplicate(doc, editor);
    return true;
  }
  if (!mod && (e.key === 'r' || e.key === 'R') && editor.selection.length) {
    rotateSelected(doc, editor, e.shiftKey ? -15 : 15);
    return true;
  }
  if (e.key === 'Escape' && editor.selection.length) {
    editor.select([]);
    return true;
  }
  return false;
}

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y anywhere in the editor except in text fields (they have their own). */
export function handleUndoKey(e: KeyboardEvent, doc: PlanDoc): boolean {
  if (!(e.ctrlKey || e.metaKey) || !doc.canEdit) return false;
  const t = e.target as HTMLElement | null;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return false;
  const k = e.key.toLowerCase();
  if (k === 'z' && !e.shiftKey) doc.undo();
  else if ((k === 'z' && e.shiftKey) || k === 'y') doc.redo();
  else return false;
  return true;
}
