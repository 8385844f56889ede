import fp from 'fastify-plugin';
import { PrivacyService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    privacy: PrivacyService;
  }
}

/** Data-protection self-service (issue 20): export, account deletion, the privacy page's text. */
export default fp(
  async (app) => {
    app.decorate(
      'privacy',
      new PrivacyService(app.db, {
        blobs: app.blobs,
        revocations: app.auth.revocations,
        secret: app.config.sessionSecret,
        onError: (err, what) => app.log.error({ err }, `${what} failed`),
        portraits: {
          filesOf: (userId) => app.profiles.portraitFilesOf(userId),
          purge: (userId) => app.profiles.purgeUserBlobs(userId),
        },
      }),
    );
  },
  { name: 'privacy', dependencies: ['database', 'auth', 'blobs', 'profiles'] },
);
