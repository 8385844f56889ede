import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import { can, handoverRoutes, hasRole, type Action, type ConfirmSide, type PhotoTarget } from '@planner/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import { planResource } from '../accounts/plugin.ts';
import { FILE_FIELD } from '../media/service.ts';

const CONFIRM_ACTION: Record<ConfirmSide, Action> = { owner: 'handover.confirmOwner', designer: 'handover.confirmDesigner' };

/** The action a photo upload needs: the signature of a side as its confirmation, an addendum's as addenda, else editing. */
function photoAction(target: PhotoTarget, targetId: string): Action {
  if (target === 'signature') return targetId === 'designer' ? 'handover.confirmDesigner' : 'handover.confirmOwner';
  if (target === 'addendum') return 'handover.addendum';
  return 'handover.edit';
}

/**
 * Handover protocols (issue 18), under `/api/plans/:planId/handover`: list and create, `…/:kind` read and
 * change, `…/photos` (multipart, part `file`), `…/confirm`, `…/addenda`, `…/pdf`. Every route checks the
 * matrix on the plan (`handover.*`); photos are read through the media routes (`attachment.read`, the
 * same people as `handover.read`).
 */
export default fp(
  async (app) => {
    const read = { access: { action: 'handover.read', resource: planResource } } as const;
    const edit = { access: { action: 'handover.edit', resource: planResource } } as const;
    const allowed = (req: FastifyRequest, action: Action) => {
      if (!can(req.actor, action, req.planContext?.resource ?? {})) throw new AppError('FORBIDDEN', 'auth.forbidden');
    };
    const fileMissing = () =>
      new AppError('VALIDATION', 'media.fileMissing', { field: FILE_FIELD }, [
        { path: FILE_FIELD, key: 'field.required', message: 'a file in the multipart field `file` is required' },
      ]);

    route(app, handoverRoutes.list, read, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      const resource = req.planContext?.resource ?? {};
      const abilities = {
        edit: can(req.actor, 'handover.edit', resource),
        confirmOwner: can(req.actor, 'handover.confirmOwner', resource),
        confirmDesigner: can(req.actor, 'handover.confirmDesigner', resource),
        addendum: can(req.actor, 'handover.addendum', resource),
        staff: hasRole(req.actor, 'staff'),
      };
      return { protocols: await app.handover.list(req.params.planId), abilities };
    });

    route(app, handoverRoutes.create, edit, async (req, reply) => {
      const protocol = await app.handover.create(req.params.planId, req.body.kind, req.actor?.userId ?? null);
      return reply.status(201).send(protocol);
    });

    route(app, handoverRoutes.get, read, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return app.handover.get(req.params.planId, req.params.kind);
    });

    route(app, handoverRoutes.update, edit, async (req) =>
      app.handover.update(req.params.planId, req.params.kind, req.body, req.actor?.userId ?? null),
    );

    route(app, handoverRoutes.removePhoto, edit, async (req, reply) => {
      await app.handover.removePhoto(req.params.planId, req.params.kind, req.params.photoId);
      return reply.status(204).send();
    });

    // Whoever may read passes the route check; the side's own action is checked in the handler.
    route(app, handoverRoutes.confirm, read, async (req) => {
      allowed(req, CONFIRM_ACTION[req.body.side]);
      return app.handover.confirm(req.params.planId, req.params.kind, req.body, {
        userId: req.actor?.userId ?? null,
        staff: hasRole(req.actor, 'staff'),
      });
    });

    route(
      app,
      handoverRoutes.addAddendum,
      { access: { action: 'handover.addendum', resource: planResource } },
      async (req, reply) => {
        const addendum = await app.handover.addAddendum(
          req.params.planId,
          req.params.kind,
          req.body.text,
          req.actor?.userId ?? null,
        );
        return reply.status(201).send(addendum);
      },
    );

    route(app, handoverRoutes.pdf, read, async (req, reply) => {
      const { data, fileName } = await app.handoverExport.pdf(req.params.planId, req.params.kind);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(data));
    });

    // Multipart only where it is read: the upload route, in a context of its own.
    await app.register(async (scope) => {
      await scope.register(multipart, { limits: { files: 1, parts: 4, fields: 2, fieldSize: 1024 } });
      route(scope, handoverRoutes.uploadPhoto, read, async (req, reply) => {
        const { target, targetId } = req.query;
        allowed(req, photoAction(target, targetId));
        if (app.media.tooLargeUpfront(Number(req.headers['content-length']) || 0)) {
          throw new AppError('PAYLOAD_TOO_LARGE', 'media.fileTooLarge', {
            field: FILE_FIELD,
            limitMb: Math.round((app.media.limits.maxFileBytes / 1024 / 1024) * 100) / 100,
          });
        }
        await app.handover.checkPhotoTarget(req.params.planId, req.params.kind, target, targetId);
        if (!req.isMultipart()) throw fileMissing();
        const part = await req.file({
          limits: { fileSize: app.media.limits.maxFileBytes + 1, files: 1 },
          throwFileSizeLimit: false,
        });
        if (!part || part.fieldname !== FILE_FIELD) {
          if (part) for await (const _ of part.file) void _;
          throw fileMissing();
        }
        const photo = await app.handover.addPhoto(
          req.params.planId,
          req.params.kind,
          target,
          targetId,
          req.actor?.userId ?? null,
          {
            stream: part.file,
            fileName: part.filename,
          },
        );
        return reply.status(201).header('cache-control', 'private, no-cache').send(photo);
      });
    });
  },
  { name: 'routes-handover', dependencies: ['auth', 'handover'] },
);
