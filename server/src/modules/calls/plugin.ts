import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { StorefrontParams, callParams } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { ownerOf } from '../storefronts/repo.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import { callResourceOf, loadCallAccess } from './access.ts';
import { CallService } from './service.ts';

export { loadCallAccess, callResourceOf, type CallAccess } from './access.ts';

declare module 'fastify' {
  interface FastifyInstance {
    calls: CallService;
  }
}

/** A call's jury relation (`callRole: 'juror'` for a juror of this call); 404 for an unknown call. */
export const callJuryResource: ResourceLoader = async (req: FastifyRequest) => {
  const { callId } = parseInput(callParams, req.params);
  const access = await loadCallAccess(req.server.db, callId, req.actor);
  if (!access) throw new AppError('NOT_FOUND', 'call.notFound');
  return callResourceOf(access);
};

/** The storefront of an exposé: whether the asker owns it; 404 for an unknown storefront. */
export const exposeResource: ResourceLoader = async (req: FastifyRequest) => {
  const { storefrontId } = parseInput(StorefrontParams, req.params);
  const owner = await ownerOf(req.server.db, storefrontId);
  if (owner === undefined) throw new AppError('NOT_FOUND', 'storefront.notFound');
  return { ownsStorefront: !!req.actor && owner === req.actor.userId };
};

/**
 * Open calls and exposés (issue 16). Booked viewings join the person's personal calendar feed.
 */
export default fp(
  async (app) => {
    const service = new CallService({
      db: app.db,
      publicUrl: app.config.publicUrl,
      mailer: () => app.auth.mailer,
      notify: (items) => app.notifications.notify(items),
      secret: app.config.sessionSecret,
    });
    app.decorate('calls', service);
    app.feeds.feeds.addPersonalSource((userId) => service.personalEvents(userId));
  },
  { name: 'calls', dependencies: ['config', 'database', 'auth', 'notifications', 'feeds'] },
);
