import { type ApiError, request } from '$lib/api';
import { realtime } from '$lib/sync/realtime';
import { notificationRoutes, type Notification } from '@planner/shared';

/** The signed-in person's notifications and unread count, kept live over socket.io. */
class Notifications {
  items = $state<Notification[]>([]);
  unread = $state(0);
  loaded = $state(false);
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
      this.unread = res.unreadCount;
      this.error = null;
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.loaded = true;
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
    this.error = null;
  }
}

export const notifications = new Notifications();
