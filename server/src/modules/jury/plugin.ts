import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { JuryCallParams } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import { JuryService } from './service.ts';
import { callById, isJuror } from './repo.ts';

declare module 'fastify' {
  interface FastifyInstance {
    jury: JuryService;
  }
}

/**
 * Loader of the call routes (`:callId`): 404 for an unknown call; `callRole: 'juror'` when the asker is
 * a juror of *this* call (a juror of another call is a `user` here).
 */
export const callResource: ResourceLoader = async (req: FastifyRequest) => {
  const { callId } = parseInput(JuryCallParams, req.params);
  if (!(await callById(req.server.db, callId))) throw new AppError('NOT_FOUND', 'error.notFound');
  const actor = req.actor;
  if (!actor) return {};
  return { callRole: (await isJuror(req.server.db, callId, actor.userId)) ? 'juror' : null };
};

/** The jury of open calls (issue 16): scores, conflicts, blind mode, progress, ranking, comparison. */
export default fp(
  async (app) => {
    app.decorate('jury', new JuryService(app.db));
  },
  { name: 'jury', dependencies: ['database'] },
);
