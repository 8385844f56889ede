import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { canonicalJSON, normaliseSchedule, scheduleHash, type NormalisedScheduleEntry } from '@planner/shared/plan/index';
import type { PersonalFeed, PlanStatus } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { BOUND_STATUSES } from '../review/approvals.ts';
import { iso, type DocReader } from '../review/docs.ts';
import { buildCalendar, type FeedEvent, type FeedStatus } from './ical.ts';
import type { ProgrammeService } from './programme.ts';

type Scope = 'private' | 'public';

/** An entry as a feed shows it, before its uid and sequence number are known. */
type Shown = Omit<FeedEvent, 'uid' | 'sequence'> & { planId: string; entryId: string };

interface PlanRow {
  id: string;
  title: string;
  status: PlanStatus;
  address: string;
  approved_hash: string | null;
}

const KIND_DE: Record<string, string> = {
  setup: 'Aufbau',
  opening: 'Eröffnung',
  event: 'Veranstaltung',
  workshop: 'Workshop',
  'open-hours': 'Öffnungszeiten',
  teardown: 'Abbau',
  other: 'Termin',
};

export const summaryOf = (planTitle: string, e: { title: string; kind: string }) =>
  `${e.title || KIND_DE[e.kind] || e.kind} – ${planTitle}`;

const PLANS = `select p.id, p.title, p.status, s.address,
    (select a.schedule_hash from approvals a where a.plan_id = p.id order by a.id desc limit 1) as approved_hash,
    (select a.decision from approvals a where a.plan_id = p.id order by a.id desc limit 1) as decision
  from plans p join storefronts s on s.id = p.storefront_id`;

const notFound = () => new AppError('NOT_FOUND', 'Kalender nicht gefunden / Calendar not found');

/**
 * iCalendar feeds: per plan, per storefront, per person (secret, revocable URL) and the public
 * programme. Entries of unapproved plans are TENTATIVE, of plans with a fresh approval CONFIRMED, of
 * withdrawn plans CANCELLED; entries removed since a feed last showed them come back CANCELLED once.
 * SEQUENCE rises whenever what a feed shows of an entry changed since it was last shown.
 */
export class FeedService {
  constructor(
    private readonly db: Database,
    private readonly docs: DocReader,
    private readonly programme: ProgrammeService,
    private readonly opts: { publicUrl: string; secret: string },
  ) {}

  private hashSecret(secret: string): string {
    return createHmac('sha256', this.opts.secret).update(`feed:${secret}`).digest('hex');
  }

  /** The live schedule of each plan, with the status its entries carry. */
  private async shownOf(plans: (PlanRow & { decision?: string | null })[]): Promise<Shown[]> {
    const out: Shown[] = [];
    for (const p of plans) {
      const { json } = await this.docs.live(p.id);
      const fresh = BOUND_STATUSES.includes(p.status) && p.decision === 'approved' && p.approved_hash === scheduleHash(json.schedule);
      const status: FeedStatus = p.status === 'withdrawn' ? 'CANCELLED' : fresh ? 'CONFIRMED' : 'TENTATIVE';
      const title = json.meta.title || p.title;
      for (const e of normaliseSchedule(json.schedule)) {
        out.push({ planId: p.id, entryId: e.id, summary: summaryOf(title, e), description: '', start: e.start, end: e.end, location: p.address, status });
      }
    }
    return out;
  }

  /**
   * Assigns sequence numbers: unchanged entries keep theirs, changed ones get the next. Entries of
   * these plans that are gone are added as CANCELLED.
   */
  private async sequenced(scope: Scope, planIds: string[], shown: Shown[]): Promise<FeedEvent[]> {
    const events: FeedEvent[] = [];
    const present = new Set<string>();
    for (const s of shown) {
      present.add(`${s.planId}/${s.entryId}`);
      const { planId, entryId, ...content } = s;
      const { rows } = await this.db.query<{ sequence: number }>(
        `insert into feed_entries (scope, plan_id, entry_id, content_hash, last) values ($1, $2, $3, $4, $5::jsonb)
         on conflict (scope, plan_id, entry_id) do update set
           sequence = case when feed_entries.content_hash <> excluded.content_hash or feed_entries.removed
                           then feed_entries.sequence + 1 else feed_entries.sequence end,
           content_hash = excluded.content_hash, last = excluded.last, removed = false
         returning sequence`,
        [scope, planId, entryId, canonicalJSON(content), JSON.stringify(content)],
      );
      events.push({ uid: `${planId}-${entryId}@kreativquartiere-planner`, ...content, sequence: rows[0].sequence });
    }
    if (planIds.length) {
      const { rows } = await this.db.query<{ plan_id: string; entry_id: string; sequence: number; last: Omit<Shown, 'planId' | 'entryId'>; removed: boolean }>(
        'select plan_id, entry_id, sequence, last, removed from feed_entries where scope = $1 and plan_id = any($2::text[])',
        [scope, planIds],
      );
      for (const r of rows) {
        if (present.has(`${r.plan_id}/${r.entry_id}`)) continue;
        let sequence = r.sequence;
        if (!r.removed) {
          const res = await this.db.query<{ sequence: number }>(
            `update feed_entries set removed = true, sequence = sequence + 1 where scope = $1 and plan_id = $2 and entry_id = $3 and not removed returning sequence`,
            [scope, r.plan_id, r.entry_id],
          );
          sequence = res.rows[0]?.sequence ?? r.sequence + 1;
        }
        events.push({ uid: `${r.plan_id}-${r.entry_id}@kreativquartiere-planner`, ...r.last, status: 'CANCELLED', sequence });
      }
    }
    return events;
  }

  private async privateCalendar(name: string, where: string, params: unknown[]): Promise<string> {
    const { rows } = await this.db.query<PlanRow & { decision: string | null }>(`${PLANS} where ${where} order by p.created_at`, params);
    const events = await this.sequenced('private', rows.map((r) => r.id), await this.shownOf(rows));
    return buildCalendar(name, events);
  }

  async planFeed(planId: string): Promise<string> {
    const { rows } = await this.db.query<{ title: string }>('select title from plans where id = $1', [planId]);
    if (!rows[0]) throw notFound();
    return this.privateCalendar(rows[0].title, 'p.id = $1', [planId]);
  }

  /** Everything planned in a storefront (for staff and its owner); the published programme there for anyone else. */
  async storefrontFeed(storefrontId: string, privileged: boolean): Promise<string> {
    const { rows } = await this.db.query<{ title: string }>('select title from storefronts where id = $1', [storefrontId]);
    if (!rows[0]) throw notFound();
    if (privileged) return this.privateCalendar(rows[0].title, 'p.storefront_id = $1', [storefrontId]);
    return this.programmeFeed({ storefrontId }, rows[0].title);
  }

  async programmeFeed(filter: { quarter?: string; from?: string; to?: string; storefrontId?: string }, name = 'Kreativquartiere Dortmund – Programm'): Promise<string> {
    const items = await this.programme.entries(filter);
    const shown: Shown[] = items.map((i) => ({
      planId: i.planId,
      entryId: i.id.slice(i.planId.length + 1),
      summary: summaryOf(i.planTitle, i),
      description: i.description,
      start: i.start,
      end: i.end,
      location: i.storefront.address,
      status: 'CONFIRMED',
    }));
    const planIds = [...new Set(items.map((i) => i.planId))];
    return buildCalendar(name, await this.sequenced('public', planIds, shown));
  }

  // ── personal feeds ──

  async personalStatus(userId: string): Promise<PersonalFeed> {
    const { rows } = await this.db.query<{ created_at: Date | string }>(
      'select created_at from feed_tokens where user_id = $1 and revoked_at is null order by created_at desc limit 1',
      [userId],
    );
    return { active: !!rows[0], url: null, createdAt: rows[0] ? iso(rows[0].created_at) : null };
  }

  /** A new secret URL; any earlier one stops working. */
  async createPersonal(userId: string): Promise<PersonalFeed> {
    const secret = randomBytes(32).toString('base64url');
    await this.db.transaction(async (tx) => {
      await tx.query('update feed_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [userId]);
      const id = randomUUID();
      await tx.query('insert into feed_tokens (id, user_id, token_hash) values ($1, $2, $3)', [id, userId, this.hashSecret(secret)]);
      await audit(tx, { actorId: userId, action: 'feed.created', subjectType: 'feed', subjectId: id });
    });
    return { active: true, url: `${this.opts.publicUrl}/api/feeds/personal/${secret}.ics`, createdAt: new Date().toISOString() };
  }

  async revokePersonal(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const res = await tx.query('update feed_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [userId]);
      if (res.rowCount) await audit(tx, { actorId: userId, action: 'feed.revoked', subjectType: 'feed', subjectId: userId });
    });
  }

  /** The feed behind a secret URL: the plans of its person (member, or owner of the storefront). 404 when unknown or revoked. */
  async personalFeed(secret: string): Promise<string> {
    const { rows } = await this.db.query<{ user_id: string; name: string }>(
      'select t.user_id, u.name from feed_tokens t join users u on u.id = t.user_id where t.token_hash = $1 and t.revoked_at is null',
      [this.hashSecret(secret)],
    );
    if (!rows[0]) throw notFound();
    return this.privateCalendar(
      `Kreativquartiere – ${rows[0].name}`,
      `(exists (select 1 from plan_members m where m.plan_id = p.id and m.user_id = $1) or s.owner_id = $1)`,
      [rows[0].user_id],
    );
  }
}
