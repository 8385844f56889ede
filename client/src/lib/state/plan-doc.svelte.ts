import * as Y from 'yjs';
import {
  addLayoutItem,
  addScheduleEntry,
  addTask,
  deleteLayoutItem,
  deleteScheduleEntry,
  deleteTask,
  editPlan,
  setMeta,
  setScheduleRecurrence,
  toJSON,
  updateLayoutItem,
  updateScheduleEntry,
  updateTask,
  type LayoutItem,
  type LayoutItemInput,
  type LayoutItemPatch,
  type MetaPatch,
  type PlanMeta,
  type Recurrence,
  type ScheduleEntry,
  type ScheduleEntryInput,
  type ScheduleEntryPatch,
  type Task,
  type TaskInput,
  type TaskPatch,
} from '@planner/shared';
import { PlanConnection, type ConnectionSnapshot } from '$lib/sync/yjs-connection';
import { changedLayoutIds, readLayout, readLayoutItem } from './plan-doc-read';
import { Presence } from './plan-presence.svelte';

/** An empty stand-in for the layout map (see #readRest). */
const NO_ITEMS = { keys: () => [][Symbol.iterator](), get: () => undefined, has: () => false, forEach: () => {} };

/** Edits within this many milliseconds of each other are one undo step (typing, arrow-key moves). */
const CAPTURE_MS = 400;

/** What the header says about the document. */
export type SaveState = 'loading' | 'readonly' | 'saved' | 'saving' | 'offline' | 'revoked' | 'failed';

/**
 * One open plan document as Svelte state: the live Y.Doc (server + IndexedDB), its content as plain
 * objects for rendering, the saved/offline state, presence, and undo/redo of this tab's own edits.
 *
 * Every edit goes through the shared mutators with {@link origin}, the only origin the undo manager
 * tracks: remote edits (and edits of other tabs) are never undone here.
 */
export class PlanDoc {
  readonly conn: PlanConnection;
  readonly origin = { editor: true };
  readonly undoManager: Y.UndoManager;
  readonly presence: Presence;

  layout = $state.raw<Record<string, LayoutItem>>({});
  schedule = $state.raw<Record<string, ScheduleEntry>>({});
  tasks = $state.raw<Record<string, Task>>({});
  meta = $state.raw<PlanMeta>({ title: '', disciplines: [], expectedAudience: '', publicDescription: '' });
  connection = $state.raw<ConnectionSnapshot>({
    link: 'connecting',
    synced: false,
    localLoaded: false,
    unsaved: 0,
    closedFor: null,
    tooLarge: null,
  });
  canUndo = $state(false);
  canRedo = $state(false);

  #off: (() => void)[] = [];

  constructor(
    readonly planId: string,
    user: { id: string; name: string },
    readonly canEdit: boolean,
  ) {
    this.conn = new PlanConnection(planId, user.id);
    const doc = this.conn.doc;
    this.presence = new Presence(this.conn.awareness, user, !canEdit);
    this.undoManager = new Y.UndoManager(
      [doc.getMap('layout'), doc.getMap('schedule'), doc.getMap('tasks'), doc.getMap('meta'), doc.getText('concept')],
      {
        trackedOrigins: new Set([this.origin]),
        captureTimeout: CAPTURE_MS,
      },
    );
    const undoState = () => {
      this.canUndo = this.undoManager.canUndo();
      this.canRedo = this.undoManager.canRedo();
    };
    for (const e of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) this.undoManager.on(e, undoState);

    this.#readAll();
    const layout = doc.getMap<unknown>('layout');
    const onLayout = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      const ids = changedLayoutIds(events);
      const next = { ...this.layout };
      for (const id of ids) {
        const item = readLayoutItem(id, layout.get(id));
        if (item) next[id] = item;
        else delete next[id];
      }
      this.layout = next;
    };
    layout.observeDeep(onLayout);
    const onRest = () => this.#readRest();
    const rest = [doc.getMap('schedule'), doc.getMap('tasks'), doc.getMap('meta')];
    for (const r of rest) r.observeDeep(onRest);
    this.#off.push(
      () => layout.unobserveDeep(onLayout),
      () => {
        for (const r of rest) r.unobserveDeep(onRest);
      },
      this.conn.subscribe((s) => (this.connection = s)),
    );
  }

  #readAll() {
    this.layout = readLayout(this.conn.doc);
    this.#readRest();
  }

  #readRest() {
    // shared's tolerant reader, shown a document without layout: the layout has its own fast reader,
    // and a schedule drag must not re-validate 500 layout items on every move.
    const doc = this.conn.doc;
    const withoutLayout = {
      getMap: (k: string) => (k === 'layout' ? NO_ITEMS : doc.getMap(k)),
      getText: (k: string) => doc.getText(k),
    } as unknown as Y.Doc;
    const { plan } = toJSON(withoutLayout);
    this.schedule = plan.schedule;
    this.tasks = plan.tasks;
    this.meta = plan.meta;
  }

  get doc(): Y.Doc {
    return this.conn.doc;
  }

  /** True once there is something to show: the local copy or the server's state. */
  get ready(): boolean {
    return this.connection.synced || this.connection.localLoaded;
  }

  get saveState(): SaveState {
    const c = this.connection;
    if (c.closedFor) return c.closedFor === 'access' ? 'revoked' : 'failed';
    if (!this.ready) return c.link === 'offline' ? 'offline' : 'loading';
    if (!this.canEdit) return c.link === 'offline' ? 'offline' : 'readonly';
    if (c.link !== 'online') return 'offline';
    return c.unsaved > 0 || !c.synced ? 'saving' : 'saved';
  }

  // ── edits (all no-ops for read-only people: the server would drop them anyway) ──

  /** Several edits as one transaction and one undo step. */
  transact(fn: () => void) {
    if (!this.canEdit) return;
    editPlan(this.doc, fn, this.origin);
  }

  addItem(input: LayoutItemInput): string | null {
    if (!this.canEdit) return null;
    this.undoManager.stopCapturing();
    return addLayoutItem(this.doc, input, this.origin);
  }

  updateItem(id: string, patch: LayoutItemPatch) {
    if (!this.canEdit) return;
    updateLayoutItem(this.doc, id, patch, this.origin);
  }

  deleteItems(ids: Iterable<string>) {
    this.undoManager.stopCapturing();
    this.transact(() => {
      for (const id of ids) deleteLayoutItem(this.doc, id, this.origin);
    });
    this.undoManager.stopCapturing();
  }

  addEntry(input: ScheduleEntryInput): string | null {
    if (!this.canEdit) return null;
    this.undoManager.stopCapturing();
    return addScheduleEntry(this.doc, input, this.origin);
  }
  updateEntry(id: string, patch: ScheduleEntryPatch) {
    if (this.canEdit) updateScheduleEntry(this.doc, id, patch, this.origin);
  }
  /** Sets or (null) removes an entry's weekly opening-hours pattern; throws a ZodError on an invalid one. */
  setRecurrence(id: string, recurrence: Recurrence | null) {
    if (this.canEdit) setScheduleRecurrence(this.doc, id, recurrence, this.origin);
  }
  deleteEntry(id: string) {
    if (this.canEdit) deleteScheduleEntry(this.doc, id, this.origin);
  }
  addTask(input: TaskInput): string | null {
    if (!this.canEdit) return null;
    this.undoManager.stopCapturing();
    return addTask(this.doc, input, this.origin);
  }
  updateTask(id: string, patch: TaskPatch) {
    if (this.canEdit) updateTask(this.doc, id, patch, this.origin);
  }
  deleteTask(id: string) {
    if (this.canEdit) deleteTask(this.doc, id, this.origin);
  }
  setMeta(patch: MetaPatch) {
    if (this.canEdit) setMeta(this.doc, patch, this.origin);
  }

  /** Ends the current undo step, so the next edit starts a new one (call at the start and end of a gesture). */
  boundary() {
    this.undoManager.stopCapturing();
  }

  /**
   * A pointer gesture (drag, resize, rotate) is one undo step however slowly its moves come: between
   * `beginGesture` and `endGesture` the undo manager's capture window does not close (on a busy
   * machine, moves more than 400 ms apart split a drag, and one undo took back only its last part).
   */
  beginGesture() {
    this.undoManager.stopCapturing();
    this.undoManager.captureTimeout = Number.POSITIVE_INFINITY;
  }
  endGesture() {
    this.undoManager.captureTimeout = CAPTURE_MS;
    this.undoManager.stopCapturing();
  }

  undo() {
    if (this.canEdit) this.undoManager.undo();
  }
  redo() {
    if (this.canEdit) this.undoManager.redo();
  }

  destroy() {
    for (const off of this.#off) off();
    this.presence.destroy();
    this.undoManager.destroy();
    this.conn.destroy();
  }
}
