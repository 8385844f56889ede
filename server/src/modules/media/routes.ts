import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { can, mediaRoutes } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { FILE_FIELD } from './service.ts';

/**
 * Plan attachments (issue 17). `GET /api/plans/:planId/attachments` · `POST …/attachments`
 * (multipart/form-data, part `file`) · `GET …/attachments/:attachmentId` · `GET …/files/:variant` ·
 * `DELETE …/attachments/:attachmentId`. Every read is checked against the matrix (`attachment.read`);
 * files are served through the app with `Cache-Control: private`.
 */
export default fp(
  async (app) => {
    const fileMissing = () =>
      new AppError('VALIDATION', 'media.fileMissing', { field: FILE_FIELD }, [
        { path: FILE_FIELD, key: 'field.required', message: 'a file in the multipart field `file` is required' },
      ]);

    route(app, mediaRoutes.list, { access: { action: 'attachment.read', resource: planResource } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return app.media.list(req.params.planId);
    });

    route(app, mediaRoutes.get, { access: { action: 'attachment.read', resource: planResource } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return app.media.get(req.params.planId, req.params.attachmentId);
    });

    route(app, mediaRoutes.file, { access: { action: 'attachment.read', resource: planResource } }, async (req, reply) => {
      // The access check ran already (route config): a 304 too is only for those who may read it.
      const file = await app.media.fileOf(req.params.planId, req.params.attachmentId, req.params.variant);
      // Kept only by this browser (access may end), asked for again after an hour; then a 304 suffices.
      reply.header('etag', file.etag).header('cache-control', 'private, max-age=3600');
      const asked = req.headers['if-none-match'];
      if (typeof asked === 'string' && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
        return reply.status(304).send();
      }
      const blob = await app.media.openFile(file.variant);
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      reply
        .type(file.variant.contentType)
        .header('content-length', String(blob.meta.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      return reply.send(blob.body);
    });

    route(app, mediaRoutes.publish, { access: { action: 'attachment.publish', resource: planResource } }, async (req, reply) => {
      open(req);
      reply.header('cache-control', 'private, no-cache');
      return app.media.setPublic(req.params.planId, req.params.attachmentId, req.body.public);
    });

    // Public images (storefront photos made public, plan images shown in a published programme), by
    // content hash: the same URL always holds the same bytes, so caches may keep it for a year. Each
    // request asks the database whether it is still public, so taking it private answers 404 at once.
    route(app, mediaRoutes.publicFile, { access: 'public' }, async (req, reply) => {
      const variant = await app.media.publicFile(req.params.hash, req.params.file);
      if (!variant) throw new AppError('NOT_FOUND', 'media.notFound');
      const blob = await app.media.openFile(variant);
      return reply
        .type(variant.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-length', String(blob.meta.size))
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(blob.body);
    });

    /** A withdrawn, done or deleted plan is read-only: its material too (like its document). */
    const open = (req: FastifyRequest) => {
      if (req.planContext?.resource.closed) throw new AppError('CONFLICT', 'media.planClosed');
    };

    route(app, mediaRoutes.remove, { access: { action: 'attachment.delete', resource: planResource } }, async (req, reply) => {
      open(req);
      await app.media.remove(req.params.planId, req.params.attachmentId);
      return reply.status(204).send();
    });

    // Multipart only where it is read: the upload route, in a context of its own.
    await app.register(async (scope) => {
      await scope.register(multipart, { limits: { files: 1, parts: 4, fields: 2, fieldSize: 1024 } });
      route(
        scope,
        mediaRoutes.upload,
        // Who may read the plan passes here; the handler then checks the upload's purpose: material
        // (`attachment.upload`) or an image for one's comment (`comment.attachImage`).
        { access: { action: 'attachment.read', resource: planResource } },
        async (req, reply) => {
          const purpose = req.query.purpose;
          const action = purpose === 'comment' ? 'comment.attachImage' : 'attachment.upload';
          if (!can(req.actor, action, req.planContext?.resource ?? {})) throw new AppError('FORBIDDEN', 'auth.forbidden');
          open(req);
          const declared = Number(req.headers['content-length']);
          if (Number.isFinite(declared) && app.media.tooLargeUpfront(declared)) {
            throw new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', {
              field: FILE_FIELD,
              limitMb: Math.round((app.media.limits.maxFileBytes / 1024 / 1024) * 100) / 100,
            });
          }
          if (!req.isMultipart()) throw fileMissing();
          // One byte over the limit is enough to know; busboy discards the rest of an oversized part.
          const part = await req.file({
            limits: { fileSize: app.media.limits.maxFileBytes + 1, files: 1 },
            throwFileSizeLimit: false,
          });
          if (!part || part.fieldname !== FILE_FIELD) {
            if (part) for await (const _ of part.file) void _;
            throw fileMissing();
          }
          const attachment = await app.media.upload(
            req.params.planId,
            req.actor?.userId ?? null,
            { stream: part.file, fileName: part.filename },
            purpose,
          );
          return reply.status(201).header('cache-control', 'private, no-cache').send(attachment);
        },
      );
    });
  },
  { name: 'routes-media', dependencies: ['auth', 'media'] },
);
