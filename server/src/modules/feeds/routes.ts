import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { authMessage, can, ProgrammeQuery, storefrontFeedParams } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { planResource } from '../accounts/plugin.ts';

const secretFile = z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/) });

function sendCalendar(reply: FastifyReply, body: string, name: string) {
  return reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${name}.ics"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * iCalendar feeds. `GET /api/plans/:planId/calendar.ics` (members) ·
 * `GET /api/storefronts/:storefrontId/calendar.ics` (everything planned there for staff and its owner,
 * the published programme there for anyone else) · `GET /api/public/programme.ics?quarter=&from=&to=` ·
 * personal: `GET|POST|DELETE /api/feeds/personal` (status, new secret URL, revoke) and the secret URL
 * `GET /api/feeds/personal/<secret>.ics` (no sign-in; 404 once revoked).
 */
export default fp(
  async (app) => {
    app.get('/api/plans/:planId/calendar.ics', { preHandler: app.requirePermission('plan.read', planResource) }, async (req, reply) => {
      return sendCalendar(reply, await app.review.feeds.planFeed(req.planContext!.planId), 'plan');
    });

    app.get('/api/storefronts/:storefrontId/calendar.ics', { preHandler: app.requirePermission('programme.read') }, async (req, reply) => {
      const { storefrontId } = parseInput(storefrontFeedParams, req.params, 'path');
      const { rows } = await app.db.query<{ owner_id: string | null }>('select owner_id from storefronts where id = $1', [storefrontId]);
      const privileged = can(req.actor, 'storefront.editOwn', { ownsStorefront: !!req.actor && rows[0]?.owner_id === req.actor.userId });
      return sendCalendar(reply, await app.review.feeds.storefrontFeed(storefrontId, privileged), 'storefront');
    });

    app.get('/api/public/programme.ics', { preHandler: app.requirePermission('programme.read') }, async (req, reply) => {
      const q = parseInput(ProgrammeQuery, req.query, 'query');
      return sendCalendar(reply, await app.review.feeds.programmeFeed(q), 'programm');
    });

    const me = (actor: { userId: string } | null) => {
      if (!actor) throw new AppError('UNAUTHENTICATED', authMessage('auth.required'));
      return actor.userId;
    };
    app.get('/api/feeds/personal', async (req) => app.review.feeds.personalStatus(me(req.actor)));
    app.post('/api/feeds/personal', async (req, reply) => reply.status(201).send(await app.review.feeds.createPersonal(me(req.actor))));
    app.delete('/api/feeds/personal', async (req, reply) => {
      await app.review.feeds.revokePersonal(me(req.actor));
      return reply.status(204).send();
    });

    app.get('/api/feeds/personal/:file', async (req, reply) => {
      const parsed = secretFile.safeParse(req.params);
      if (!parsed.success) throw new AppError('NOT_FOUND', 'Kalender nicht gefunden / Calendar not found');
      return sendCalendar(reply, await app.review.feeds.personalFeed(parsed.data.file.slice(0, -4)), 'persoenlich');
    });
  },
  { name: 'routes-feeds', dependencies: ['auth', 'database', 'review'] },
);
