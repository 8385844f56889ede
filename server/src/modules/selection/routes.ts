import fp from 'fastify-plugin';
import { selectionRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';
import { callResource } from '../jury/plugin.ts';
import { shortlistStorefrontResource } from './plugin.ts';

/**
 * Selection (issue 16). Staff (`call.decide`): `GET /api/selection/calls/:callId` ·
 * `POST …/applications/:applicationId/shortlist` · `POST …/applications/:applicationId/decide`.
 * Owners: `GET /api/shortlist` (own storefronts) · `GET /api/shortlist/storefronts/:storefrontId`
 * (`shortlist.read`) · `PUT /api/shortlist/applications/:applicationId/storefronts/:storefrontId`
 * (`shortlist.answer`). Mails (`call.mail`): `GET|PUT …/mail-templates[/:kind/:locale]` · `GET …/mail-preview`
 * · `GET|POST …/mail-sends` · `POST …/mail-sends/retry`. Checklist (`checklist.manage`): `GET|PUT /api/checklist-template`.
 */
export default fp(
  async (app) => {
    const decide = { access: { action: 'call.decide', resource: callResource } } as const;
    const mail = { access: { action: 'call.mail', resource: callResource } } as const;
    const checklist = { access: { action: 'checklist.manage' } } as const;
    const noStore = { 'cache-control': 'private, no-store' };

    route(app, selectionRoutes.board, decide, async (req, reply) => {
      reply.headers(noStore);
      return app.selection.board(req.params.callId);
    });
    route(app, selectionRoutes.shortlist, decide, async (req) =>
      app.selection.shortlist(req.params.callId, req.params.applicationId, req.actor!, req.ip),
    );
    route(app, selectionRoutes.decide, decide, async (req) =>
      app.selection.decide(req.params.callId, req.params.applicationId, req.actor!, req.body, req.ip),
    );

    route(app, selectionRoutes.ownShortlist, { access: 'signed-in' }, async (req, reply) => {
      reply.headers(noStore);
      return { items: await app.selection.ownShortlist(req.actor!.userId) };
    });
    route(
      app,
      selectionRoutes.storefrontShortlist,
      { access: { action: 'shortlist.read', resource: shortlistStorefrontResource } },
      async (req, reply) => {
        reply.headers(noStore);
        return { items: await app.selection.storefrontShortlist(req.params.storefrontId) };
      },
    );
    route(
      app,
      selectionRoutes.answer,
      { access: { action: 'shortlist.answer', resource: shortlistStorefrontResource } },
      async (req) => app.selection.answer(req.params.applicationId, req.params.storefrontId, req.actor!.userId, req.body, req.ip),
    );

    route(app, selectionRoutes.templates, mail, async (req) => ({ items: await app.decisionMails.templates(req.params.callId) }));
    route(app, selectionRoutes.saveTemplate, mail, async (req) =>
      app.decisionMails.save(req.params.callId, req.params.kind, req.params.locale, req.body, req.actor!.userId),
    );
    route(app, selectionRoutes.preview, mail, async (req) =>
      app.decisionMails.render(req.params.callId, req.query.kind, req.query.applicationId),
    );
    route(app, selectionRoutes.send, mail, async (req, reply) =>
      reply.status(202).send(await app.decisionMails.send(req.params.callId, req.body.kinds, req.actor!.userId, req.ip)),
    );
    route(app, selectionRoutes.sends, mail, async (req, reply) => {
      reply.headers(noStore);
      return app.decisionMails.progress(req.params.callId);
    });
    route(app, selectionRoutes.retry, mail, async (req, reply) =>
      reply.status(202).send(await app.decisionMails.retry(req.params.callId, req.actor!.userId, req.ip)),
    );

    route(app, selectionRoutes.checklist, checklist, async () => app.selection.checklist());
    route(app, selectionRoutes.saveChecklist, checklist, async (req) =>
      app.selection.saveChecklist(req.body.items, req.actor!, req.ip),
    );
  },
  { name: 'routes-selection', dependencies: ['auth', 'selection', 'jury'] },
);
