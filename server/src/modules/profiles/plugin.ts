import fp from 'fastify-plugin';
import { ProfileService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    profiles: ProfileService;
  }
}

/**
 * Creative profiles (issue 17): opt-in public profiles of designers and studios, the "Kreative"
 * directory. `app.profiles.publishedProfileBySlug` and `listPublishedProfiles` are what public pages
 * (server-rendered pages, sitemap) read; they see published profiles only.
 */
export default fp(
  async (app) => {
    app.decorate('profiles', new ProfileService(app.db, app.blobs, app.config.uploads.maxFileBytes));
  },
  { name: 'profiles', dependencies: ['database', 'blobs'] },
);
