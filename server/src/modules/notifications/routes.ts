import fp from 'fastify-plugin';
import { authMessage, NotificationListQuery, NotificationReadBody } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';

/**
 * The signed-in person's notifications. `GET /api/notifications?since=<cursor>&unread=true` ·
 * `GET /api/notifications/unread-count` · `POST /api/notifications/read` `{ ids } | { all: true }`.
 */
export default fp(
  async (app) => {
    const me = (actor: { userId: string } | null) => {
      if (!actor) throw new AppError('UNAUTHENTICATED', authMessage('auth.required'));
      return actor.userId;
    };

    app.get('/api/notifications', async (req) => {
      const userId = me(req.actor);
      const q = parseInput(NotificationListQuery, req.query, 'query');
      return app.review.notifications.list(userId, { since: q.since, unread: q.unread === 'true', limit: q.limit });
    });

    app.get('/api/notifications/unread-count', async (req) => {
      return { unreadCount: await app.review.notifications.unreadCount(app.db, me(req.actor)) };
    });

    app.post('/api/notifications/read', async (req) => {
      const userId = me(req.actor);
      const body = parseInput(NotificationReadBody, req.body, 'body');
      return { unreadCount: await app.review.notifications.markRead(userId, body) };
    });
  },
  { name: 'routes-notifications', dependencies: ['auth', 'review'] },
);
