import { api, ApiError } from '$lib/api/client';
import { realtime } from '$lib/sync/realtime';

/** One notification as the list shows it. */
export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  planId: string | null;
  createdAt: string;
  read: boolean;
}

interface Raw {
  id: string;
  kind?: string;
  type?: string;
  title?: string;
  message?: string;
  body?: string;
  text?: string;
  planId?: string | null;
  plan?: { id: string } | null;
  createdAt?: string;
  readAt?: string | null;
  read?: boolean;
}

function normalise(r: Raw): NotificationItem {
  return {
    id: r.id,
    kind: r.kind ?? r.type ?? 'info',
    title: r.title ?? r.message ?? r.text ?? '',
    body: r.body ?? '',
    planId: r.planId ?? r.plan?.id ?? null,
    createdAt: r.createdAt ?? new Date().toISOString(),
    read: r.read ?? !!r.readAt,
  };
}

/** The signed-in person's notifications and unread count, kept live over socket.io. */
class Notifications {
  items = $state<NotificationItem[]>([]);
  unread = $state(0);
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  #started = false;

  start() {
    if (this.#started) return;
    this.#started = true;
    realtime.on((e) => e.startsWith('notification'), () => void this.load());
    realtime.onReconnect(() => void this.load());
    void this.load();
  }

  async load() {
    try {
      const res = await api.get<{ items?: Raw[]; notifications?: Raw[]; unread?: number; unreadCount?: number }>('/api/notifications');
      const list = (res.items ?? res.notifications ?? []).map(normalise);
      this.items = list;
      this.unread = res.unread ?? res.unreadCount ?? list.filter((n) => !n.read).length;
      this.error = null;
    } catch (e) {
      this.error = e as ApiError;
    } finally {
      this.loaded = true;
    }
  }

  async markRead(id: string) {
    await api.post(`/api/notifications/${id}/read`);
    const n = this.items.find((i) => i.id === id);
    if (n && !n.read) {
      n.read = true;
      this.unread = Math.max(0, this.unread - 1);
    }
  }

  async markAllRead() {
    await api.post('/api/notifications/read-all');
    for (const n of this.items) n.read = true;
    this.unread = 0;
  }

  reset() {
    this.items = [];
    this.unread = 0;
    this.loaded = false;
    this.error = null;
  }
}

export const notifications = new Notifications();
