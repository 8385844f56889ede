import { type ApiError, request, routeRef } from '$lib/api';
import { realtime } from '$lib/sync/realtime';
import type { Notification, notificationRoutes as contracts } from '@planner/shared';

// The session state (every page) imports this module: routes by reference, not their contracts.
const notificationRoutes = {
  list: routeRef<typeof contracts.list>('GET', '/api/notifications'),
  read: routeRef<typeof contracts.read>('POST', '/api/notifications/read'),
};

/** The signed-in person's notifications and unread count, kept live over socket.io. */
class Notifications {
  items = $state<Notification[]>([]);
  unread = $state(0);
  loaded = $state(false);
  /** `?before=` of the next older page, null when all are loaded (newest first, issue 14). */
  nextBefore = $state<number | null>(null);
  loadingOlder = $state(false);
  error = $state<ApiError | null>(null);
  #started = false;

  /** Loads the list; the first call also subscribes to live notifications. */
  start() {
    if (this.#started) return void this.load();
    this.#started = true;
    realtime.on('notification:new', (p) => {
      if (!this.items.some((n) => n.id === p.notification.id)) this.items = [p.notification, ...this.items];
      this.unread = p.unreadCount;
    });
    realtime.onReconnect(() => void this.load());
    void this.load();
  }

  async load() {
    try {
      const res = await request(notificationRoutes.list, { query: { limit: 100 } });
      this.items = res.items;
      this.nextBefore = res.nextBefore;
      this.unread = res.unreadCount;
      this.error = null;
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.loaded = true;
    }
  }

  /** The next page of older notifications, appended below. */
  async loadOlder() {
    if (this.nextBefore === null || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const res = await request(notificationRoutes.list, { query: { limit: 100, before: this.nextBefore } });
      const known = new Set(this.items.map((n) => n.id));
      this.items = [...this.items, ...res.items.filter((n) => !known.has(n.id))];
      this.nextBefore = res.nextBefore;
      this.unread = res.unreadCount;
      this.error = null;
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.loadingOlder = false;
    }
  }

  async markRead(id: number) {
    const res = await request(notificationRoutes.read, { body: { ids: [id] } });
    this.items = this.items.map((n) => (n.id === id ? { ...n, read: true } : n));
    this.unread = res.unreadCount;
  }

  async markAllRead() {
    const res = await request(notificationRoutes.read, { body: { all: true } });
    this.items = this.items.map((n) => ({ ...n, read: true }));
    this.unread = res.unreadCount;
  }

  reset() {
    this.items = [];
    this.unread = 0;
    this.loaded = false;
    this.nextBefore = null;
    this.error = null;
  }
}

export const notifications = new Notifications();
