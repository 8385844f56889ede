import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import { can, storefrontPhotoRoutes, StorefrontParams, type Resource } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import { route, type ResourceLoader } from '../../platform/http/routes.ts';
import { FILE_FIELD } from './receive.ts';
import { planRoleInStorefront } from './photos-repo.ts';

/**
 * What the matrix needs about a storefront's photos: whether the asker owns the storefront, else their
 * strongest role in a plan there (members of its plans see the private photos). 404 for an unknown storefront.
 */
const photoResource: ResourceLoader = async (req) => {
  const { storefrontId } = parseInput(StorefrontParams, req.params);
  // Throws NOT_FOUND for an unknown storefront.
  const ownerId = await req.server.storefronts.ownerOf(storefrontId);
  if (!req.actor) return {};
  if (ownerId === req.actor.userId) return { ownsStorefront: true };
  const role = await planRoleInStorefront(req.server.db, storefrontId, req.actor.userId);
  return role ? ({ planRole: role } as Resource) : {};
};

/**
 * Storefront photos (issue 17). `GET /api/storefronts/:id/photos` (signed in: all for staff, the owner
 * and plan members, else the public ones) · `POST …/photos` (multipart, `?kind=`) · `PATCH …/photos/:photoId`
 * (kind, caption; `public` needs `storefront.photoPublish`) · `PUT …/photos/order` · `GET …/files/:variant`
 * (private photos checked on each read; public ones also at /media/public/…) · `DELETE …/photos/:photoId`.
 */
export default fp(
  async (app) => {
    const photos = app.storefrontPhotos;

    route(app, storefrontPhotoRoutes.list, { access: { action: 'storefront.read' } }, async (req, reply) => {
      const resource = await photoResource(req);
      reply.header('cache-control', 'private, no-cache');
      return photos.list(req.params.storefrontId, {
        all: can(req.actor, 'storefront.photoRead', resource),
        canManage: can(req.actor, 'storefront.photoManage', resource),
      });
    });

    route(
      app,
      storefrontPhotoRoutes.update,
      { access: { action: 'storefront.photoManage', resource: photoResource } },
      async (req, reply) => {
        if (req.body.public !== undefined && !can(req.actor, 'storefront.photoPublish', await photoResource(req))) {
          throw new AppError('FORBIDDEN', 'auth.forbidden');
        }
        reply.header('cache-control', 'private, no-cache');
        return photos.update(req.params.storefrontId, req.params.photoId, req.body);
      },
    );

    route(
      app,
      storefrontPhotoRoutes.reorder,
      { access: { action: 'storefront.photoManage', resource: photoResource } },
      async (req) => {
        await photos.reorder(req.params.storefrontId, req.body.ids);
        return photos.list(req.params.storefrontId, { all: true, canManage: true });
      },
    );

    route(
      app,
      storefrontPhotoRoutes.file,
      // Signed-in people without relation may see public photos here too; private ones need photoRead.
      { access: { action: 'storefront.read' } },
      async (req, reply) => {
        const resource = await photoResource(req);
        const photo = await photos.get(req.params.storefrontId, req.params.photoId);
        if (!photo.public && !can(req.actor, 'storefront.photoRead', resource)) throw new AppError('FORBIDDEN', 'auth.forbidden');
        const file = await photos.fileOf(req.params.storefrontId, req.params.photoId, req.params.variant);
        reply.header('etag', file.etag).header('cache-control', 'private, max-age=3600');
        const asked = req.headers['if-none-match'];
        if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
          return reply.status(304).send();
        }
        const blob = await app.media.openFile(file.variant);
        return reply
          .type(file.variant.contentType)
          .header('content-length', String(blob.meta.size))
          .header('x-content-type-options', 'nosniff')
          .send(blob.body);
      },
    );

    route(
      app,
      storefrontPhotoRoutes.remove,
      { access: { action: 'storefront.photoManage', resource: photoResource } },
      async (req, reply) => {
        await photos.remove(req.params.storefrontId, req.params.photoId);
        return reply.status(204).send();
      },
    );

    await app.register(async (scope) => {
      await scope.register(multipart, { limits: { files: 1, parts: 4, fields: 2, fieldSize: 1024 } });
      route(
        scope,
        storefrontPhotoRoutes.upload,
        { access: { action: 'storefront.photoManage', resource: photoResource } },
        async (req, reply) => {
          const missing = () =>
            new AppError('VALIDATION', 'media.fileMissing', { field: FILE_FIELD }, [
              { path: FILE_FIELD, key: 'field.required', message: 'a file in the multipart field `file` is required' },
            ]);
          const declared = Number(req.headers['content-length']);
          if (Number.isFinite(declared) && app.media.tooLargeUpfront(declared)) {
            throw new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', {
              field: FILE_FIELD,
              limitMb: Math.round((app.media.limits.maxFileBytes / 1024 / 1024) * 100) / 100,
            });
          }
          if (!req.isMultipart()) throw missing();
          const part = await req.file({
            limits: { fileSize: app.media.limits.maxFileBytes + 1, files: 1 },
            throwFileSizeLimit: false,
          });
          if (!part || part.fieldname !== FILE_FIELD) {
            if (part) for await (const _ of part.file) void _;
            throw missing();
          }
          const photo = await photos.upload(req.params.storefrontId, req.actor?.userId ?? null, req.query.kind, {
            stream: part.file,
            fileName: part.filename,
          });
          return reply.status(201).header('cache-control', 'private, no-cache').send(photo);
        },
      );
    });
  },
  { name: 'routes-storefront-photos', dependencies: ['auth', 'media', 'storefronts'] },
);
