import fp from 'fastify-plugin';
import { can, storefrontRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { storefrontResource } from './plugin.ts';
import { cachedReply } from '../../platform/read-cache/plugin.ts';
import { scopeOf, type ReadModel } from '../../platform/read-cache/read-cache.ts';

/** The storefront search's cached answers (issue 19): storefronts, their quarter and owner, the plans holding them. */
const SEARCH: ReadModel = { name: 'storefronts', topics: ['storefronts', 'quarters', 'users', 'plans_core'] };

/**
 * The storefront registry. `GET /api/storefronts` · `POST /api/storefronts` · `GET /api/storefronts/:storefrontId`
 * · `PATCH /api/storefronts/:storefrontId` (staff: everything; the owner: availability, rules, notes, max occupancy).
 */
export default fp(
  async (app) => {
    const { storefronts } = app;

    // Staff see every owner's contacts; anyone else only those of the storefronts they own: their own scope.
    route(app, storefrontRoutes.list, { access: { action: 'storefront.read' } }, async (req, reply) =>
      cachedReply(req, reply, SEARCH, req.actor!.staff ? 'staff' : scopeOf(req.actor), JSON.stringify(req.query), async () => ({
        value: await storefronts.list(req.query, req.actor!),
      })),
    );

    route(app, storefrontRoutes.create, { access: { action: 'storefront.manage' } }, async (req, reply) =>
      reply.status(201).send(await storefronts.create(req.body)),
    );

    route(app, storefrontRoutes.get, { access: { action: 'storefront.read' } }, async (req) =>
      storefronts.get(req.params.storefrontId, req.actor),
    );

    route(
      app,
      storefrontRoutes.update,
      { access: { action: 'storefront.editOwn', resource: storefrontResource } },
      async (req) => {
        const updated = await storefronts.update(req.params.storefrontId, req.body, can(req.actor, 'storefront.manage'));
        // Outline, doors, availability and capacity are what the checks judge the plans against: their
        // stored findings (which the plan and city views read) follow the storefront.
        if (app.hasDecorator('checks')) await app.checks.storefrontChanged(req.params.storefrontId);
        return updated;
      },
    );
  },
  { name: 'routes-storefronts', dependencies: ['auth', 'storefronts'] },
);
