import fp from 'fastify-plugin';
import { ProgrammeQuery } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';

/**
 * The public programme, no sign-in: `GET /api/public/programme?quarter=<id|slug>&from=YYYY-MM-DD&to=YYYY-MM-DD`
 * → `{ items: ProgrammeEntry[] }` (public entries of published plans; see shared/src/api/review.ts).
 */
export default fp(
  async (app) => {
    app.get('/api/public/programme', { preHandler: app.requirePermission('programme.read') }, async (req) => {
      const q = parseInput(ProgrammeQuery, req.query, 'query');
      return { items: await app.review.programme.entries(q) };
    });
  },
  { name: 'routes-programme', dependencies: ['auth', 'review'] },
);
