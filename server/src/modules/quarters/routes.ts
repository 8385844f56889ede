import fp from 'fastify-plugin';
import { quarterRoutes } from '@planner/shared';
import { route } from '../../platform/http/routes.ts';

/** `GET /api/quarters` (signed in) · `POST /api/quarters` (staff). */
export default fp(
  async (app) => {
    route(app, quarterRoutes.list, { access: { action: 'storefront.read' } }, async () => app.quarters.list());
    route(app, quarterRoutes.create, { access: { action: 'quarter.manage' } }, async (req, reply) =>
      reply.status(201).send(await app.quarters.create(req.body)),
    );
  },
  { name: 'routes-quarters', dependencies: ['auth', 'quarters'] },
);
