import fp from 'fastify-plugin';
import { consentRoutes } from '@planner/shared';
import { consentHash, readLivePlan } from '@planner/shared/plan/index';
import { route } from '../../platform/http/routes.ts';
import { KeyedDebouncer } from '../../platform/keyed-debounce.ts';
import { planResource } from '../accounts/plugin.ts';
import { reviewPeople } from '../review/repo.ts';
import { consentAudience, latestConsent, setConsentStale } from './repo.ts';
import { ConsentService } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    consent: ConsentService & { idle(): Promise<void> };
  }
}

/** Layout and schedule edits within this window are checked for consent staleness together. */
const DEBOUNCE_MS = 150;

/**
 * The storefront owner's consent (issue 13): `GET /api/plans/:planId/consent` (readers of the plan) ·
 * `POST /api/plans/:planId/consent` (the storefront's owner). Consent binds the hash of schedule and
 * layout; after document edits (debounced per plan) the latest consent's stored `stale` flag is
 * written conditionally, so of all instances exactly one reports the change: to the plan room
 * (`consent:stale`) and, when it went stale, to staff (the approving reviewer, else every staff account).
 */
export default fp(
  async (app) => {
    const service = new ConsentService(app.db, app.review.docs);

    const check = async (planId: string) => {
      if (!(await app.plans.docs.isPlan(planId))) return;
      const latest = await latestConsent(app.db, planId);
      if (!latest) return;
      const hash = await app.sync.withDoc(planId, async (doc) => consentHash(readLivePlan(doc).plan));
      const stale = hash !== latest.consentHash;
      if (!(await setConsentStale(app.db, latest.id, stale))) return;
      app.realtime.rooms.toPlan(planId, 'consent:stale', { planId, consentId: latest.id, stale, at: new Date().toISOString() });
      if (!stale) return;
      const p = await reviewPeople(app.db, planId, null);
      await app.notifications.notify(
        (await consentAudience(app.db, planId)).map((userId) => ({
          userId,
          kind: 'consent-stale' as const,
          planId,
          actorId: null,
          key: 'notification.consentStale' as const,
          params: { plan: p.title },
        })),
      );
    };

    const debouncer = new KeyedDebouncer(DEBOUNCE_MS, check, (err, planId) =>
      app.log.error({ err, planId }, 'consent staleness check failed'),
    );

    const offUpdate = app.sync.onUpdate((docId, _update, origin) => {
      if (origin.kind !== 'store') debouncer.schedule(docId);
    });

    app.decorate('consent', Object.assign(service, { idle: () => debouncer.idle() }));

    route(app, consentRoutes.state, { access: { action: 'plan.read', resource: planResource } }, async (req) =>
      service.state(req.params.planId),
    );

    route(app, consentRoutes.give, { access: { action: 'plan.consent', resource: planResource } }, async (req, reply) => {
      const { planId } = req.params;
      const consent = await service.give(planId, req.actor!.userId, req.body, req.ip ?? null);
      app.realtime.rooms.toPlan(planId, 'consent:recorded', consent);
      // Staff hear of it after the commit; a failure here is logged, the consent stands.
      try {
        const p = await reviewPeople(app.db, planId, req.actor!.userId);
        await app.notifications.notify(
          (await consentAudience(app.db, planId)).map((userId) => ({
            userId,
            kind: 'consent-given' as const,
            planId,
            actorId: req.actor!.userId,
            key:
              consent.decision === 'agreed' ? ('notification.consentGiven' as const) : ('notification.consentObjected' as const),
            params: { plan: p.title },
          })),
        );
      } catch (err) {
        req.log.error({ err, planId }, 'consent notification failed');
      }
      return reply.status(201).send(consent);
    });

    app.addHook('preClose', async () => {
      offUpdate();
      await debouncer.close();
    });
  },
  { name: 'consent', dependencies: ['auth', 'database', 'sync', 'realtime', 'review', 'notifications', 'plans'] },
);
