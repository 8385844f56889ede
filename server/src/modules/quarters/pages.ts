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

interface QuarterRow {
  id: string;
  name: string;
  slug: string;
  description: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
}

const notFound = () => new AppError('NOT_FOUND', 'quarter.notFound');

async function findQuarter(db: Queryable, key: string): Promise<QuarterRow | null> {
  const { rows } = await db.query<QuarterRow>(
    `select id, name, slug, description, contact_name, contact_email, contact_phone from quarters
      where slug = $1 or id = $1 order by (slug = $1) desc limit 1`,
    [key],
  );
  return rows[0] ?? null;
}

const COLUMNS: Record<keyof QuarterPatch, string> = {
  name: 'name',
  description: 'description',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  contactPhone: 'contact_phone',
};

export class QuarterPages {
  constructor(
    private readonly db: Queryable,
    private readonly programme: () => ProgrammeService,
  ) {}

  /** The page of a quarter by slug or id; upcoming entries from today (Berlin) on. */
  async page(key: string, now = Date.now()): Promise<QuarterPage> {
    const q = await findQuarter(this.db, key);
    if (!q) throw notFound();
    const { rows: storefronts } = await this.db.query<QuarterPage['storefronts'][number]>(
      'select id, title, address, status from storefronts where quarter_id = $1 order by title, id',
      [q.id],
    );
    const entries = await this.programme().entries({ quarter: q.id, from: berlinDay(now) });
    return {
      id: q.id,
      name: q.name,
      slug: q.slug,
      description: q.description,
      contact: { name: q.contact_name, email: q.contact_email, phone: q.contact_phone },
      storefronts: storefronts.map((s) => ({ id: s.id, title: s.title, address: s.address, status: s.status })),
      entries: entries.filter((e) => Date.parse(e.end) > now),
    };
  }

  async update(key: string, patch: QuarterPatch): Promise<QuarterPage> {
    const q = await findQuarter(this.db, key);
    if (!q) throw notFound();
    const sets: string[] = [];
    const values: unknown[] = [q.id];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      values.push(v);
      sets.push(`${COLUMNS[k as keyof QuarterPatch]} = $${values.length}`);
    }
    if (sets.length) await this.db.query(`update quarters set ${sets.join(', ')} where id = $1`, values);
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
