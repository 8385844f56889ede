import fp from 'fastify-plugin';
import type { Finding } from '@planner/shared/checks/index';
import { KeyedDebouncer } from '../../platform/keyed-debounce.ts';
import { ChecksService, forMember } from './service.ts';
import { rotaFindingSource } from '../rota/finding-source.ts';

declare module 'fastify' {
  interface FastifyInstance {
    checks: ChecksService & {
      schedule(planId: string): void;
      /** Re-runs the checks of the storefront's live plans (after an edit of the storefront). */
      storefrontChanged(storefrontId: string): Promise<void>;
      idle(): Promise<void>;
    };
  }
}

const DEBOUNCE_MS = 300;

/**
 * The conflict checks, live: after document changes (debounced per plan) and whenever a caller asks
 * (`app.checks.schedule(planId)`, e.g. the plan lifecycle's subscriber after every transition), the
 * plan's findings are recomputed with its storefront and the other live plans; a change is announced
 * to the plan room (`checks:changed`) and to staff (`checks:city-changed`). Plans affected through a
 * cross-plan finding are recomputed too. `app.checks.idle()` waits until nothing is pending.
 */
export default fp(
  async (app) => {
    const service = new ChecksService(app.db, (id, fn) => app.sync.withDoc(id, fn), undefined, rotaFindingSource(app.db));
    const announce = async (planId: string, raw: Finding[]) => {
      const findings = await service.withNames(raw);
      // The room's readers differ: the event hides every other plan; pages that may name it refetch.
      const ownIds = await service.ownIds(planId);
      app.realtime.rooms.toPlan(planId, 'checks:changed', { planId, findings: forMember(findings, planId, ownIds) });
      app.realtime.rooms.toStaff('checks:city-changed', { planId });
    };

    const run = async (planId: string) => {
      if (!(await app.plans.docs.isPlan(planId))) return; // a document that is not a plan
      const changed = await service.refresh(planId, { fromDoc: true });
      if (changed) await announce(planId, changed);
      for (const other of await service.related(planId)) {
        const otherChanged = await service.refresh(other);
        if (otherChanged) await announce(other, otherChanged);
      }
    };

    const debouncer = new KeyedDebouncer(DEBOUNCE_MS, run, (err, planId) => app.log.error({ err, planId }, 'checks failed'));
    const schedule = (planId: string) => debouncer.schedule(planId);
    const idle = () => debouncer.idle();

    const storefrontChanged = async (storefrontId: string) => {
      for (const id of await service.plansAt(storefrontId)) schedule(id);
    };

    app.decorate('checks', Object.assign(service, { schedule, storefrontChanged, idle }));
    const stop = app.sync.onUpdate((docId) => schedule(docId));

    app.addHook('onClose', async () => {
      stop();
      await debouncer.close();
    });
  },
  { name: 'checks', dependencies: ['database', 'sync', 'realtime', 'plans'] },
);
