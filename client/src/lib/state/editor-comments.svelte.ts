import { commentRoutes, type Anchor, type Comment } from '@planner/shared';
import { request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';

/** A plan's comments, live: loaded once, then kept current by socket.io events and a catch-up after reconnects. */
export class PlanComments {
  byId = $state.raw<Record<string, Comment>>({});
  loaded = $state(false);
  error = $state<Error | null>(null);
  #cursor = 0;
  #off: (() => void)[] = [];

  constructor(readonly planId: string) {
    this.#off.push(
      realtime.on('comment:created', (c) => {
        if (c.planId === this.planId) this.#put(c);
      }),
      realtime.on('comment:updated', (c) => {
        if (c.planId === this.planId) this.#put(c);
      }),
      realtime.on('comment:deleted', (d) => {
        const c = d.planId === this.planId ? this.byId[d.id] : undefined;
        if (c) this.#put({ ...c, deleted: true, body: '', images: [] });
      }),
      realtime.onReconnect(() => void this.load()),
      // Images of comments (issue 17) are processed after the comment was written: once the plan's
      // attachments change, comments still showing a processing image are read again.
      realtime.on('attachments:changed', (p) => {
        if (p.planId === this.planId && Object.values(this.byId).some((c) => c.images?.some((i) => i.state === 'processing')))
          void this.refreshAll();
      }),
    );
    void this.load();
  }

  async load() {
    try {
      const res = await request(commentRoutes.list, { params: { planId: this.planId }, query: { since: this.#cursor } });
      const next = { ...this.byId };
      for (const c of res.items) next[c.id] = c;
      this.byId = next;
      this.#cursor = Math.max(this.#cursor, res.cursor);
      this.loaded = true;
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Reads every comment again (their images' state changes without a new cursor). */
  async refreshAll() {
    try {
      const res = await request(commentRoutes.list, { params: { planId: this.planId }, query: { since: 0 } });
      const next = { ...this.byId };
      for (const c of res.items) next[c.id] = c;
      this.byId = next;
    } catch {
      /* the next change or reconnect tries again */
    }
  }

  #put(c: Comment) {
    this.byId = { ...this.byId, [c.id]: c };
    this.#cursor = Math.max(this.#cursor, c.cursor ?? 0);
  }

  /** Root comments, newest activity first, each with its replies in order. */
  get threads(): { root: Comment; replies: Comment[] }[] {
    const all = Object.values(this.byId);
    const roots = all.filter((c) => c.parentId === null);
    return roots
      .map((root) => ({
        root,
        replies: all.filter((c) => c.parentId === root.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      }))
      .sort((a, b) => Number(a.root.resolved) - Number(b.root.resolved) || b.root.createdAt.localeCompare(a.root.createdAt));
  }

  /** Open threads per anchored item id (layout items, schedule entries, tasks). */
  get openByItem(): Map<string, number> {
    const m = new Map<string, number>();
    for (const c of Object.values(this.byId)) {
      if (c.parentId !== null || c.resolved || c.deleted || c.anchor.kind === 'plan') continue;
      m.set(c.anchor.id, (m.get(c.anchor.id) ?? 0) + 1);
    }
    return m;
  }

  async create(body: string, anchor: Anchor, mentions: string[], imageIds: string[] = []) {
    this.#put(
      await request(commentRoutes.create, { params: { planId: this.planId }, body: { body, anchor, mentions, imageIds } }),
    );
  }
  async reply(parentId: string, body: string, mentions: string[]) {
    this.#put(await request(commentRoutes.create, { params: { planId: this.planId }, body: { body, parentId, mentions } }));
  }
  async setResolved(id: string, resolved: boolean) {
    this.#put(
      await request(resolved ? commentRoutes.resolve : commentRoutes.reopen, { params: { planId: this.planId, commentId: id } }),
    );
  }

  destroy() {
    for (const off of this.#off) off();
  }
}
