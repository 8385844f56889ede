import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  callIsOpen,
  EXPOSE_GROUPS,
  type Call,
  type CallCreate,
  type CallList,
  type CallPatch,
  type ExposeGroup,
  type ExposeSettings,
  type ExposeSettingsBody,
  type PublicCall,
  type PublicExpose,
} from '@planner/shared';
import { fromBerlinLocal, toBerlinISO } from '@planner/shared/plan/berlin-time';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { audit } from '../activity/audit.ts';
import { createUser, findUserByEmail } from '../accounts/users.ts';
import type { NewNotification } from '../notifications/service.ts';
import type { FeedEvent } from '../feeds/ical.ts';
import { photosOf } from '../media/photos-repo.ts';
import { publicUrl as photoUrl, publicVariant } from '../media/store-image.ts';
import * as repo from './repo.ts';
import { slugify } from '../../platform/slug.ts';

const iso = (v: Date | string) => new Date(v).toISOString();
const berlin = (v: Date | string) => toBerlinISO(v);
const INVITATION_DAYS = 14;

/** "31.03.2027, 12:00 Uhr" in Berlin. */
export const germanDeadline = (v: string) =>
  `${new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v))} Uhr`;

/** A Berlin wall-clock value (validated by the contract) as an instant; 400 naming the field when impossible. */
function instantOf(local: string, field: string): string {
  const v = fromBerlinLocal(local);
  if (!v)
    throw new AppError('VALIDATION', 'field.invalid', { field }, [{ path: field, key: 'field.invalid', message: 'not a time' }]);
  return v;
}

const fieldError = (
  key: 'call.storefrontUnknown' | 'call.viewingStorefront' | 'call.jurorNotStaff' | 'call.deadlinePast',
  field: string,
) => new AppError('VALIDATION', key, { field }, [{ path: field, key: 'field.invalid', params: { field }, message: key }]);

export interface CallServiceDeps {
  db: Database;
  publicUrl: string;
  /** Read at send time: tests swap the mailer. */
  mailer: () => Mailer;
  notify: (items: NewNotification[]) => Promise<void>;
  secret: string;
  now?: () => number;
}

/**
 * Open calls (issue 16): staff create and publish calls, extend their deadline or cancel them (those
 * who applied or booked a viewing are told by notification and mail); applicants book viewing slots
 * (capacity under a row lock); jurors are staff or external accounts invited by e-mail. Exposés: the
 * owner (or staff) offers a storefront and makes groups of its fields public, one consent per group.
 */
export class CallService {
  private readonly db: Database;
  private readonly now: () => number;
  constructor(private readonly deps: CallServiceDeps) {
    this.db = deps.db;
    this.now = deps.now ?? Date.now;
  }

  private hash(token: string) {
    return createHash('sha256').update(`${this.deps.secret}:juror:${token}`).digest('hex');
  }

  // ── reading ──

  async publicOf(db: Queryable, row: repo.CallRow, userId: string | null): Promise<PublicCall> {
    const [storefronts, criteria, viewings] = await Promise.all([
      repo.storefrontsOf(db, row.id),
      repo.criteriaOf(db, row.id),
      repo.viewingsOf(db, row.id, userId),
    ]);
    const deadline = berlin(row.deadline);
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      body: row.body,
      disciplines: row.disciplines ?? [],
      periodStart: row.period_start,
      periodEnd: row.period_end,
      deadline,
      status: row.status,
      open: callIsOpen({ status: row.status, deadline }, this.now()),
      blind: row.blind,
      privacyText: row.privacy_text,
      cancelReason: row.cancel_reason,
      publishedAt: row.published_at ? iso(row.published_at) : null,
      storefronts: storefronts.map((s) => ({
        id: s.id,
        title: s.title,
        address: s.address,
        quarterName: s.quarter_name,
        exposeOffered: s.offered,
      })),
      criteria: criteria.map((c) => ({ id: c.id, label: c.label, description: c.description, weight: Number(c.weight) })),
      viewings: viewings.map((v) => ({
        id: v.id,
        storefrontId: v.storefront_id,
        start: berlin(v.starts_at),
        end: berlin(v.ends_at),
        capacity: v.capacity,
        booked: v.booked,
        note: v.note,
        mine: v.mine,
      })),
    };
  }

  private async full(db: Queryable, callId: string, userId: string | null): Promise<Call> {
    const row = await repo.callById(db, callId);
    if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
    const [pub, jurors, invitations] = await Promise.all([
      this.publicOf(db, row, userId),
      repo.jurorsOf(db, callId),
      repo.invitationsOf(db, callId),
    ]);
    return {
      ...pub,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      jurors: jurors.map((j) => ({ userId: j.user_id, name: j.name, email: j.email, staff: j.staff })),
      invitations: invitations.map((i) => ({
        id: i.id,
        email: i.email,
        name: i.name,
        expiresAt: iso(i.expires_at),
        acceptedAt: i.accepted_at ? iso(i.accepted_at) : null,
      })),
    };
  }

  get(callId: string, userId: string | null): Promise<Call> {
    return this.full(this.db, callId, userId);
  }

  private summaries(rows: (repo.CallRow & { storefront_count: number })[]): CallList {
    const now = this.now();
    const items = rows.map((r) => {
      const deadline = berlin(r.deadline);
      return {
        id: r.id,
        slug: r.slug,
        title: r.title,
        status: r.status,
        open: callIsOpen({ status: r.status, deadline }, now),
        deadline,
        storefrontCount: r.storefront_count,
        disciplines: r.disciplines ?? [],
        periodStart: r.period_start,
        periodEnd: r.period_end,
      };
    });
    // Open calls first, soonest deadline first; then the others, latest deadline first.
    const open = items.filter((i) => i.open).sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
    const rest = items.filter((i) => !i.open);
    return { items: [...open, ...rest] };
  }

  async list(): Promise<CallList> {
    return this.summaries(await repo.listCalls(this.db, { publicOnly: false }));
  }

  async publicList(): Promise<CallList> {
    return this.summaries(await repo.listCalls(this.db, { publicOnly: true }));
  }

  async juryList(userId: string): Promise<CallList> {
    return this.summaries(await repo.listCalls(this.db, { publicOnly: false, jurorId: userId }));
  }

  /** A published (or closed, decided, cancelled) call by slug; drafts are not found. */
  async publicBySlug(slug: string, userId: string | null): Promise<PublicCall | null> {
    const row = await repo.callBySlug(this.db, slug);
    if (!row || row.status === 'draft') return null;
    return this.publicOf(this.db, row, userId);
  }

  async publicRows() {
    return repo.listCalls(this.db, { publicOnly: true });
  }

  // ── writing ──

  private async checkStorefronts(tx: Queryable, ids: string[]) {
    const unique = [...new Set(ids)];
    const found = await repo.existingStorefronts(tx, unique);
    if (found.length !== unique.length) throw fieldError('call.storefrontUnknown', 'storefrontIds');
    return unique;
  }

  private async writeParts(
    tx: Queryable,
    callId: string,
    p: { storefrontIds?: string[]; criteria?: CallCreate['criteria']; viewings?: CallCreate['viewings'] },
  ) {
    let storefronts: string[] | undefined;
    if (p.storefrontIds) {
      storefronts = await this.checkStorefronts(tx, p.storefrontIds);
      await repo.replaceStorefronts(tx, callId, storefronts);
    }
    if (p.criteria) {
      const existing = await repo.criterionIdsByLabel(tx, callId);
      await repo.replaceCriteria(
        tx,
        callId,
        p.criteria.map((c) => ({
          id: existing.get(c.label) ?? randomUUID(),
          label: c.label,
          description: c.description,
          weight: c.weight,
        })),
      );
    }
    if (p.viewings) {
      const allowed = new Set(storefronts ?? (await repo.storefrontsOf(tx, callId)).map((s) => s.id));
      const rows = p.viewings.map((v, i) => {
        if (v.storefrontId && !allowed.has(v.storefrontId))
          throw fieldError('call.viewingStorefront', `viewings.${i}.storefrontId`);
        return {
          id: v.id ?? randomUUID(),
          storefrontId: v.storefrontId ?? null,
          start: instantOf(v.start, `viewings.${i}.start`),
          end: instantOf(v.end, `viewings.${i}.end`),
          capacity: v.capacity,
          note: v.note,
        };
      });
      await repo.replaceViewings(tx, callId, rows);
    }
  }

  async create(actorId: string, body: CallCreate): Promise<Call> {
    const deadline = instantOf(body.deadline, 'deadline');
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const base = slugify(body.title, 'aufruf');
      let slug = base;
      for (let i = 2; await repo.slugTaken(tx, slug); i++) slug = `${base}-${i}`;
      await repo.insertCall(
        tx,
        id,
        slug,
        {
          title: body.title,
          body: body.body,
          disciplines: body.disciplines,
          periodStart: body.periodStart,
          periodEnd: body.periodEnd,
          deadline,
          blind: body.blind,
          privacyText: body.privacyText,
        },
        actorId,
      );
      await this.writeParts(tx, id, body);
      await audit(tx, { actorId, action: 'call.created', subjectType: 'call', subjectId: id, details: { title: body.title } });
    });
    return this.get(id, actorId);
  }

  async update(actorId: string, callId: string, patch: CallPatch): Promise<Call> {
    await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId, true);
      if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
      if (row.status !== 'draft' && row.status !== 'published') throw new AppError('CONFLICT', 'call.notEditable');
      let deadline: string | undefined;
      if (patch.deadline !== undefined) {
        deadline = instantOf(patch.deadline, 'deadline');
        if (row.status !== 'draft' && Date.parse(deadline) !== Date.parse(iso(row.deadline)))
          throw new AppError('CONFLICT', 'call.deadlineViaExtend', { field: 'deadline' });
      }
      const periodStart = patch.periodStart !== undefined ? patch.periodStart : row.period_start;
      const periodEnd = patch.periodEnd !== undefined ? patch.periodEnd : row.period_end;
      if (periodStart && periodEnd && periodEnd < periodStart)
        throw new AppError('VALIDATION', 'field.invalid', { field: 'periodEnd' }, [
          { path: 'periodEnd', key: 'field.invalid', params: { field: 'periodEnd' }, message: 'end before start' },
        ]);
      await repo.updateCall(tx, callId, {
        title: patch.title,
        body: patch.body,
        disciplines: patch.disciplines,
        periodStart: patch.periodStart,
        periodEnd: patch.periodEnd,
        deadline,
        blind: patch.blind,
        privacyText: patch.privacyText,
      });
      await this.writeParts(tx, callId, patch);
      await audit(tx, {
        actorId,
        action: 'call.updated',
        subjectType: 'call',
        subjectId: callId,
        details: { fields: Object.keys(patch) },
      });
    });
    return this.get(callId, actorId);
  }

  async publish(actorId: string, callId: string): Promise<Call> {
    await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId, true);
      if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
      if (row.status !== 'draft') throw new AppError('INVALID_TRANSITION', 'call.notDraft');
      if (Date.parse(iso(row.deadline)) <= this.now()) throw fieldError('call.deadlinePast', 'deadline');
      await repo.setStatus(tx, callId, 'published', { publishedAt: true });
      await audit(tx, { actorId, action: 'call.published', subjectType: 'call', subjectId: callId, details: { slug: row.slug } });
    });
    return this.get(callId, actorId);
  }

  /** Tells everyone who applied, started an application or booked a viewing: a notification and a mail each. */
  private async tell(
    callId: string,
    actorId: string,
    kind: 'call-extended' | 'call-cancelled',
    params: Record<string, string>,
    mail: (name: string) => { subject: string; text: string },
  ) {
    const people = await repo.peopleOfCall(this.db, callId);
    if (!people.length) return;
    await this.deps.notify(
      people.map((p) => ({
        userId: p.id,
        kind,
        planId: null,
        actorId,
        key: kind === 'call-extended' ? 'notification.callExtended' : 'notification.callCancelled',
        params,
        excerpt: null,
        tab: null,
      })),
    );
    for (const p of people) {
      const m = mail(p.name);
      await this.deps.mailer().send({ to: p.email, subject: m.subject, text: m.text });
    }
  }

  async extend(actorId: string, callId: string, local: string): Promise<Call> {
    const deadline = instantOf(local, 'deadline');
    const row = await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId, true);
      if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
      if (row.status !== 'published' && row.status !== 'closed') throw new AppError('INVALID_TRANSITION', 'call.notEditable');
      const current = iso(row.deadline);
      if (Date.parse(deadline) <= Date.parse(current))
        throw new AppError('CONFLICT', 'call.deadlineNotLater', { field: 'deadline', current: germanDeadline(current) });
      await repo.updateCall(tx, callId, { deadline });
      if (row.status === 'closed') await repo.setStatus(tx, callId, 'published');
      await audit(tx, {
        actorId,
        action: 'call.deadline_extended',
        subjectType: 'call',
        subjectId: callId,
        details: { from: current, to: deadline },
      });
      return row;
    });
    const when = germanDeadline(deadline);
    const url = `${this.deps.publicUrl}/aufrufe/${row.slug}`;
    await this.tell(callId, actorId, 'call-extended', { call: row.title, deadline: when }, (name) => ({
      subject: `Frist verlängert: ${row.title}`,
      text: [
        `Hallo ${name},`,
        '',
        `die Bewerbungsfrist des Aufrufs „${row.title}“ wurde verlängert. Neuer Bewerbungsschluss: ${when}.`,
        url,
        '',
        '—',
        '',
        `The deadline of the call “${row.title}” was extended. New deadline: ${when} (Europe/Berlin).`,
        url,
      ].join('\n'),
    }));
    return this.get(callId, actorId);
  }

  async cancel(actorId: string, callId: string, reason: string): Promise<Call> {
    const row = await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId, true);
      if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
      if (row.status === 'cancelled' || row.status === 'decided') throw new AppError('INVALID_TRANSITION', 'call.notEditable');
      await repo.setStatus(tx, callId, 'cancelled', { cancelReason: reason });
      await audit(tx, { actorId, action: 'call.cancelled', subjectType: 'call', subjectId: callId, details: { reason } });
      return row;
    });
    const url = `${this.deps.publicUrl}/aufrufe/${row.slug}`;
    await this.tell(callId, actorId, 'call-cancelled', { call: row.title, reason }, (name) => ({
      subject: `Aufruf abgesagt: ${row.title}`,
      text: [
        `Hallo ${name},`,
        '',
        `der Aufruf „${row.title}“ wurde abgesagt. Grund: ${reason}`,
        url,
        '',
        '—',
        '',
        `The call “${row.title}” was cancelled. Reason: ${reason}`,
        url,
      ].join('\n'),
    }));
    return this.get(callId, actorId);
  }

  // ── jurors ──

  async setJurors(actorId: string, callId: string, userIds: string[]): Promise<Call> {
    await this.db.transaction(async (tx) => {
      if (!(await repo.callById(tx, callId, true))) throw new AppError('NOT_FOUND', 'call.notFound');
      const unique = [...new Set(userIds)];
      if ((await repo.staffIds(tx, unique)).length !== unique.length) throw fieldError('call.jurorNotStaff', 'userIds');
      await repo.setStaffJurors(tx, callId, unique, actorId);
      await audit(tx, {
        actorId,
        action: 'call.jurors_set',
        subjectType: 'call',
        subjectId: callId,
        details: { userIds: unique },
      });
    });
    return this.get(callId, actorId);
  }

  async inviteJuror(actorId: string, callId: string, email: string, name: string): Promise<Call> {
    const token = randomBytes(32).toString('base64url');
    const row = await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId, true);
      if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
      if (row.status === 'cancelled' || row.status === 'decided') throw new AppError('CONFLICT', 'call.notEditable');
      const id = randomUUID();
      await repo.insertInvitation(tx, {
        id,
        callId,
        email,
        name,
        tokenHash: this.hash(token),
        expiresAt: new Date(this.now() + INVITATION_DAYS * 86_400_000),
        createdBy: actorId,
      });
      // The address only: the token never goes to the log.
      await audit(tx, { actorId, action: 'call.juror_invited', subjectType: 'call', subjectId: callId, details: { email } });
      return row;
    });
    const link = `${this.deps.publicUrl}/jury-einladung/${token}`;
    await this.deps.mailer().send({
      to: email,
      subject: `Einladung in die Jury: ${row.title}`,
      text: [
        `Hallo${name ? ` ${name}` : ''},`,
        '',
        `Sie sind eingeladen, in der Jury des Aufrufs „${row.title}“ der Kreativquartiere Dortmund mitzuwirken.`,
        `Mit diesem Link nehmen Sie die Einladung an (gültig ${INVITATION_DAYS} Tage):`,
        link,
        '',
        '—',
        '',
        `You are invited to the jury of the call “${row.title}”. Accept with this link (valid ${INVITATION_DAYS} days):`,
        link,
      ].join('\n'),
    });
    return this.get(callId, actorId);
  }

  private async liveInvitation(tx: Queryable, token: string, lock = false) {
    const inv = await repo.invitationByHash(tx, this.hash(token), lock);
    if (!inv || Date.parse(iso(inv.expires_at)) <= this.now()) throw new AppError('NOT_FOUND', 'call.invitationInvalid');
    return inv;
  }

  async invitationInfo(token: string) {
    const inv = await this.liveInvitation(this.db, token);
    return {
      callTitle: inv.call_title,
      email: inv.email,
      name: inv.name,
      accountExists: !!(await findUserByEmail(this.db, inv.email)),
      accepted: inv.accepted_at !== null,
    };
  }

  /**
   * Accepting a juror invitation: the signed-in account (with the invitation's address) is linked, or a
   * new account is created with name and password. Either way it holds the juror role (staff need none)
   * and becomes a juror of this call only.
   */
  async acceptInvitation(
    actor: { userId: string; email: string } | null,
    token: string,
    body: { name?: string; password?: string },
  ) {
    return this.db.transaction(async (tx) => {
      const inv = await this.liveInvitation(tx, token, true);
      let userId: string;
      let created = false;
      if (actor) {
        if (inv.accepted_at === null && actor.email?.toLowerCase() !== inv.email.toLowerCase())
          throw new AppError('FORBIDDEN', 'call.invitationOtherAccount');
        userId = actor.userId;
      } else {
        if (await findUserByEmail(tx, inv.email)) throw new AppError('CONFLICT', 'call.invitationSignIn');
        if (!body.name || !body.password)
          throw new AppError('VALIDATION', 'call.invitationNeedsPassword', { field: 'password' }, [
            {
              path: body.name ? 'password' : 'name',
              key: 'field.required',
              params: { field: body.name ? 'password' : 'name' },
              message: 'required',
            },
          ]);
        const user = await createUser(tx, { email: inv.email, name: body.name, password: body.password, roles: ['juror'] });
        userId = user.id;
        created = true;
      }
      if (inv.accepted_at !== null && (await repo.isJurorOf(tx, inv.call_id, userId)))
        return { callId: inv.call_id, userId, created };
      if (inv.accepted_at !== null) throw new AppError('NOT_FOUND', 'call.invitationInvalid');
      await repo.addRole(tx, userId, 'juror');
      await repo.addJuror(tx, inv.call_id, userId, null);
      await repo.markInvitationAccepted(tx, inv.id, userId);
      await audit(tx, {
        actorId: userId,
        action: 'call.juror_accepted',
        subjectType: 'call',
        subjectId: inv.call_id,
        details: { invitationId: inv.id, created },
      });
      return { callId: inv.call_id, userId, created };
    });
  }

  // ── viewings ──

  /** Books a slot: the viewing row is locked, so two last-seat bookings at once give one 409. */
  async book(userId: string, callId: string, viewingId: string): Promise<PublicCall> {
    await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId);
      if (!row || row.status === 'draft') throw new AppError('NOT_FOUND', 'call.notFound');
      if (row.status !== 'published') throw new AppError('CONFLICT', 'call.notOpen');
      const v = await repo.lockViewing(tx, callId, viewingId);
      if (!v) throw new AppError('NOT_FOUND', 'call.viewingNotFound');
      if (Date.parse(iso(v.starts_at)) <= this.now()) throw new AppError('CONFLICT', 'call.viewingPast');
      if ((await repo.bookingCount(tx, viewingId)) >= v.capacity) throw new AppError('CONFLICT', 'call.viewingFull');
      if (!(await repo.insertBooking(tx, viewingId, userId))) throw new AppError('CONFLICT', 'call.viewingAlreadyBooked');
      await audit(tx, {
        actorId: userId,
        action: 'viewing.booked',
        subjectType: 'call',
        subjectId: callId,
        details: { viewingId },
      });
    });
    return this.viewOf(callId, userId);
  }

  async unbook(userId: string, callId: string, viewingId: string): Promise<PublicCall> {
    await this.db.transaction(async (tx) => {
      const row = await repo.callById(tx, callId);
      if (!row || row.status === 'draft') throw new AppError('NOT_FOUND', 'call.notFound');
      if (!(await repo.deleteBooking(tx, viewingId, userId))) throw new AppError('NOT_FOUND', 'call.viewingNotFound');
      await audit(tx, {
        actorId: userId,
        action: 'viewing.unbooked',
        subjectType: 'call',
        subjectId: callId,
        details: { viewingId },
      });
    });
    return this.viewOf(callId, userId);
  }

  private async viewOf(callId: string, userId: string): Promise<PublicCall> {
    const row = await repo.callById(this.db, callId);
    if (!row) throw new AppError('NOT_FOUND', 'call.notFound');
    return this.publicOf(this.db, row, userId);
  }

  /** Calendar entries of a call: its deadline and its viewing slots. */
  calendarEvents(c: PublicCall, rowUpdatedAt?: string): FeedEvent[] {
    const url = `${this.deps.publicUrl}/aufrufe/${c.slug}`;
    const cancelled = c.status === 'cancelled';
    const sequence = rowUpdatedAt ? Math.floor(Date.parse(rowUpdatedAt) / 1000) % 2_000_000_000 : 0;
    const addressOf = (id: string | null) => c.storefronts.find((s) => s.id === id)?.address ?? c.storefronts[0]?.address ?? '';
    return [
      {
        uid: `call-${c.id}-deadline@kreativquartiere-planner`,
        summary: `Bewerbungsschluss: ${c.title}`,
        description: url,
        start: c.deadline,
        end: c.deadline,
        location: '',
        status: cancelled ? 'CANCELLED' : 'CONFIRMED',
        sequence,
      },
      ...c.viewings.map((v) => ({
        uid: `viewing-${v.id}@kreativquartiere-planner`,
        summary: `Besichtigung: ${c.title}`,
        description: [v.note, url].filter(Boolean).join('\n\n'),
        start: v.start,
        end: v.end,
        location: addressOf(v.storefrontId),
        status: cancelled ? ('CANCELLED' as const) : ('CONFIRMED' as const),
        sequence,
      })),
    ];
  }

  async updatedAtOf(callId: string): Promise<string | undefined> {
    const row = await repo.callById(this.db, callId);
    return row ? iso(row.updated_at) : undefined;
  }

  /** The viewings a person booked, for their personal calendar feed. */
  async personalEvents(userId: string): Promise<FeedEvent[]> {
    const rows = await repo.bookingsOf(this.db, userId);
    return rows.map((r) => ({
      uid: `viewing-${r.viewing_id}@kreativquartiere-planner`,
      summary: `Besichtigung: ${r.call_title}`,
      description: [r.note, `${this.deps.publicUrl}/aufrufe/${r.call_slug}`].filter(Boolean).join('\n\n'),
      start: berlin(r.starts_at),
      end: berlin(r.ends_at),
      location: r.address ?? '',
      status: r.call_status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      sequence: 0,
    }));
  }

  // ── exposés ──

  async exposeSettings(storefrontId: string): Promise<ExposeSettings> {
    const e = await repo.exposeOf(this.db, storefrontId);
    const c = (e?.conditions ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      storefrontId,
      offered: e?.offered ?? false,
      publicGroups: (e?.public_groups ?? []).filter((g): g is ExposeGroup => (EXPOSE_GROUPS as readonly string[]).includes(g)),
      conditions: {
        fee: c.fee === 'amount' ? 'amount' : 'none',
        feeText: str(c.feeText),
        utilities: str(c.utilities),
        insurance: str(c.insurance),
        keyHandover: str(c.keyHandover),
      },
      intro: e?.intro ?? '',
      consentedBy: e?.consented_by ? { id: e.consented_by, name: e.consented_by_name ?? '' } : null,
      consentedAt: e?.consented_at ? iso(e.consented_at) : null,
      path: `/expose/${storefrontId}`,
    };
  }

  async updateExpose(actorId: string, storefrontId: string, body: ExposeSettingsBody): Promise<ExposeSettings> {
    await this.db.transaction(async (tx) => {
      const before = await repo.exposeOf(tx, storefrontId);
      const groups = EXPOSE_GROUPS.filter((g) => body.publicGroups.includes(g));
      const was = [...(before?.public_groups ?? [])].sort().join(',');
      // Who consented, and when, changes whenever the set of public groups or the offer changes.
      const consentChanged = !before || was !== [...groups].sort().join(',') || before.offered !== body.offered;
      await repo.upsertExpose(tx, storefrontId, {
        offered: body.offered,
        publicGroups: groups,
        conditions: body.conditions,
        intro: body.intro,
        consentedBy: actorId,
        consentChanged,
      });
      await audit(tx, {
        actorId,
        action: 'expose.updated',
        subjectType: 'storefront',
        subjectId: storefrontId,
        details: { offered: body.offered, publicGroups: groups },
      });
    });
    return this.exposeSettings(storefrontId);
  }

  /** The public exposé: only when offered, only the consented groups, never owner contacts or notes. */
  async publicExpose(storefrontId: string): Promise<PublicExpose | null> {
    const [s, settings] = await Promise.all([repo.exposeStorefront(this.db, storefrontId), this.exposeSettings(storefrontId)]);
    if (!s || !settings.offered) return null;
    const groups = new Set(settings.publicGroups);
    const out: PublicExpose = {
      storefrontId: s.id,
      title: s.title,
      address: s.address,
      quarter: { name: s.quarter_name, slug: s.quarter_slug },
      intro: settings.intro,
      groups: settings.publicGroups,
      calls: (await repo.publicCallsOfStorefront(this.db, s.id)).map((c) => ({
        slug: c.slug,
        title: c.title,
        deadline: berlin(c.deadline),
        status: c.status,
      })),
    };
    if (groups.has('floor_plan'))
      out.floorPlan = {
        outline: (s.outline ?? []).map((p) => ({ x: Number(p.x), y: Number(p.y) })),
        doors: (s.doors ?? []).map((d) => ({ x: Number(d.x), y: Number(d.y), width: Number(d.width), main: d.main === true })),
      };
    if (groups.has('dimensions')) out.dimensions = { areaM2: Number(s.area_m2), frontageCm: Number(s.frontage_cm) };
    if (groups.has('equipment'))
      out.equipment = {
        power: { sockets: Number(s.power?.sockets ?? 0), maxLoadKw: s.power?.maxLoadKw ?? null },
        water: s.water,
        toilet: s.toilet,
        heating: s.heating,
      };
    if (groups.has('access')) out.access = { stepFree: s.step_free };
    // Windows without their notes: a note is the owner's text to staff, not part of the consent.
    if (groups.has('availability'))
      out.availability = (s.availability ?? [])
        .filter((w) => Date.parse(w.end) > this.now())
        .map((w) => ({ start: toBerlinISO(w.start), end: toBerlinISO(w.end) }));
    if (groups.has('conditions')) out.conditions = settings.conditions;
    if (groups.has('photos')) {
      const photos = await photosOf(this.db, s.id, true);
      out.photos = photos.flatMap((p) => {
        const v = p.public_hash ? publicVariant(p.variants ?? []) : undefined;
        return v && p.public_hash
          ? [{ url: photoUrl(p.public_hash, v), caption: p.caption, width: v.width, height: v.height }]
          : [];
      });
    }
    return out;
  }
}
