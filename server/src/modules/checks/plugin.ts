import fp from 'fastify-plugin';
import type { Finding } from '@planner/shared/checks/index';
import { ChecksService } from './service.ts';
import { planResource } from '../accounts/plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    checks: ChecksService & { schedule(planId: string): void; idle(): Promise<void> };
  }
}

const DEBOUNCE_MS = 300;

/** Cross-plan findings name the other plan; people who cannot see it get a neutral placeholder. */
function forMember(findings: Finding[], planId: string): Finding[] {
  return findings.map((f) =>
    f.ids.some((id) => id !== planId) && f.planIds.length > 1
      ? { ...f, params: Object.fromEntries(Object.entries(f.params).map(([k, v]) => [k, k.startsWith('other') ? '—' : v])) }
      : f,
  );
}

/**
 * The conflict checks, live: after document changes (debounced per plan) and lifecycle transitions,
 * the plan's findings are recomputed with its storefront and the other live plans; a change is
 * announced to the plan room (`checks:changed`) and to staff (`checks:city-changed`). Plans affected
 * through a cross-plan finding are recomputed too.
 * `GET /api/plans/:planId/checks` (plan members, owner, staff) · `GET /api/checks` (staff, all plans).
 */
export default fp(
  async (app) => {
    const service = new ChecksService(app.db, (id, fn) => app.sync.withDoc(id, fn));
    const timers = new Map<string, NodeJS.Timeout>();
    const running = new Set<Promise<void>>();
    let closing = false;

    /** Findings name people by user id; people read names. */
    const withNames = async (findings: Finding[]): Promise<Finding[]> => {
      const ids = [...new Set(findings.map((f) => f.params.assignee).filter((v): v is string => typeof v === 'string'))];
      if (!ids.length) return findings;
      const { rows } = await app.db.query<{ id: string; name: string }>('select id, name from users where id = any($1)', [ids]);
      const names = new Map(rows.map((r) => [r.id, r.name]));
      return findings.map((f) =>
        typeof f.params.assignee === 'string' && names.has(f.params.assignee) ? { ...f, params: { ...f.params, assignee: names.get(f.params.assignee)! } } : f,
      );
    };

    const announce = async (planId: string, raw: Finding[]) => {
      const findings = await withNames(raw);
      app.realtime.rooms.toPlan(planId, 'checks:changed', { planId, findings: forMember(findings, planId) });
      app.realtime.rooms.toStaff('checks:city-changed', { planId });
    };

    const run = async (planId: string) => {
      const { rows } = await app.db.query('select 1 from plans where id = $1', [planId]);
      if (!rows.length) return; // a document that is not a plan
      const changed = await service.refresh(planId, { fromDoc: true });
      if (changed) await announce(planId, changed);
      for (const other of await service.related(planId)) {
        const otherChanged = await service.refresh(other);
        if (otherChanged) await announce(other, otherChanged);
      }
    };

    const schedule = (planId: string) => {
      if (closing) return;
      clearTimeout(timers.get(planId));
      timers.set(
        planId,
        setTimeout(() => {
          timers.delete(planId);
          const p = run(planId)
            .catch((err) => app.log.error({ err, planId }, 'checks failed'))
            .finally(() => running.delete(p));
          running.add(p);
        }, DEBOUNCE_MS),
      );
    };

    const idle = async () => {
      while (timers.size || running.size) {
        await Promise.all([...running]);
        if (timers.size) await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
      }
    };

    app.decorate('checks', Object.assign(service, { schedule, idle }));
    const stop = app.sync.onUpdate((docId) => schedule(docId));
    app.planHooks.after.push(({ planId }) => schedule(planId));

    app.get('/api/plans/:planId/checks', { preHandler: app.requirePermission('plan.read', planResource) }, async (req) => {
      const planId = req.planContext!.planId;
      const findings = await withNames(await service.findingsOf(planId));
      return { planId, findings: req.actor?.staff ? findings : forMember(findings, planId) };
    });

    app.get('/api/checks', { preHandler: app.requirePermission('checks.readAll') }, async () => {
      const findings = await withNames(await service.city());
      const { rows } = await app.db.query<{ id: string; title: string; status: string; storefront_id: string }>(
        `select id, title, status, storefront_id from plans where status in ('draft', 'submitted', 'approved', 'published')`,
      );
      return {
        findings,
        plans: rows.map((r) => ({ id: r.id, title: r.title, status: r.status, storefrontId: r.storefront_id })),
      };
    });

    app.addHook('onClose', async () => {
      closing = true;
      stop();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.all([...running]);
    });
  },
  { name: 'checks', dependencies: ['database', 'sync', 'realtime', 'auth', 'routes-plans'] },
);
