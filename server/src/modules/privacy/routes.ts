import fp from 'fastify-plugin';
import { privacyRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';

/**
 * `GET /api/account/export` (a zip of one's own data) · `POST /api/account/delete` (one's own account,
 * confirmed) · `DELETE /api/users/:userId` (staff) · `GET /api/privacy` (public) · `PUT /api/privacy` (staff).
 */
export default fp(
  async (app) => {
    route(app, privacyRoutes.exportData, { access: { action: 'account.export' } }, async (req, reply) => {
      const { stream, fileName } = await app.privacy.exportData(req.actor!.userId);
      reply
        .type('application/zip')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${fileName}"`);
      return reply.send(stream);
    });

    route(app, privacyRoutes.deletionInfo, { access: { action: 'account.deleteOwn' } }, async (req) => ({
      confirmWith: await app.privacy.confirmWith(req.actor!.userId),
    }));

    route(app, privacyRoutes.deleteOwn, { access: { action: 'account.deleteOwn' } }, async (req, reply) => {
      await app.privacy.deleteOwn(req.actor!.userId, req.body, req.ip);
      app.auth.clearSessionCookies(reply);
      return reply.status(204).send();
    });

    route(app, privacyRoutes.deleteUser, { access: { action: 'account.delete' } }, async (req, reply) => {
      await app.privacy.deleteByStaff(req.params.userId, req.actor!.userId, req.ip);
      if (req.params.userId === req.actor!.userId) app.auth.clearSessionCookies(reply);
      return reply.status(204).send();
    });

    route(app, privacyRoutes.privacyText, { access: { action: 'privacy.read' } }, async (_req, reply) => {
      reply.header('cache-control', 'no-cache');
      return app.privacy.readText();
    });

    route(app, privacyRoutes.updatePrivacyText, { access: { action: 'privacy.edit' } }, async (req) =>
      app.privacy.writeText(req.body.body, req.actor!.userId),
    );
  },
  { name: 'routes-privacy', dependencies: ['auth', 'privacy'] },
);
