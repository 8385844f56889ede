import type { Awareness } from 'y-protocols/awareness';

/** Selected item ids shared with others (presence states are limited to 4 KiB by the server). */
const MAX_SHARED_SELECTION = 50;

/** What each tab announces about itself in the document's awareness. */
export interface PresenceState {
  user: { id: string; name: string; color: string; readOnly: boolean };
  /** Pointer position on the canvas in shop coordinates (cm), or null when off the canvas. */
  cursor: { x: number; y: number } | null;
  /** Selected layout item ids. */
  selection: string[];
}

export interface Peer extends PresenceState {
  clientId: number;
}

/** Colours with at least 4.5:1 contrast on white, so names in them stay readable. */
const COLOURS = ['#b3261e', '#1e6b35', '#6a1b9a', '#8a5300', '#00695c', '#ad1457', '#283593', '#4e342e'];

export function colourOf(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return COLOURS[h % COLOURS.length];
}

const CURSOR_INTERVAL_MS = 50;

/** The other people in the document (their tabs), live, and our own announced state. */
export class Presence {
  peers = $state.raw<Peer[]>([]);
  readonly me: PresenceState['user'];
  #cursorTimer: ReturnType<typeof setTimeout> | null = null;
  #pendingCursor: PresenceState['cursor'] | undefined;
  #lastCursorAt = 0;
  #onChange: () => void;

  constructor(
    private readonly awareness: Awareness,
    user: { id: string; name: string },
    readOnly: boolean,
  ) {
    this.me = { id: user.id, name: user.name, color: colourOf(user.id), readOnly };
    awareness.setLocalState({ user: this.me, cursor: null, selection: [] } satisfies PresenceState);
    this.#onChange = () => this.#read();
    awareness.on('change', this.#onChange);
    this.#read();
  }

  #read() {
    const out: Peer[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID) return;
      const s = state as Partial<PresenceState>;
      if (!s.user || typeof s.user.id !== 'string' || typeof s.user.name !== 'string') return;
      out.push({
        clientId,
        user: {
          id: s.user.id,
          name: s.user.name.slice(0, 100),
          color: /^#[0-9a-f]{6}$/i.test(s.user.color ?? '') ? s.user.color! : '#444444',
          readOnly: !!s.user.readOnly,
        },
        cursor: s.cursor && Number.isFinite(s.cursor.x) && Number.isFinite(s.cursor.y) ? s.cursor : null,
        selection: Array.isArray(s.selection) ? s.selection.filter((x) => typeof x === 'string').slice(0, 1000) : [],
      });
    });
    this.peers = out;
  }

  /** People here, one entry per person (a person may have several tabs open). */
  get people(): PresenceState['user'][] {
    const seen = new Map<string, PresenceState['user']>();
    for (const p of this.peers) if (p.user.id !== this.me.id && !seen.has(p.user.id)) seen.set(p.user.id, p.user);
    return [...seen.values()];
  }

  /** Announces the pointer position, at most every 50 ms (the last position always goes out). */
  setCursor(cursor: PresenceState['cursor']) {
    this.#pendingCursor = cursor;
    const wait = CURSOR_INTERVAL_MS - (performance.now() - this.#lastCursorAt);
    if (wait <= 0) return this.#flushCursor();
    if (!this.#cursorTimer) this.#cursorTimer = setTimeout(() => this.#flushCursor(), wait);
  }

  #flushCursor() {
    if (this.#cursorTimer) clearTimeout(this.#cursorTimer);
    this.#cursorTimer = null;
    this.#lastCursorAt = performance.now();
    if (this.#pendingCursor !== undefined) this.awareness.setLocalStateField('cursor', this.#pendingCursor);
    this.#pendingCursor = undefined;
  }

  setSelection(ids: string[]) {
    // The server relays presence states of at most 4 KiB (server/src/sync/presence-guard.ts): others see
    // the first 50 selected items, and the state (cursor included) stays well under the limit.
    this.awareness.setLocalStateField('selection', ids.slice(0, MAX_SHARED_SELECTION));
  }

  destroy() {
    if (this.#cursorTimer) clearTimeout(this.#cursorTimer);
    this.awareness.off('change', this.#onChange);
    this.awareness.setLocalState(null);
  }
}
