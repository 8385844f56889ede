import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { StorefrontParams } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import { StorefrontService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    storefronts: StorefrontService;
  }
}

/**
 * Loader for routes with a `:storefrontId` param: whether the asker owns it (404 for an unknown one).
 * It runs before validation (permission first), so it reads the param itself.
 */
export const storefrontResource: ResourceLoader = async (req: FastifyRequest) => {
  const { storefrontId } = parseInput(StorefrontParams, req.params);
  const ownerId = await req.server.storefronts.ownerOf(storefrontId);
  return { ownsStorefront: !!req.actor && ownerId === req.actor.userId };
};

export default fp(
  async (app) => {
    app.decorate('storefronts', new StorefrontService(app.db));
  },
  { name: 'storefronts', dependencies: ['database'] },
);
