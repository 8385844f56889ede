import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { ApplicationFormParams, ApplicationParams } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import * as repo from './repo.ts';
import { ApplicationService } from './service.ts';
import { ApplicationTeam } from './team.ts';

declare module 'fastify' {
  interface FastifyInstance {
    applications: ApplicationService;
    applicationTeam: ApplicationTeam;
  }
}

/**
 * The resource of one application: `callRole: 'applicant'` for its main and confirmed co-applicants,
 * `'juror'` for a juror of its call. 404 for an unknown application. Anyone else has no relation (the
 * matrix refuses them with 403).
 */
export const applicationResource: ResourceLoader = async (req: FastifyRequest) => {
  const { applicationId } = parseInput(ApplicationParams, req.params);
  const db = req.server.db;
  const row = await repo.applicationById(db, applicationId);
  if (!row) throw new AppError('NOT_FOUND', 'error.notFound');
  const actor = req.actor;
  if (!actor) return {};
  if (await repo.isApplicant(db, applicationId, actor.userId)) return { callRole: 'applicant' };
  if (await repo.isJurorOf(db, applicationId, actor.userId)) return { callRole: 'juror' };
  return {};
};

/** The call of an application form (404 unless the public may see it); owners of its storefronts are `owner` there. */
export const applicationFormResource: ResourceLoader = async (req: FastifyRequest) => {
  const { slug } = parseInput(ApplicationFormParams, req.params);
  const call = await req.server.applications.visibleCall(slug, req.actor?.staff ?? false);
  const actor = req.actor;
  if (!actor) return {};
  return { ownsStorefront: await repo.ownsStorefrontOfCall(req.server.db, call.id, actor.userId) };
};

/** Applications to open calls (issue 16): drafts, co-applicants, submission, withdrawal. */
export default fp(
  async (app) => {
    const service = new ApplicationService(app.db, {
      secret: app.config.sessionSecret,
      publicUrl: app.config.publicUrl,
      mailer: () => app.auth.mailer,
      onMailError: (err, what) => app.log.error({ err }, `sending the ${what} failed`),
      accountLimit: { store: app.auth.limits.store, maxPerIp: app.config.applicationAccountsPerIp },
    });
    app.decorate('applications', service);
    app.decorate('applicationTeam', new ApplicationTeam(service));
  },
  { name: 'applications', dependencies: ['config', 'database', 'auth'] },
);
