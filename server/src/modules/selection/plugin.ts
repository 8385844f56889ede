import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { ShortlistStorefrontParams } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { ownerOf } from '../storefronts/repo.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import { DecisionMails } from './mails.ts';
import { SelectionService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    selection: SelectionService;
    decisionMails: DecisionMails;
  }
}

/** Loader of the owner's shortlist routes (`:storefrontId`): whether the asker owns that storefront; 404 when there is none. */
export const shortlistStorefrontResource: ResourceLoader = async (req: FastifyRequest) => {
  const { storefrontId } = parseInput(ShortlistStorefrontParams, req.params);
  const owner = await ownerOf(req.server.db, storefrontId);
  if (owner === undefined) throw new AppError('NOT_FOUND', 'error.notFound');
  return { ownsStorefront: !!req.actor && owner === req.actor.userId };
};

/**
 * Shortlist, owner agreement, decision (a selection becomes a draft plan through the plans capability's
 * creation and the live document), decision mails through the Mailer, and the checklist template.
 */
export default fp(
  async (app) => {
    app.decorate(
      'selection',
      new SelectionService({
        db: app.db,
        seedDoc: async (planId, update) => {
          await app.sync.applyUpdate(planId, update);
          await app.sync.flush();
          if (app.hasDecorator('checks')) app.checks.schedule(planId);
        },
        notify: (items) => app.notifications.notify(items),
        log: app.log,
      }),
    );
    const mails = new DecisionMails(app.db, () => app.auth.mailer, app.config.publicUrl, app.log);
    app.decorate('decisionMails', mails);
    app.addHook('preClose', async () => mails.idle());
  },
  { name: 'selection', dependencies: ['database', 'auth', 'notifications', 'sync'] },
);
