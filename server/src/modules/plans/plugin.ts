import fp from 'fastify-plugin';
import { syncDocReader } from '../review/docs.ts';
import { DomainEvents } from './events.ts';
import { PlanLifecycle } from './lifecycle.ts';
import { PlanDocs } from './plan-docs.ts';
import { MemberService } from './service.ts';

export interface PlanServices {
  lifecycle: PlanLifecycle;
  members: MemberService;
  /** Which live documents are plans (asked by the modules that react to every edit). */
  docs: PlanDocs;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The domain events of the app; subscribers are listed in modules/subscribers.ts. */
    events: DomainEvents;
    plans: PlanServices;
  }
}

/**
 * The plans capability's services: the plan lifecycle (one transaction per transition, domain events
 * after the commit) and memberships. Also owns the app's domain event emitter.
 */
export default fp(
  async (app) => {
    const events = new DomainEvents((err, event, subscriber) =>
      app.log.error({ err, event, subscriber }, 'a subscriber of a committed change failed'),
    );
    const lifecycle = new PlanLifecycle(app.db, syncDocReader(app.sync), events);
    const members = new MemberService(app.db, (planId, userId, access) =>
      app.auth.revocations.publish({ type: 'plan-access', planId, userId, access }),
    );
    app.decorate('events', events);
    app.decorate('plans', { lifecycle, members, docs: new PlanDocs(app.db) } satisfies PlanServices);
  },
  { name: 'plans', dependencies: ['database', 'sync', 'auth'] },
);
