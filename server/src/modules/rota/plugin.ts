import fp from 'fastify-plugin';
import { RotaService, type RotaChange } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    rota: RotaService & {
      /** After a committed change: tells the plan room and the people concerned, and re-runs the checks it may move. */
      announce<T>(change: RotaChange<T>): Promise<T>;
    };
  }
}

/**
 * The duty rota (issue 18). A change is announced after its commit: `rota:changed` to the plan room and
 * to the rooms of the accounts whose shifts moved (their "Heute" view), and the checks of this plan
 * and of the plans sharing people with it are re-run, so uncovered hours and double bookings appear
 * and clear in every plan's findings live (`checks:changed`).
 */
export default fp(
  async (app) => {
    const service = new RotaService(app.db);
    const announce = async <T>(change: RotaChange<T>): Promise<T> => {
      const { planId, userIds } = change;
      app.realtime.rooms.toPlan(planId, 'rota:changed', { planId });
      for (const userId of new Set(userIds)) app.realtime.rooms.toUser(userId, 'rota:changed', { planId });
      try {
        app.checks.schedule(planId);
        for (const other of await service.plansSharingPeople(planId, userIds)) {
          app.checks.schedule(other);
          app.realtime.rooms.toPlan(other, 'rota:changed', { planId: other });
        }
      } catch (err) {
        // The change is committed; the checks catch up on the next run.
        app.log.error({ err, planId }, 'scheduling rota checks failed');
      }
      return change.result;
    };
    app.decorate('rota', Object.assign(service, { announce }));
  },
  { name: 'rota', dependencies: ['database', 'realtime', 'checks'] },
);
