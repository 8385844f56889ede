/**
 * Open calls and exposés (issue 16).
 * API: `GET|POST /api/calls` (staff) · `GET /api/calls/jury` (the asker's jury calls) ·
 * `GET /api/calls/:callId` (staff, jurors of this call) · `PATCH …`, `POST …/publish|extend|cancel`
 * (staff) · `PUT …/jurors`, `POST …/juror-invitations` (staff) · `GET|POST /api/juror-invitations/:token[/accept]`
 * (the link is the proof) · `POST|DELETE …/viewings/:viewingId/booking` (signed in) ·
 * `GET /api/public/calls[/:slug[/calendar.ics]]` (everyone; drafts 404) ·
 * `GET|PUT /api/storefronts/:storefrontId/expose` (owner, staff) · `GET /api/public/exposes/:storefrontId`.
 * Pages: `GET /aufrufe`, `GET /aufrufe/<slug>`, `GET /aufrufe.atom`, `GET /expose/<storefrontId>`.
 */
import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { callRoutes, exposeRoutes } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import type { ShellPage } from '../../platform/http/shell.ts';
import { buildCalendar } from '../feeds/ical.ts';
import { headTags } from '../public-web/head.ts';
import { html, Raw, scriptJson, summary } from '../public-web/html.ts';
import { SITE_NAME } from '../public-web/format.ts';
import { callJuryResource, exposeResource } from './plugin.ts';
import { CALL_DATA_ID, EXPOSE_DATA_ID, callBody, callJsonLd, callListBody, callsAtom, exposeBody } from './pages.ts';

const readCalls = { schema: { hide: true }, config: { access: { action: 'call.read' as const } } };
const readExpose = { schema: { hide: true }, config: { access: { action: 'expose.read' as const } } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default fp(
  async (app) => {
    const calls = app.calls;
    const base = app.config.publicUrl;
    const uid = (req: { actor: { userId: string } | null }) => req.actor?.userId ?? null;
    const me = (req: { actor: { userId: string } | null }) => req.actor!.userId;

    const sendPage = (reply: FastifyReply, page: ShellPage, status = 200) => {
      const doc =
        app.shell.render(page) ??
        `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${page.title}</title>${page.head ?? ''}</head><body>${page.body ?? ''}</body></html>`;
      return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(doc);
    };
    const notFoundPage = (reply: FastifyReply) =>
      sendPage(
        reply,
        {
          title: '404 – Seite nicht gefunden – Kreativquartiere Planner',
          head: '<meta name="robots" content="noindex">',
          body: '<main class="ssr-main"><h1>Seite nicht gefunden</h1><p><a href="/aufrufe">Zu den Aufrufen</a></p></main>',
        },
        404,
      );

    // ── staff and jury ──
    route(app, callRoutes.list, { access: { action: 'call.manage' } }, async () => calls.list());
    route(app, callRoutes.create, { access: { action: 'call.manage' } }, async (req, reply) =>
      reply.status(201).send(await calls.create(me(req), req.body)),
    );
    route(app, callRoutes.jury, { access: 'signed-in' }, async (req) => calls.juryList(me(req)));
    // The jury's view of a call: staff, and jurors of this call (a juror of another call: 403).
    route(app, callRoutes.get, { access: { action: 'jury.score', resource: callJuryResource } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return calls.get(req.params.callId, uid(req));
    });
    route(app, callRoutes.update, { access: { action: 'call.manage' } }, async (req) =>
      calls.update(me(req), req.params.callId, req.body),
    );
    route(app, callRoutes.publish, { access: { action: 'call.manage' } }, async (req) =>
      calls.publish(me(req), req.params.callId),
    );
    route(app, callRoutes.extend, { access: { action: 'call.manage' } }, async (req) =>
      calls.extend(me(req), req.params.callId, req.body.deadline),
    );
    route(app, callRoutes.cancel, { access: { action: 'call.manage' } }, async (req) =>
      calls.cancel(me(req), req.params.callId, req.body.reason),
    );
    route(app, callRoutes.setJurors, { access: { action: 'call.juryManage' } }, async (req) =>
      calls.setJurors(me(req), req.params.callId, req.body.userIds),
    );
    route(app, callRoutes.inviteJuror, { access: { action: 'call.juryManage' } }, async (req, reply) =>
      reply.status(201).send(await calls.inviteJuror(me(req), req.params.callId, req.body.email, req.body.name)),
    );
    // The invitation link is the proof (like a password-reset link); accepting adds the juror role for this call.
    route(app, callRoutes.invitation, { access: 'public' }, async (req) => calls.invitationInfo(req.params.token));
    route(app, callRoutes.acceptInvitation, { access: 'public' }, async (req) =>
      calls.acceptInvitation(req.actor, req.params.token, req.body),
    );

    // ── viewings ──
    route(app, callRoutes.book, { access: { action: 'viewing.book' } }, async (req, reply) =>
      reply.status(201).send(await calls.book(me(req), req.params.callId, req.params.viewingId)),
    );
    route(app, callRoutes.unbook, { access: { action: 'viewing.book' } }, async (req) =>
      calls.unbook(me(req), req.params.callId, req.params.viewingId),
    );

    // ── public ──
    route(app, callRoutes.publicList, { access: { action: 'call.read' } }, async () => calls.publicList());
    route(app, callRoutes.publicGet, { access: { action: 'call.read' } }, async (req, reply) => {
      const c = await calls.publicBySlug(req.params.slug, uid(req));
      if (!c) throw new AppError('NOT_FOUND', 'call.notFound');
      reply.header('cache-control', 'no-cache');
      return c;
    });
    route(app, callRoutes.calendar, { access: { action: 'call.read' } }, async (req, reply) => {
      const c = await calls.publicBySlug(req.params.slug, null);
      if (!c) throw new AppError('NOT_FOUND', 'call.notFound');
      const body = await buildCalendar(`Aufruf: ${c.title}`, calls.calendarEvents(c, await calls.updatedAtOf(c.id)));
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="aufruf-${c.slug}.ics"`)
        .header('cache-control', 'no-cache')
        .send(body);
    });

    app.get('/aufrufe', readCalls, async (_req, reply) => {
      const list = await calls.publicList();
      return sendPage(reply, {
        title: html`Aufrufe – ${SITE_NAME}`.html,
        head: headTags({
          title: `Aufrufe – ${SITE_NAME}`,
          description: `Leerstehende Ladenlokale in Dortmund suchen kreative Projekte: ${list.items.filter((c) => c.open).length} offene Aufrufe.`,
          url: `${base}/aufrufe`,
          extra: html`<link rel="alternate" type="application/atom+xml" title="${SITE_NAME} – Aufrufe" href="${base}/aufrufe.atom">`,
        }),
        body: callListBody(list.items).html,
      });
    });

    app.get<{ Params: { slug: string } }>('/aufrufe/:slug', readCalls, async (req, reply) => {
      const c = await calls.publicBySlug(req.params.slug, null);
      if (!c) return notFoundPage(reply);
      const url = `${base}/aufrufe/${encodeURIComponent(c.slug)}`;
      const title = `${c.status === 'cancelled' ? 'Abgesagt: ' : ''}${c.title}`;
      return sendPage(reply, {
        title: html`${title} – ${SITE_NAME}`.html,
        head: headTags({
          title,
          description: summary(c.body || c.title),
          url,
          extra: html`${callJsonLd(c, url)}
    <script type="application/json" id="${CALL_DATA_ID}">${new Raw(scriptJson(c))}</script>`,
        }),
        body: callBody(c).html,
      });
    });

    app.get('/aufrufe.atom', readCalls, async (_req, reply) => {
      const rows = await calls.publicRows();
      const list = await calls.publicList();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const items = list.items.map((c) => ({
        ...c,
        updated: new Date(byId.get(c.id)!.updated_at).toISOString(),
        body: byId.get(c.id)!.body,
      }));
      return reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(callsAtom(base, items));
    });

    // ── exposés ──
    route(app, exposeRoutes.settings, { access: { action: 'expose.manage', resource: exposeResource } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return calls.exposeSettings(req.params.storefrontId);
    });
    route(app, exposeRoutes.update, { access: { action: 'expose.manage', resource: exposeResource } }, async (req) =>
      calls.updateExpose(me(req), req.params.storefrontId, req.body),
    );
    route(app, exposeRoutes.public, { access: { action: 'expose.read' } }, async (req, reply) => {
      const e = await calls.publicExpose(req.params.storefrontId);
      if (!e) throw new AppError('NOT_FOUND', 'expose.notFound');
      reply.header('cache-control', 'no-cache');
      return e;
    });

    app.get<{ Params: { id: string } }>('/expose/:id', readExpose, async (req, reply) => {
      if (!UUID.test(req.params.id)) return notFoundPage(reply);
      const e = await calls.publicExpose(req.params.id);
      if (!e) return notFoundPage(reply);
      const url = `${base}/expose/${e.storefrontId}`;
      return sendPage(reply, {
        title: html`Exposé: ${e.title} – ${SITE_NAME}`.html,
        head: headTags({
          title: `Exposé: ${e.title}`,
          description: summary(e.intro || `Leerstehendes Ladenlokal ${e.title}, ${e.address}.`),
          url,
          extra: html`<script type="application/json" id="${EXPOSE_DATA_ID}">${new Raw(scriptJson(e))}</script>`,
        }),
        body: exposeBody(e).html,
      });
    });
  },
  { name: 'routes-calls', dependencies: ['config', 'client', 'auth', 'calls'] },
);
