/**
 * Quarter pages (issue 14): `GET /api/quarters/:quarter` (anyone; by slug or id) shows the quarter's
 * description, its contact person, its storefronts and the upcoming public entries of the programme
 * there; `PATCH /api/quarters/:quarter` (staff) changes name, description and contact.
 */
import fp from 'fastify-plugin';
import { placesRoutes, type QuarterPage, type QuarterPatch } from '@planner/shared';
import { berlinDay } from '@planner/shared/plan/berlin-time';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { route } from '../../platform/http/routes.ts';
import type { ProgrammeService } from '../feeds/programme.ts';
import { findQuarter, quarterStorefronts, updateQuarter } from './pages-repo.ts';

const notFound = () => new AppError('NOT_FOUND', 'quarter.notFound');

export class QuarterPages {
  constructor(
    private readonly db: Queryable,
    private readonly programme: () => ProgrammeService,
  ) {}

  /** The page of a quarter by slug or id; upcoming entries from today (Berlin) on. */
  async page(key: string, now = Date.now()): Promise<QuarterPage> {
    const q = await findQuarter(this.db, key);
    if (!q) throw notFound();
    const storefronts = await quarterStorefronts(this.db, q.id);
    const entries = await this.programme().entries({ quarter: q.id, from: berlinDay(now) });
    return {
      id: q.id,
      name: q.name,
      slug: q.slug,
      description: q.description,
      contact: { name: q.contact_name, email: q.contact_email, phone: q.contact_phone },
      established: q.established,
      storefronts: storefronts.map((s) => ({ id: s.id, title: s.title, address: s.address, status: s.status })),
      entries: entries.filter((e) => Date.parse(e.end) > now),
    };
  }

  async update(key: string, patch: QuarterPatch): Promise<QuarterPage> {
    const q = await findQuarter(this.db, key);
    if (!q) throw notFound();
    await updateQuarter(this.db, q.id, patch);
    return this.page(q.id);
  }
}

export default fp(
  async (app) => {
    const pages = new QuarterPages(app.db, () => app.feeds.programme);
    route(app, placesRoutes.quarter, { access: { action: 'quarter.read' } }, async (req) => pages.page(req.params.quarter));
    route(app, placesRoutes.quarterUpdate, { access: { action: 'quarter.edit' } }, async (req) =>
      pages.update(req.params.quarter, req.body),
    );
  },
  { name: 'routes-quarter-pages', dependencies: ['auth', 'quarters', 'feeds'] },
);
