import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { can, profileParams, profileRoutes, type Resource } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { route, type ResourceLoader } from '../../platform/http/routes.ts';
import type { StoredPortraitVariant } from './repo.ts';
import { PORTRAIT_FIELD } from './service.ts';

/**
 * Creative profiles (issue 17).
 * Public: `GET /api/public/profiles` (directory) · `GET /api/public/profiles/:slug` ·
 * `GET /api/public/profiles/:slug/portrait/:hash/:variant` — published profiles only, 404 otherwise.
 * Own: `GET /api/profile` · `POST /api/profiles` · `PUT /api/profiles/:profileId` · `POST …/publish` ·
 * `POST …/unpublish` (also staff, moderation) · `DELETE /api/profiles/:profileId` · `POST|DELETE …/portrait` · `GET …/portrait/:variant`.
 */
export default fp(
  async (app) => {
    /** The profile's owner seen from the actor: `isAuthor` when it is the actor's own. 404 for an unknown one. */
    const profileResource: ResourceLoader = async (req): Promise<Resource> => {
      const { profileId } = parseInput(profileParams, req.params);
      const owner = await app.profiles.ownerOf(profileId);
      return { isAuthor: owner === req.actor?.userId };
    };
    const own = { action: 'profile.edit' as const, resource: profileResource };

    /** Sends a portrait file; `cache` is the Cache-Control of a 200 (and of a 304). */
    const sendFile = async (req: FastifyRequest, reply: FastifyReply, v: StoredPortraitVariant, cache: string) => {
      const etag = `"${v.key.split('/').slice(-2).join('-')}-${v.bytes}"`;
      reply.header('etag', etag).header('cache-control', cache).header('x-content-type-options', 'nosniff');
      const asked = req.headers['if-none-match'];
      if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        return reply.status(304).send();
      }
      const blob = await app.profiles.openFile(v);
      return reply.type(v.contentType).header('content-length', String(blob.meta.size)).send(blob.body);
    };

    // Public answers change the moment a profile is unpublished: caches must ask again every time.
    route(app, profileRoutes.directory, { access: { action: 'profile.read' } }, async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return app.profiles.listPublishedProfiles(req.query);
    });

    route(app, profileRoutes.publicGet, { access: { action: 'profile.read' } }, async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      const profile = await app.profiles.publishedProfileBySlug(req.params.slug);
      if (!profile) throw new AppError('NOT_FOUND', 'profile.notFound');
      return profile;
    });

    route(app, profileRoutes.publicPortrait, { access: { action: 'profile.read' } }, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const v = await app.profiles.publicPortraitFile(req.params.slug, req.params.hash, req.params.variant);
      // The URL names the content (hash): it never changes, so it may be kept long while it is served.
      return sendFile(req, reply, v, 'public, max-age=31536000, immutable');
    });

    route(app, profileRoutes.mine, { access: 'signed-in' }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      const actor = req.actor!;
      return { profile: await app.profiles.mine(actor.userId), mayCreate: can(actor, 'profile.create') };
    });

    route(app, profileRoutes.create, { access: { action: 'profile.create' } }, async (req, reply) => {
      return reply.status(201).send(await app.profiles.create(req.actor!.userId, req.body));
    });

    route(app, profileRoutes.update, { access: own }, async (req) => app.profiles.update(req.params.profileId, req.body));

    route(app, profileRoutes.publish, { access: own }, async (req) => app.profiles.publish(req.params.profileId));

    route(app, profileRoutes.unpublish, { access: { action: 'profile.unpublish', resource: profileResource } }, async (req) => {
      const { profileId } = req.params;
      const owner = await app.profiles.ownerOf(profileId);
      const moderator = owner === req.actor!.userId ? null : req.actor!.userId;
      await app.profiles.unpublish(profileId, moderator);
      if (moderator) req.log.info({ profileId, moderator }, 'profiles: unpublished by staff');
      return { id: profileId, published: false as const };
    });

    route(app, profileRoutes.remove, { access: own }, async (req, reply) => {
      await app.profiles.remove(req.params.profileId);
      return reply.status(204).send();
    });

    route(app, profileRoutes.portraitDelete, { access: own }, async (req) => app.profiles.removePortrait(req.params.profileId));

    route(app, profileRoutes.portraitFile, { access: own }, async (req, reply) => {
      const v = await app.profiles.privatePortraitFile(req.params.profileId, req.params.variant);
      return sendFile(req, reply, v, 'private, no-cache');
    });

    // Multipart only where it is read: the upload route, in a context of its own.
    await app.register(async (scope) => {
      await scope.register(multipart, { limits: { files: 1, parts: 4, fields: 2, fieldSize: 1024 } });
      route(scope, profileRoutes.portraitUpload, { access: own }, async (req) => {
        const tooLarge = () =>
          new AppError('PAYLOAD_TOO_LARGE', 'profile.portraitTooLarge', {
            field: PORTRAIT_FIELD,
            limitMb: Math.round((app.profiles.maxPortraitBytes / 1024 / 1024) * 100) / 100,
          });
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > app.profiles.maxPortraitBytes + 64 * 1024) throw tooLarge();
        const missing = () => new AppError('VALIDATION', 'media.fileMissing', { field: PORTRAIT_FIELD });
        if (!req.isMultipart()) throw missing();
        const part = await req.file({
          limits: { fileSize: app.profiles.maxPortraitBytes + 1, files: 1 },
          throwFileSizeLimit: false,
        });
        if (!part || part.fieldname !== PORTRAIT_FIELD) {
          if (part) for await (const _ of part.file) void _;
          throw missing();
        }
        return app.profiles.setPortrait(req.params.profileId, { stream: part.file });
      });
    });
  },
  { name: 'routes-profiles', dependencies: ['auth', 'profiles'] },
);
