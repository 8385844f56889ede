import fp from 'fastify-plugin';
import { ActivityQuery, type ActivityEntry } from '@planner/shared';
import { parseInput } from '../../platform/errors.ts';

/** `GET /api/activity?planId=&limit=&before=` (staff): who did what, when — newest first. */
export default fp(
  async (app) => {
    app.get('/api/activity', { preHandler: app.requirePermission('activity.read') }, async (req) => {
      const q = parseInput(ActivityQuery, req.query, 'query');
      const params: unknown[] = [q.limit];
      const where: string[] = [];
      if (q.planId) where.push(`a.plan_id = $${params.push(q.planId)}`);
      if (q.before) where.push(`a.id < $${params.push(q.before)}`);
      const { rows } = await app.db.query<{
        id: number;
        at: Date | string;
        actor_id: string | null;
        actor_name: string | null;
        action: string;
        subject_type: string | null;
        subject_id: string | null;
        plan_id: string | null;
        details: Record<string, unknown>;
      }>(
        `select a.id::int as id, a.at, a.actor_id, u.name as actor_name, a.action, a.subject_type, a.subject_id, a.plan_id, a.details
           from activity a left join users u on u.id = a.actor_id
          ${where.length ? 'where ' + where.join(' and ') : ''}
          order by a.id desc limit $1`,
        params,
      );
      const items: ActivityEntry[] = rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        planId: r.plan_id,
        details: r.details,
      }));
      return { items };
    });
  },
  { name: 'routes-activity', dependencies: ['auth', 'database'] },
);
