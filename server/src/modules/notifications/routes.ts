import fp from 'fastify-plugin';
import { notificationRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';

/**
 * The signed-in person's notifications. `GET /api/notifications?before=<id>&unread=true` (newest first) or `?since=<cursor>` (catch-up) ·
 * `GET /api/notifications/unread-count` · `POST /api/notifications/read` `{ ids } | { all: true }`.
 */
export default fp(
  async (app) => {
    route(app, notificationRoutes.list, { access: 'signed-in' }, async (req) => {
      const { since, before, unread, limit } = req.query;
      return app.notifications.list(req.actor!.userId, { since, before, unread: unread === 'true', limit });
    });

    route(app, notificationRoutes.unreadCount, { access: 'signed-in' }, async (req) => ({
      unreadCount: await app.notifications.unreadCount(app.db, req.actor!.userId),
    }));

    route(app, notificationRoutes.read, { access: 'signed-in' }, async (req) => ({
      unreadCount: await app.notifications.markRead(req.actor!.userId, req.body),
    }));
  },
  { name: 'routes-notifications', dependencies: ['auth', 'notifications'] },
);
