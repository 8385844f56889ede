import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { can, feedRoutes, programmeRoutes } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { cachedReply } from '../../platform/read-cache/plugin.ts';
import type { ReadModel } from '../../platform/read-cache/read-cache.ts';

/** The public programme's cached answers (issue 19): read from the approved copies of published plans. */
const PROGRAMME: ReadModel = {
  name: 'programme',
  topics: ['approvals', 'plans_core', 'storefronts', 'quarters', 'cancelled_entries'],
};

const SECRET_FILE = /^([A-Za-z0-9_-]{20,100})\.ics$/;

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
 * The public programme as JSON: `GET /api/public/programme?quarter=<id|slug>&from=&to=`.
 */
export default fp(
  async (app) => {
    const { feeds, programme } = app.feeds;

    route(app, feedRoutes.plan, { access: { action: 'plan.read', resource: planResource } }, async (req, reply) =>
      sendCalendar(reply, await feeds.planFeed(req.params.planId), 'plan'),
    );

    route(app, feedRoutes.storefront, { access: { action: 'programme.read' } }, async (req, reply) => {
      const { storefrontId } = req.params;
      const ownerId = req.actor ? await feeds.storefrontOwner(storefrontId) : null;
      const privileged = can(req.actor, 'storefront.editOwn', { ownsStorefront: !!req.actor && ownerId === req.actor.userId });
      return sendCalendar(reply, await feeds.storefrontFeed(storefrontId, privileged), 'storefront');
    });

    route(app, feedRoutes.programme, { access: { action: 'programme.read' } }, async (req, reply) =>
      sendCalendar(reply, await feeds.programmeFeed(req.query), 'programm'),
    );

    route(app, feedRoutes.personalStatus, { access: 'signed-in' }, async (req) => feeds.personalStatus(req.actor!.userId));
    route(app, feedRoutes.personalCreate, { access: 'signed-in' }, async (req, reply) =>
      reply.status(201).send(await feeds.createPersonal(req.actor!.userId)),
    );
    route(app, feedRoutes.personalRevoke, { access: 'signed-in' }, async (req, reply) => {
      await feeds.revokePersonal(req.actor!.userId);
      return reply.status(204).send();
    });

    // A malformed secret is as unknown as a revoked one: 404, not 400.
    route(app, feedRoutes.personalCalendar, { access: 'public' }, async (req, reply) => {
      const secret = SECRET_FILE.exec(req.params.file)?.[1];
      if (!secret) throw new AppError('NOT_FOUND', 'feed.notFound');
      return sendCalendar(reply, await feeds.personalFeed(secret), 'persoenlich');
    });

    // Public: one scope for everyone; the key is the parsed query (quarter, from, to).
    route(app, programmeRoutes.list, { access: { action: 'programme.read' } }, async (req, reply) =>
      cachedReply(req, reply, PROGRAMME, 'public', JSON.stringify(req.query), async () => ({
        value: { items: await programme.entries(req.query) },
      })),
    );
  },
  { name: 'routes-feeds', dependencies: ['auth', 'feeds'] },
);
