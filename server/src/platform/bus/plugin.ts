import fp from 'fastify-plugin';
import type { PubSub } from './pubsub.ts';
import { openBus } from './open.ts';

declare module 'fastify' {
  interface FastifyInstance {
    bus: PubSub;
  }
}

export interface BusPluginOptions {
  /** An already-open bus (tests share an in-process hub between instances); not closed here. */
  bus?: PubSub;
}

/** The fan-out bus between instances: Redis when configured, else in-process. */
export default fp<BusPluginOptions>(
  async (app, opts) => {
    const owned = !opts.bus;
    const bus = opts.bus ?? (await openBus({ redis: app.config.redis, log: (fields, msg) => app.log.error(fields, msg) }));
    app.decorate('bus', bus);
    if (owned) app.addHook('onClose', async () => bus.close());
  },
  { name: 'bus', dependencies: ['config'] },
);
