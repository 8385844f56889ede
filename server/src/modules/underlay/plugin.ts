import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { StorefrontParams } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import { UnderlayService } from './service.ts';
import { audienceOf, memberRoleAt } from './repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    underlays: UnderlayService;
  }
}

/**
 * Loader for reading a storefront's underlay: whether the asker owns the storefront, and the role they
 * hold in one of its plans (the underlay is shared by all of them). 404 for an unknown storefront.
 */
export const underlayReadResource: ResourceLoader = async (req: FastifyRequest) => {
  const { storefrontId } = parseInput(StorefrontParams, req.params);
  const ownerId = await req.server.storefronts.ownerOf(storefrontId);
  const actor = req.actor;
  if (!actor) return {};
  return {
    ownsStorefront: ownerId === actor.userId,
    planRole: await memberRoleAt(req.server.db, storefrontId, actor.userId),
  };
};

/**
 * The floor-plan underlay capability (issue 17): one image per storefront in the BlobStore, processed
 * by its own in-process job queue; changes go to the rooms of the storefront's plans, the staff room
 * and the owner's room. Underlays left `processing` by a stopped instance are queued again at start.
 */
export default fp(
  async (app) => {
    const service = new UnderlayService(app.db, app.blobs, app.config.uploads, app.log, async (storefrontId, underlay) => {
      const { planIds, ownerId } = await audienceOf(app.db, storefrontId);
      const payload = { storefrontId, underlay };
      for (const planId of planIds) app.realtime.rooms.toPlan(planId, 'underlay:changed', payload);
      app.realtime.rooms.toStaff('underlay:changed', payload);
      if (ownerId) app.realtime.rooms.toUser(ownerId, 'underlay:changed', payload);
    });
    app.decorate('underlays', service);
    app.addHook('onReady', async () => {
      await service.resume().catch((err) => app.log.error({ err }, 'underlay: could not resume processing'));
    });
    app.addHook('preClose', async () => service.queue.close());
  },
  { name: 'underlay', dependencies: ['database', 'blobs', 'realtime', 'storefronts'] },
);
