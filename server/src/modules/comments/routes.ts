import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { commentParams, commentRoutes } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource, type ResourceLoader } from '../accounts/plugin.ts';
import { registerMentionTargetRoutes } from './mention-targets.ts';

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
        // Permission is checked before validation: the comment id is read (and checked) here.
        const { planId, commentId } = parseInput(commentParams, req.params);
        const userId = req.actor?.userId ?? '';
        const { comments } = app;
        const mine = thread
          ? await comments.isParticipant(planId, commentId, userId)
          : await comments.isAuthor(planId, commentId, userId);
        return { ...resource, isAuthor: mine };
      };
    const author = (req: FastifyRequest) => ({ userId: req.actor!.userId, name: req.actor!.name });

    // Whom "Benachrichtigen" offers (issue 14); registered before `:commentId` routes read as one.
    registerMentionTargetRoutes(app);

    route(app, commentRoutes.list, { access: { action: 'plan.read', resource: planResource } }, async (req) =>
      app.comments.list(req.params.planId, req.query.since, req.query.limit),
    );

    route(app, commentRoutes.create, { access: { action: 'comment.create', resource: planResource } }, async (req, reply) => {
      return reply.status(201).send(await app.comments.create(req.params.planId, author(req), req.body));
    });

    route(app, commentRoutes.edit, { access: { action: 'comment.resolve', resource: own(false) } }, async (req) =>
      app.comments.edit(req.params.planId, req.params.commentId, author(req), req.body),
    );

    route(app, commentRoutes.remove, { access: { action: 'comment.resolve', resource: own(false) } }, async (req, reply) => {
      await app.comments.remove(req.params.planId, req.params.commentId, req.actor!.userId);
      // Its images (issue 17) go with it: rows and files; a failure leaves files until the plan is purged.
      if (app.hasDecorator('media')) {
        await app.media
          .removeCommentImages(req.params.planId, req.params.commentId)
          .catch((err: unknown) => req.log.error({ err }, 'removing a comment’s images failed'));
      }
      return reply.status(204).send();
    });

    for (const [action, resolved] of [
      ['resolve', true],
      ['reopen', false],
    ] as const) {
      route(app, commentRoutes[action], { access: { action: 'comment.resolve', resource: own(true) } }, async (req) =>
        app.comments.setResolved(req.params.planId, req.params.commentId, req.actor!.userId, resolved),
      );
    }
  },
  { name: 'routes-comments', dependencies: ['auth', 'comments'] },
);
