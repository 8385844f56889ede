import fp from 'fastify-plugin';
import { z } from 'zod';
import {
  Id,
  QuarterCreate,
  StorefrontCreate,
  StorefrontListQuery,
  StorefrontOwnerPatch,
  StorefrontPatch,
  can,
} from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { createQuarter, createStorefront, getStorefront, listQuarters, listStorefronts, updateStorefront } from './service.ts';
import type { FastifyRequest } from 'fastify';

const params = z.object({ storefrontId: Id });

/**
 * The storefront registry.
 * `GET /api/quarters` · `POST /api/quarters` · `GET /api/storefronts` · `POST /api/storefronts` · `GET /api/storefronts/:storefrontId`
 * · `PATCH /api/storefronts/:storefrontId` (staff: everything; the owner: availability, rules, notes, max occupancy).
 */
export default fp(
  async (app) => {
    const ownerOf = async (req: FastifyRequest) => {
      const { storefrontId } = parseInput(params, req.params, 'path');
      const { rows } = await app.db.query<{ owner_id: string | null }>('select owner_id from storefronts where id = $1', [storefrontId]);
      if (!rows[0]) throw new AppError('NOT_FOUND', 'Schaufenster nicht gefunden / Storefront not found');
      return { ownsStorefront: !!req.actor && rows[0].owner_id === req.actor.userId };
    };
    /** Owner contacts and key notes: staff, the owner, and members of plans at this storefront. */
    const seesContacts = async (req: FastifyRequest, storefrontId: string, ownerId: string | null) => {
      const actor = req.actor;
      if (!actor) return false;
      if (actor.staff || ownerId === actor.userId) return true;
      const { rows } = await app.db.query(
        `select 1 from plans p join plan_members m on m.plan_id = p.id where p.storefront_id = $1 and m.user_id = $2 limit 1`,
        [storefrontId, actor.userId],
      );
      return rows.length > 0;
    };

    app.get('/api/quarters', { preHandler: app.requirePermission('storefront.read') }, async () => listQuarters(app.db));

    app.post('/api/quarters', { preHandler: app.requirePermission('quarter.manage') }, async (req, reply) => {
      const body = parseInput(QuarterCreate, req.body, 'body');
      return reply.status(201).send(await createQuarter(app.db, body));
    });

    app.get('/api/storefronts', { preHandler: app.requirePermission('storefront.read') }, async (req) => {
      const q = parseInput(StorefrontListQuery, req.query, 'query');
      const actor = req.actor!;
      return listStorefronts(app.db, q, (s) => actor.staff || s.ownerId === actor.userId);
    });

    app.post('/api/storefronts', { preHandler: app.requirePermission('storefront.manage') }, async (req, reply) => {
      const input = parseInput(StorefrontCreate, req.body, 'body');
      const created = await createStorefront(app.db, input);
      return reply.status(201).send(created);
    });

    app.get('/api/storefronts/:storefrontId', { preHandler: app.requirePermission('storefront.read') }, async (req) => {
      const { storefrontId } = parseInput(params, req.params, 'path');
      const s = await getStorefront(app.db, storefrontId, false);
      if (!s) throw new AppError('NOT_FOUND', 'Schaufenster nicht gefunden / Storefront not found');
      if (await seesContacts(req, storefrontId, s.ownerId)) return getStorefront(app.db, storefrontId, true);
      return s;
    });

    app.patch('/api/storefronts/:storefrontId', { preHandler: app.requirePermission('storefront.editOwn', ownerOf) }, async (req) => {
      const { storefrontId } = parseInput(params, req.params, 'path');
      const patch = can(req.actor, 'storefront.manage')
        ? parseInput(StorefrontPatch, req.body, 'body')
        : parseInput(StorefrontOwnerPatch, req.body, 'body');
      return updateStorefront(app.db, storefrontId, patch);
    });
  },
  { name: 'routes-storefronts', dependencies: ['auth', 'database'] },
);
