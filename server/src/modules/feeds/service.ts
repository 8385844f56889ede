import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { canonicalJSON, normaliseSchedule, scheduleHash } from '@planner/shared/plan/index';
import { BOUND_STATUSES, SCHEDULE_KIND_NAMES, type PersonalFeedStatus, type ProgrammeEntry } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { iso, type DocReader } from '../review/docs.ts';
import { buildCalendar, type FeedEvent, type FeedStatus, feedOccurrences } from './ical.ts';
import { filterWindow, type ProgrammeService } from './programme.ts';
import * as repo from './repo.ts';
import { cancelledKeys, plansWithCancellations } from '../publication/repo.ts';
import { shiftFeedEvents } from '../rota/feed.ts';

type Scope = repo.FeedScope;

/** An entry as a feed shows it, before its uid and sequence number are known. */
type Shown = Omit<FeedEvent, 'uid' | 'sequence'> & { planId: string; entryId: string };

/** Feeds are German (the calendar's name, the kind of an untitled entry): labels from the one shared list. */
const kindName = (kind: string) =>
  Object.hasOwn(SCHEDULE_KIND_NAMES, kind) ? SCHEDULE_KIND_NAMES[kind as keyof typeof SCHEDULE_KIND_NAMES].de : kind;

export const summaryOf = (planTitle: string, e: { title: string; kind: string }) =>
  `${e.title || kindName(e.kind)} – ${planTitle}`;

/** What the public feeds show of a programme entry (before its uid and sequence number are known). */
export const publicFeedContent = (i: ProgrammeEntry): Omit<FeedEvent, 'uid' | 'sequence'> => ({
  summary: summaryOf(i.planTitle, i),
  description: i.description,
  start: i.start,
  end: i.end,
  location: i.storefront.address,
  status: 'CONFIRMED',
});

const notFound = () => new AppError('NOT_FOUND', 'feed.notFound');

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

  /** More entries of a person's personal feed from other capabilities (booked viewings of open calls, issue 16). */
  private readonly personalSources: ((userId: string) => Promise<FeedEvent[]>)[] = [];

  addPersonalSource(source: (userId: string) => Promise<FeedEvent[]>): void {
    this.personalSources.push(source);
  }

  private hashSecret(secret: string): string {
    return createHmac('sha256', this.opts.secret).update(`feed:${secret}`).digest('hex');
  }

  /** The live schedule of each plan, with the status its entries carry. */
  private async shownOf(plans: repo.FeedPlanRow[]): Promise<Shown[]> {
    const out: Shown[] = [];
    // An entry staff cancelled in the public programme is cancelled in every feed.
    const cancelled = await cancelledKeys(
      this.db,
      plans.map((p) => p.id),
      'entry',
    );
    for (const p of plans) {
      const { json } = await this.docs.live(p.id);
      const fresh =
        BOUND_STATUSES.includes(p.status) && p.decision === 'approved' && p.approved_hash === scheduleHash(json.schedule);
      const status: FeedStatus = p.status === 'withdrawn' ? 'CANCELLED' : fresh ? 'CONFIRMED' : 'TENTATIVE';
      const title = json.meta.title || p.title;
      for (const e of normaliseSchedule(json.schedule)) {
        // One event per occurrence of a weekly pattern (see feedOccurrences).
        for (const o of feedOccurrences(e.id, e)) {
          out.push({
            planId: p.id,
            entryId: o.entryId,
            summary: summaryOf(title, e),
            description: '',
            start: o.start,
            end: o.end,
            location: p.address,
            status: cancelled.has(`${p.id}/${e.id}`) ? 'CANCELLED' : status,
          });
        }
      }
    }
    return out;
  }

  /**
   * Assigns sequence numbers: unchanged entries keep theirs, changed ones get the next. Entries of
   * these plans that are gone are added as CANCELLED — within `window` only, when the feed is limited
   * to a time span: an entry outside a date filter is not gone, just not asked for.
   */
  private async sequenced(
    scope: Scope,
    planIds: string[],
    shown: Shown[],
    window: { from: number; to: number } = { from: -Infinity, to: Infinity },
  ): Promise<FeedEvent[]> {
    const events: FeedEvent[] = [];
    const present = new Set<string>();
    for (const s of shown) {
      present.add(`${s.planId}/${s.entryId}`);
      const { planId, entryId, ...content } = s;
      const sequence = await repo.showEntry(this.db, scope, planId, entryId, canonicalJSON(content), content);
      events.push({ uid: `${planId}-${entryId}@kreativquartiere-planner`, ...content, sequence });
    }
    if (planIds.length) {
      const rows = await repo.shownEntries<Omit<Shown, 'planId' | 'entryId'>>(this.db, scope, planIds);
      for (const r of rows) {
        if (present.has(`${r.plan_id}/${r.entry_id}`)) continue;
        if (Date.parse(r.last.end) <= window.from || Date.parse(r.last.start) >= window.to) continue;
        let sequence = r.sequence;
        if (!r.removed) {
          sequence = (await repo.markRemoved(this.db, scope, r.plan_id, r.entry_id)) ?? r.sequence + 1;
        }
        events.push({ uid: `${r.plan_id}-${r.entry_id}@kreativquartiere-planner`, ...r.last, status: 'CANCELLED', sequence });
      }
    }
    return events;
  }

  private async privateCalendar(name: string, which: repo.FeedPlans, extra: FeedEvent[] = []): Promise<string> {
    const rows = await repo.feedPlans(this.db, which);
    const events = await this.sequenced(
      'private',
      rows.map((r) => r.id),
      await this.shownOf(rows),
    );
    return await buildCalendar(name, [...events, ...extra]);
  }

  async planFeed(planId: string): Promise<string> {
    const title = await repo.planTitle(this.db, planId);
    if (title === null) throw notFound();
    return this.privateCalendar(title, { planId });
  }

  /** Whether a person sees everything planned in a storefront (staff decide outside; this is ownership). */
  async storefrontOwner(storefrontId: string): Promise<string | null> {
    return (await repo.storefrontOf(this.db, storefrontId))?.ownerId ?? null;
  }

  /** Everything planned in a storefront (for staff and its owner); the published programme there for anyone else. */
  async storefrontFeed(storefrontId: string, privileged: boolean): Promise<string> {
    const storefront = await repo.storefrontOf(this.db, storefrontId);
    if (!storefront) throw notFound();
    if (privileged) return this.privateCalendar(storefront.title, { storefrontId });
    return this.programmeFeed({ storefrontId }, storefront.title);
  }

  async programmeFeed(
    filter: { quarter?: string; from?: string; to?: string; storefrontId?: string },
    name = 'Kreativquartiere Dortmund – Programm',
  ): Promise<string> {
    const items = await this.programme.entries(filter);
    const shown: Shown[] = items.flatMap((i) => {
      const entryId = i.id.slice(i.planId.length + 1);
      const content = publicFeedContent(i);
      // Recurring opening hours: one event per open day, each day of the programme being one opening.
      if (!i.recurring) return [{ planId: i.planId, entryId, ...content }];
      return i.days.map((d) => ({
        planId: i.planId,
        entryId: `${entryId}~${d.day.replaceAll('-', '')}`,
        ...content,
        start: d.start,
        end: d.end,
      }));
    });
    // Plans un-published or with cancelled entries still list those entries' UIDs, as CANCELLED.
    const planIds = [...new Set([...items.map((i) => i.planId), ...(await plansWithCancellations(this.db, filter))])];
    return await buildCalendar(name, await this.sequenced('public', planIds, shown, filterWindow(filter.from, filter.to)));
  }

  // ── personal feeds ──

  async personalStatus(userId: string): Promise<PersonalFeedStatus> {
    const createdAt = await repo.activeTokenCreatedAt(this.db, userId);
    return { active: createdAt !== null, url: null, createdAt: createdAt !== null ? iso(createdAt) : null };
  }

  /** A new secret URL; any earlier one stops working. */
  async createPersonal(userId: string): Promise<PersonalFeedStatus> {
    const secret = randomBytes(32).toString('base64url');
    await this.db.transaction(async (tx) => {
      await repo.revokeTokens(tx, userId);
      const id = randomUUID();
      await repo.insertToken(tx, id, userId, this.hashSecret(secret));
      await audit(tx, { actorId: userId, action: 'feed.created', subjectType: 'feed', subjectId: id });
    });
    return { active: true, url: `${this.opts.publicUrl}/api/feeds/personal/${secret}.ics`, createdAt: new Date().toISOString() };
  }

  async revokePersonal(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (await repo.revokeTokens(tx, userId))
        await audit(tx, { actorId: userId, action: 'feed.revoked', subjectType: 'feed', subjectId: userId });
    });
  }

  /** The feed behind a secret URL: the plans of its person (member, or owner of the storefront). 404 when unknown or revoked. */
  async personalFeed(secret: string): Promise<string> {
    const owner = await repo.tokenOwner(this.db, this.hashSecret(secret));
    if (!owner) throw notFound();
    // The person's duty-rota shifts (issue 18) and what other capabilities add (booked viewings, issue 16)
    // come with their plans' entries.
    const extra = (await Promise.all(this.personalSources.map((s) => s(owner.userId)))).flat();
    return this.privateCalendar(`Kreativquartiere – ${owner.name}`, { personId: owner.userId }, [
      ...(await shiftFeedEvents(this.db, owner.userId)),
      ...extra,
    ]);
  }
}
