/**
 * The public web (issue 17): pages people share and machines read, rendered on the server with their
 * data into the web app's shell (the app then starts on them as usual).
 * - `GET /programm/<slug>`: one public entry (an outdated slug of it: 301 to the current one; unknown: 404);
 * - `GET /programme`, `GET /quartiere/<quarter>`: the programme and a quarter page (unknown quarter: 404);
 * - `GET /kreative`, `GET /kreative/<slug>`: the creative directory and one published profile (unknown or
 *   unpublished: 404, read fresh on every request);
 * - `GET /sitemap.xml`, `GET /programm.atom`, `GET /robots.txt`;
 * - `GET /einbetten/<quarter>`: the widget, framable only by EMBED_ORIGINS;
 * - `GET /api/public/events/:slug` (JSON for the app) and `…/calendar.ics` („In den Kalender“).
 */
import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { publicWebRoutes, type PublicEvent } from '@planner/shared';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import type { ShellPage } from '../../platform/http/shell.ts';
import { buildCalendar } from '../feeds/ical.ts';
import { summaryOf } from '../feeds/service.ts';
import { eventName, spanLine, SITE_NAME } from './format.ts';
import { eventJsonLd, headTags } from './head.ts';
import { html, Raw, scriptJson } from './html.ts';
import { embedDocument, eventBody, programmeBody, quarterBody } from './pages.ts';
import type { PublicEventItem } from './service.ts';
import { frameAncestors } from './embed.ts';
import { atomFeed, sitemap } from './xml.ts';
import {
  directoryBody,
  directoryFilter,
  directoryTitle,
  portraitImage,
  profileBody,
  profileDescription,
  profileJsonLd,
  profilePath,
  PROFILE_DATA_ID,
} from './profile-pages.ts';

/** The id of the data block with the event that the app's event page starts from (no second request). */
export const EVENT_DATA_ID = 'ssr-event-data';

/** Pages, not API: anyone may read them, and the OpenAPI document leaves them out. */
const read = { schema: { hide: true }, config: { access: { action: 'programme.read' as const } } };
const readProfiles = { schema: { hide: true }, config: { access: { action: 'profile.read' as const } } };
const notFound = () => new AppError('NOT_FOUND', 'event.notFound');

/** The entry's data as the API gives it (without the internal `updated`). */
const asPublic = ({ updated: _, ...e }: PublicEventItem): PublicEvent => e;

export default fp(
  async (app) => {
    const service = app.publicWeb;
    const base = app.config.publicUrl;

    /** A server-rendered page in the shell; without a built client, the content alone (still readable). */
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
          body: '<main class="ssr-main"><h1>Seite nicht gefunden</h1><p><a href="/programme">Zum Programm</a></p></main>',
        },
        404,
      );

    app.get<{ Params: { slug: string } }>('/programm/:slug', read, async (req, reply) => {
      const found = await service.event(req.params.slug);
      if (!found) return notFoundPage(reply);
      const { event: e, canonical } = found;
      if (!canonical) return reply.redirect(`/programm/${e.slug}`, 301);
      const url = `${base}/programm/${e.slug}`;
      const name = eventName(e);
      const title = `${e.status === 'cancelled' ? 'Abgesagt: ' : ''}${name} – ${SITE_NAME}`;
      const description = [
        e.status === 'cancelled' ? 'Abgesagt.' : '',
        spanLine(e),
        `${e.storefront.title}, ${e.storefront.address}.`,
        e.description,
      ]
        .filter(Boolean)
        .join(' ');
      const extra = html`${eventJsonLd(e, url, base)}
    <script type="application/json" id="${EVENT_DATA_ID}">${new Raw(scriptJson(asPublic(e)))}</script>`;
      return sendPage(reply, {
        title: html`${title}`.html,
        head: headTags({
          title: name,
          description,
          url,
          image: e.image && { ...e.image, url: new URL(e.image.url, `${base}/`).toString() },
          extra,
        }),
        body: eventBody(e, url).html,
      });
    });

    // The event pages live under /programm/; the programme itself is at /programme.
    app.get('/programm', read, async (_req, reply) => reply.redirect('/programme', 301));

    app.get('/programme', read, async (_req, reply) => {
      const events = await service.upcoming();
      const url = `${base}/programme`;
      return sendPage(reply, {
        title: html`Programm – ${SITE_NAME}`.html,
        head: headTags({
          title: `Programm – ${SITE_NAME}`,
          description: `Ausstellungen, Installationen, Workshops und Eröffnungen in leerstehenden Ladenlokalen: ${events.length} kommende Termine.`,
          url,
          extra: html`<link rel="alternate" type="application/atom+xml" title="${SITE_NAME} – Programm" href="${base}/programm.atom">`,
        }),
        body: programmeBody(events).html,
      });
    });

    app.get<{ Params: { quarter: string } }>('/quartiere/:quarter', read, async (req, reply) => {
      const q = await service.quarter(req.params.quarter);
      if (!q) return notFoundPage(reply);
      // By id (the programme's quarter filter links so): the page's one address is the slug's.
      if (q.slug !== req.params.quarter) return reply.redirect(`/quartiere/${encodeURIComponent(q.slug)}`, 301);
      const events = await service.upcoming({ quarter: q.slug });
      const url = `${base}/quartiere/${encodeURIComponent(q.slug)}`;
      return sendPage(reply, {
        title: html`${q.name} – ${SITE_NAME}`.html,
        head: headTags({
          title: `${q.name} – ${SITE_NAME}`,
          description: q.description || `Das Programm im Kreativquartier ${q.name}: ${events.length} kommende Termine.`,
          url,
        }),
        body: quarterBody(q, events, base).html,
      });
    });

    app.get<{ Params: { quarter: string } }>('/einbetten/:quarter', read, async (req, reply) => {
      const q = await service.quarter(req.params.quarter);
      if (!q) return notFoundPage(reply);
      if (q.slug !== req.params.quarter) return reply.redirect(`/einbetten/${encodeURIComponent(q.slug)}`, 301);
      const csp = reply.getHeader('content-security-policy');
      reply.removeHeader('x-frame-options');
      if (typeof csp === 'string') reply.header('content-security-policy', frameAncestors(csp, app.config.embedOrigins));
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(embedDocument(q, await service.upcoming({ quarter: q.slug }), base));
    });

    app.get<{ Querystring: Record<string, unknown> }>('/kreative', readProfiles, async (req, reply) => {
      const filter = directoryFilter(req.query);
      const directory = await app.profiles.listPublishedProfiles({ ...filter, limit: 200, offset: 0 });
      const { title, description } = directoryTitle(directory.total);
      return sendPage(reply, {
        title: html`${title}`.html,
        head: headTags({ title, description, url: `${base}/kreative` }),
        body: directoryBody(directory, filter).html,
      });
    });

    app.get<{ Params: { slug: string } }>('/kreative/:slug', readProfiles, async (req, reply) => {
      // Read on every request (no cache): a profile unpublished a moment ago is 404 at once.
      const p = await app.profiles.publishedProfileBySlug(req.params.slug);
      if (!p) return notFoundPage(reply);
      const url = `${base}${profilePath(p.slug)}`;
      const image = portraitImage(p.portrait, p.displayName, base);
      const extra = html`${profileJsonLd(p, url, image)}
    <script type="application/json" id="${PROFILE_DATA_ID}">${new Raw(scriptJson(p))}</script>`;
      return sendPage(reply, {
        title: html`${p.displayName} – ${SITE_NAME}`.html,
        head: headTags({ title: p.displayName, description: profileDescription(p), url, image, type: 'profile', extra }),
        body: profileBody(p, portraitImage(p.portrait, p.displayName)).html,
      });
    });

    app.get('/sitemap.xml', read, async (_req, reply) => {
      const [events, quarters, profiles] = await Promise.all([
        service.events(),
        service.quarters(),
        app.profiles.publishedSlugs(),
      ]);
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=600')
        .send(
          sitemap(
            base,
            events.filter((e) => e.status === 'scheduled'),
            quarters.map((q) => q.slug),
            profiles,
          ),
        );
    });

    app.get('/programm.atom', read, async (_req, reply) =>
      reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=600')
        .send(atomFeed(base, await service.upcoming())),
    );

    app.get('/robots.txt', read, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(`User-agent: *\nDisallow: /api/\nDisallow: /einbetten/\nAllow: /\n\nSitemap: ${base}/sitemap.xml\n`),
    );

    route(app, publicWebRoutes.event, { access: { action: 'programme.read' } }, async (req) => {
      const found = await service.event(req.params.slug);
      if (!found) throw notFound();
      return asPublic(found.event);
    });

    route(app, publicWebRoutes.eventCalendar, { access: { action: 'programme.read' } }, async (req, reply) => {
      const found = await service.event(req.params.slug);
      if (!found) throw notFound();
      const e = found.event;
      // As the programme feed shows it (same UID and summary), with the page's address. Recurring opening
      // hours are one event per open day there too (see feedOccurrences in feeds/ical.ts).
      const sequence = await service.sequence(e);
      const spans = e.recurring
        ? e.days.map((d) => ({ uid: `${e.planId}-${e.entryId}~${d.day.replaceAll('-', '')}`, start: d.start, end: d.end }))
        : [{ uid: `${e.planId}-${e.entryId}`, start: e.start, end: e.end }];
      const body = await buildCalendar(
        eventName(e),
        spans.map((s) => ({
          uid: `${s.uid}@kreativquartiere-planner`,
          summary: summaryOf(e.planTitle, e),
          description: [e.description, `${base}/programm/${e.slug}`].filter(Boolean).join('\n\n'),
          start: s.start,
          end: s.end,
          location: e.storefront.address,
          status: e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
          sequence,
        })),
      );
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${e.slug}.ics"`)
        .header('cache-control', 'no-cache')
        .send(body);
    });
  },
  { name: 'routes-public-web', dependencies: ['config', 'client', 'auth', 'public-web', 'profiles'] },
);
