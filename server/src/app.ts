import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { PubSub } from './platform/bus/pubsub.ts';
import configPlugin from './platform/config-plugin.ts';
import errorsPlugin, { frameworkErrors } from './platform/http/error-handler.ts';
import schemasPlugin from './platform/http/schemas.ts';
import securityPlugin from './platform/http/security.ts';
import databasePlugin, { openMigrated } from './platform/db/plugin.ts';
import busPlugin from './platform/bus/plugin.ts';
import drainPlugin from './platform/http/drain.ts';
import requestIdPlugin, { genReqId } from './platform/http/request-id.ts';
import metricsPlugin from './platform/metrics/plugin.ts';
import readCachePlugin from './platform/read-cache/plugin.ts';
import upgradesPlugin from './platform/http/upgrades.ts';
import docAccessPlugin, { type DocAuthorizer } from './modules/realtime/doc-access.ts';
import syncPlugin from './modules/realtime/sync-plugin.ts';
import healthRoutes from './platform/http/health.ts';
import clientPlugin from './platform/http/client.ts';
import './platform/banner.ts';
import authPlugin from './modules/accounts/plugin.ts';
import idempotencyPlugin from './platform/http/idempotency.ts';
import realtimePlugin from './modules/realtime/plugin.ts';
import authRoutes from './modules/accounts/routes.ts';
import ssoPlugin from './modules/accounts/sso/plugin.ts';
import invitationsPlugin from './modules/invitations/plugin.ts';
import invitationRoutes from './modules/invitations/routes.ts';
import memberRoutes from './modules/plans/members-routes.ts';
import demoPlugin from './modules/demo/plugin.ts';
import quartersPlugin from './modules/quarters/plugin.ts';
import quarterRoutes from './modules/quarters/routes.ts';
import storefrontsPlugin from './modules/storefronts/plugin.ts';
import storefrontRoutes from './modules/storefronts/routes.ts';
import plansPlugin from './modules/plans/plugin.ts';
import planRoutes from './modules/plans/routes.ts';
import housekeepingRoutes from './modules/plans/housekeeping.ts';
import retentionPlugin from './modules/retention/retention.ts';
import checksPlugin from './modules/checks/plugin.ts';
import checkRoutes from './modules/checks/routes.ts';
import activityPlugin from './modules/activity/plugin.ts';
import activityRoutes from './modules/activity/routes.ts';
import reviewPlugin from './modules/review/plugin.ts';
import subscribersPlugin from './modules/subscribers.ts';
import reviewRoutes from './modules/review/routes.ts';
import notificationsPlugin from './modules/notifications/plugin.ts';
import teamPlugin from './modules/team/plugin.ts';
import notificationRoutes from './modules/notifications/routes.ts';
import commentsPlugin from './modules/comments/plugin.ts';
import commentRoutes from './modules/comments/routes.ts';
import feedsPlugin from './modules/feeds/plugin.ts';
import publicationPlugin from './modules/publication/plugin.ts';
import feedRoutes from './modules/feeds/routes.ts';
import occupancyRoutes from './modules/storefronts/occupancy.ts';
import quarterPageRoutes from './modules/quarters/pages.ts';
import consentPlugin from './modules/consent/plugin.ts';
import blobsPlugin from './platform/blobs/plugin.ts';
import mediaPlugin from './modules/media/plugin.ts';
import mediaRoutes from './modules/media/routes.ts';
import attendancePlugin from './modules/attendance/plugin.ts';
import attendanceRoutes from './modules/attendance/routes.ts';
import reportsPlugin from './modules/reports/plugin.ts';
import reportRoutes from './modules/reports/routes.ts';
import underlayPlugin from './modules/underlay/plugin.ts';
import underlayRoutes from './modules/underlay/routes.ts';
import rotaPlugin from './modules/rota/plugin.ts';
import rotaRoutes from './modules/rota/routes.ts';
import privacyPlugin from './modules/privacy/plugin.ts';
import privacyRoutes from './modules/privacy/routes.ts';
import publicWebPlugin from './modules/public-web/plugin.ts';
import publicWebRoutes from './modules/public-web/routes.ts';
import type { PublicEventImages } from './modules/public-web/images.ts';
import storefrontPhotoRoutes from './modules/media/photos-routes.ts';
import profilesPlugin from './modules/profiles/plugin.ts';
import profileRoutes from './modules/profiles/routes.ts';
import handoverPlugin from './modules/handover/plugin.ts';
import handoverRoutes from './modules/handover/routes.ts';
import applicationsPlugin from './modules/applications/plugin.ts';
import applicationRoutes from './modules/applications/routes.ts';
import applicationRetentionPlugin from './modules/applications/retention.ts';
import callsPlugin from './modules/calls/plugin.ts';
import callRoutes from './modules/calls/routes.ts';
import juryPlugin from './modules/jury/plugin.ts';
import juryRoutes from './modules/jury/routes.ts';
import selectionPlugin from './modules/selection/plugin.ts';
import selectionRoutes from './modules/selection/routes.ts';

export interface BuildOptions {
  config: Config;
  /** Share an open database (tests); the app then does not close it. */
  db?: Database;
  /** Share an open bus (tests); the app then does not close it. */
  bus?: PubSub;
  /** Replace the accounts-based websocket authorization (tests of the sync layer). */
  docAuthorizer?: DocAuthorizer;
  logger?: FastifyServerOptions['logger'];
  /** Pictures of public entries for their pages (public-web); default: none. */
  eventImages?: PublicEventImages;
}

/** Wires the plugin tree. Starting and stopping is main.ts's job. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: opts.config.logLevel },
    bodyLimit: 1024 * 1024,
    // X-Forwarded-For only from the proxies named in TRUST_PROXY; by default the socket's peer is the client.
    // (Fastify takes a hop count at run time; its types omit the number form.)
    trustProxy: opts.config.trustProxy as boolean | string[],
    forceCloseConnections: true,
    // Every log line of a request carries its id (`reqId`): a proxy's safe X-Request-Id, else a UUID.
    genReqId,
    // A URL Fastify cannot route (bad percent-encoding, over-long parameter): a 400 naming it, in the shared error body.
    frameworkErrors,
    // A path parameter longer than find-my-way's default (100) would not match its route at all, and fall
    // through to the client's SPA fallback as a 404; long enough here that the route's param schema
    // refuses it with a 400 naming the parameter (the REST fuzz found this).
    routerOptions: { maxParamLength: 2048 },
    // Seeding the demo city on a first start is slow on a loaded 2-core machine; the default is 10 s.
    pluginTimeout: 60_000,
  });
  await app.register(configPlugin, { config: opts.config });
  await app.register(requestIdPlugin);
  await app.register(errorsPlugin);
  await app.register(securityPlugin);
  await app.register(schemasPlugin);
  // Early, so that its timing hook sees the routes; it reads the database, bus and sync at scrape time.
  await app.register(metricsPlugin);
  const db = await openMigrated(opts.config, app.log, opts.db);
  await app.register(databasePlugin, { db, owned: !opts.db });
  await app.register(readCachePlugin);
  await app.register(busPlugin, { bus: opts.bus });
  await app.register(drainPlugin);
  await app.register(upgradesPlugin);
  await app.register(docAccessPlugin, { docAuthorizer: opts.docAuthorizer });
  await app.register(syncPlugin);
  await app.register(healthRoutes);
  await app.register(clientPlugin);
  await app.register(authPlugin);
  await app.register(idempotencyPlugin);
  await app.register(realtimePlugin);
  await app.register(ssoPlugin);
  await app.register(authRoutes);
  await app.register(invitationsPlugin);
  await app.register(invitationRoutes);
  await app.register(plansPlugin);
  await app.register(memberRoutes);
  await app.register(quartersPlugin);
  await app.register(quarterRoutes);
  await app.register(storefrontsPlugin);
  await app.register(storefrontRoutes);
  await app.register(planRoutes);
  await app.register(housekeepingRoutes);
  await app.register(retentionPlugin);
  await app.register(checksPlugin);
  await app.register(checkRoutes);
  await app.register(activityPlugin);
  await app.register(activityRoutes);
  await app.register(reviewPlugin);
  await app.register(notificationsPlugin);
  await app.register(teamPlugin);
  await app.register(commentsPlugin);
  await app.register(subscribersPlugin);
  await app.register(reviewRoutes);
  await app.register(commentRoutes);
  await app.register(notificationRoutes);
  await app.register(feedsPlugin);
  await app.register(feedRoutes);
  await app.register(occupancyRoutes);
  await app.register(quarterPageRoutes);
  await app.register(publicationPlugin);
  await app.register(consentPlugin);
  await app.register(blobsPlugin);
  await app.register(mediaPlugin);
  await app.register(mediaRoutes);
  await app.register(attendancePlugin);
  await app.register(attendanceRoutes);
  await app.register(reportsPlugin);
  await app.register(reportRoutes);
  await app.register(underlayPlugin);
  await app.register(underlayRoutes);
  await app.register(rotaPlugin);
  await app.register(rotaRoutes);
  await app.register(profilesPlugin);
  await app.register(privacyPlugin);
  await app.register(privacyRoutes);
  await app.register(publicWebPlugin, { images: opts.eventImages });
  await app.register(publicWebRoutes);
  await app.register(storefrontPhotoRoutes);
  await app.register(profileRoutes);
  await app.register(handoverPlugin);
  await app.register(handoverRoutes);
  await app.register(applicationsPlugin);
  await app.register(applicationRoutes);
  await app.register(applicationRetentionPlugin);
  await app.register(callsPlugin);
  await app.register(callRoutes);
  await app.register(juryPlugin);
  await app.register(juryRoutes);
  await app.register(selectionPlugin);
  await app.register(selectionRoutes);
  await app.register(demoPlugin);
  return app;
}
