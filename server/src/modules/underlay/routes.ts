import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import { underlayRoutes } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { storefrontResource } from '../storefronts/plugin.ts';
import { underlayReadResource } from './plugin.ts';
import { FILE_FIELD } from './service.ts';

/**
 * The floor-plan underlay (issue 17). `GET /api/storefronts/:storefrontId/underlay` ·
 * `POST …/underlay` (multipart/form-data, part `file`; replaces) · `PATCH …/underlay` (calibration) ·
 * `DELETE …/underlay` · `GET …/underlay/:underlayId/image`. Reading (`underlay.read`): staff, the owner,
 * members of the storefront's plans, checked on every read; managing (`underlay.manage`): staff and the owner.
 */
export default fp(
  async (app) => {
    const read = { access: { action: 'underlay.read', resource: underlayReadResource } } as const;
    const manage = { access: { action: 'underlay.manage', resource: storefrontResource } } as const;
    const fileMissing = () =>
      new AppError('VALIDATION', 'media.fileMissing', { field: FILE_FIELD }, [
        { path: FILE_FIELD, key: 'field.required', message: 'a file in the multipart field `file` is required' },
      ]);

    route(app, underlayRoutes.get, read, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return { underlay: await app.underlays.get(req.params.storefrontId), maxFileBytes: app.underlays.limits.maxFileBytes };
    });

    route(app, underlayRoutes.image, read, async (req, reply) => {
      // The access check ran already (route config): a 304 too is only for those who may read it.
      const img = await app.underlays.imageOf(req.params.storefrontId, req.params.underlayId);
      reply.header('etag', img.etag).header('cache-control', 'private, max-age=3600');
      const asked = req.headers['if-none-match'];
      if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === img.etag)) {
        img.blob.body.destroy();
        return reply.status(304).send();
      }
      reply
        .type(img.contentType)
        .header('content-length', String(img.blob.meta.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'inline; filename="grundriss.webp"');
      return reply.send(img.blob.body);
    });

    route(app, underlayRoutes.calibrate, manage, async (req) => app.underlays.calibrate(req.params.storefrontId, req.body));

    route(app, underlayRoutes.remove, manage, async (req, reply) => {
      await app.underlays.remove(req.params.storefrontId);
      return reply.status(204).send();
    });

    // Multipart only where it is read: the upload route, in a context of its own.
    await app.register(async (scope) => {
      await scope.register(multipart, { limits: { files: 1, parts: 4, fields: 2, fieldSize: 1024 } });
      route(scope, underlayRoutes.upload, manage, async (req, reply) => {
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && app.underlays.tooLargeUpfront(declared)) throw app.underlays.tooLarge();
        if (!req.isMultipart()) throw fileMissing();
        const part = await req.file({
          limits: { fileSize: app.underlays.limits.maxFileBytes + 1, files: 1 },
          throwFileSizeLimit: false,
        });
        if (!part || part.fieldname !== FILE_FIELD) {
          if (part) for await (const _ of part.file) void _;
          throw fileMissing();
        }
        const underlay = await app.underlays.upload(req.params.storefrontId, req.actor?.userId ?? null, {
          stream: part.file,
          fileName: part.filename,
        });
        return reply.status(201).header('cache-control', 'private, no-cache').send(underlay);
      });
    });
  },
  { name: 'routes-underlay', dependencies: ['auth', 'underlay'] },
);
