import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { PubSub } from './bus/pubsub.ts';
import configPlugin from './plugins/config.ts';
import errorsPlugin from './plugins/errors.ts';
import databasePlugin from './plugins/database.ts';
import busPlugin from './plugins/bus.ts';
import upgradesPlugin from './plugins/upgrades.ts';
import docAccessPlugin, { type DocAuthorizer } from './plugins/doc-access.ts';
import syncPlugin from './plugins/sync.ts';
import healthRoutes from './routes/health.ts';
import clientPlugin from './plugins/client.ts';
import './plugins/banner.ts';
import authPlugin from './plugins/auth.ts';
import realtimePlugin from './plugins/realtime.ts';
import authRoutes from './routes/auth.ts';
import invitationRoutes from './routes/invitations.ts';
import memberRoutes from './routes/members.ts';
import demoPlugin from './demo/plugin.ts';
import storefrontRoutes from './routes/storefronts.ts';
import planRoutes from './routes/plans.ts';
import checksPlugin from './plugins/checks.ts';
import activityRoutes from './routes/activity.ts';
import reviewPlugin from './plugins/review.ts';
import approvalRoutes from './routes/approvals.ts';
import versionRoutes from './routes/versions.ts';
import commentRoutes from './routes/comments.ts';
import notificationRoutes from './routes/notifications.ts';
import feedRoutes from './routes/feeds.ts';
import programmeRoutes from './routes/programme.ts';

export interface BuildOptions {
  config: Config;
  /** Share an open database (tests); the app then does not close it. */
  db?: Database;
  /** Share an open bus (tests); the app then does not close it. */
  bus?: PubSub;
  /** Replace the accounts-based websocket authorization (tests of the sync layer). */
  docAuthorizer?: DocAuthorizer;
  logger?: FastifyServerOptions['logger'];
}

/** Wires the plugin tree. Starting and stopping is main.ts's job. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: opts.config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    forceCloseConnections: true,
  });
  await app.register(configPlugin, { config: opts.config });
  await app.register(errorsPlugin);
  await app.register(databasePlugin, { db: opts.db });
  await app.register(busPlugin, { bus: opts.bus });
  await app.register(upgradesPlugin);
  await app.register(docAccessPlugin, { docAuthorizer: opts.docAuthorizer });
  await app.register(syncPlugin);
  await app.register(healthRoutes);
  await app.register(clientPlugin);
  await app.register(authPlugin);
  await app.register(realtimePlugin);
  await app.register(authRoutes);
  await app.register(invitationRoutes);
  await app.register(memberRoutes);
  await app.register(storefrontRoutes);
  await app.register(planRoutes);
  await app.register(checksPlugin);
  await app.register(activityRoutes);
  await app.register(reviewPlugin);
  await app.register(approvalRoutes);
  await app.register(versionRoutes);
  await app.register(commentRoutes);
  await app.register(notificationRoutes);
  await app.register(feedRoutes);
  await app.register(programmeRoutes);
  await app.register(demoPlugin);
  return app;
}
