import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { CommentCreateBody, CommentEditBody, CommentListQuery, commentParams } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';
import { planResource, type ResourceLoader } from '../accounts/plugin.ts';

/**
 * Comments. `GET /api/plans/:planId/comments?since=<cursor>` (catch-up; deletions as tombstones) ·
 * `POST /api/plans/:planId/comments` (a thread with `anchor`, or a reply with `parentId`; `mentions`) ·
 * `PATCH|DELETE /api/plans/:planId/comments/:commentId` (own) ·
 * `POST /api/plans/:planId/comments/:commentId/resolve|reopen` (a thread one has written in).
 */
export default fp(
  async (app) => {
    /** The plan relation plus "is it mine": wrote this comment, or (`thread`) wrote in its thread. */
    const own =
      (thread: boolean): ResourceLoader =>
      async (req: FastifyRequest) => {
        const resource = await planResource(req);
        const { planId, commentId } = parseInput(commentParams, req.params, 'path');
        const userId = req.actor?.userId ?? '';
        const mine = thread ? await app.review.comments.isParticipant(planId, commentId, userId) : await app.review.comments.isAuthor(planId, commentId, userId);
        return { ...resource, isAuthor: mine };
      };

    app.get('/api/plans/:planId/comments', { preHandler: app.requirePermission('plan.read', planResource) }, async (req) => {
      const q = parseInput(CommentListQuery, req.query, 'query');
      return app.review.comments.list(req.planContext!.planId, q.since, q.limit);
    });

    app.post('/api/plans/:planId/comments', { preHandler: app.requirePermission('comment.create', planResource) }, async (req, reply) => {
      const body = parseInput(CommentCreateBody, req.body, 'body');
      const comment = await app.review.comments.create(req.planContext!.planId, { userId: req.actor!.userId, name: req.actor!.name }, body);
      return reply.status(201).send(comment);
    });

    app.patch('/api/plans/:planId/comments/:commentId', { preHandler: app.requirePermission('comment.resolve', own(false)) }, async (req) => {
      const { planId, commentId } = parseInput(commentParams, req.params, 'path');
      const body = parseInput(CommentEditBody, req.body, 'body');
      return app.review.comments.edit(planId, commentId, { userId: req.actor!.userId, name: req.actor!.name }, body);
    });

    app.delete('/api/plans/:planId/comments/:commentId', { preHandler: app.requirePermission('comment.resolve', own(false)) }, async (req, reply) => {
      const { planId, commentId } = parseInput(commentParams, req.params, 'path');
      await app.review.comments.remove(planId, commentId, req.actor!.userId);
      return reply.status(204).send();
    });

    for (const [action, resolved] of [
      ['resolve', true],
      ['reopen', false],
    ] as const) {
      app.post(`/api/plans/:planId/comments/:commentId/${action}`, { preHandler: app.requirePermission('comment.resolve', own(true)) }, async (req) => {
        const { planId, commentId } = parseInput(commentParams, req.params, 'path');
        return app.review.comments.setResolved(planId, commentId, req.actor!.userId, resolved);
      });
    }
  },
  { name: 'routes-comments', dependencies: ['auth', 'review'] },
);
