import { randomUUID } from 'node:crypto';
import type { AccessRequest, MessageKey, MyAccessRequest, NotificationKind, TeamView } from '@planner/shared';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { audit } from '../activity/audit.ts';
import { findUserById } from '../accounts/users.ts';
import type { NotificationService } from '../notifications/service.ts';
import type { MemberService } from '../plans/service.ts';
import { roleOf } from '../plans/repo.ts';
import type { RoomBroadcaster } from '../realtime/room-broadcaster.ts';
import * as repo from './repo.ts';

/**
 * Plan teams (issue 14): the lead designer, leaving, handing over, removing (through the members
 * service, which closes the person's open connections), and access requests of designers who are not
 * members. Every change tells the plan room (`members:changed`) so every open members panel reloads.
 */
export class TeamService {
  constructor(
    private readonly db: Database,
    private readonly rooms: RoomBroadcaster,
    private readonly notifications: NotificationService,
    private readonly members: MemberService,
  ) {}

  /** Tells everyone in the plan room that the team changed. */
  changed(planId: string): void {
    this.rooms.toPlan(planId, 'members:changed', { planId });
  }

  private async notify(userId: string, kind: NotificationKind, planId: string, actorId: string, key: MessageKey) {
    const row = await repo.planTitleAndActorName(this.db, planId, actorId);
    const params = { actor: row?.name ?? '', plan: row?.title ?? '' };
    await this.notifications.notify([{ userId, kind, planId, actorId, key, params }]);
  }

  async view(planId: string, withRequests: boolean): Promise<TeamView> {
    const leadId = await repo.leadOf(this.db, planId);
    return {
      leadId,
      members: await repo.teamMembers(this.db, planId, leadId),
      requests: withRequests ? await repo.openRequests(this.db, planId) : [],
      ownerName: await repo.ownerName(this.db, planId),
    };
  }

  /** An existing account was added to the plan (by the lead or staff): they hear of it, the room too. */
  async memberAdded(planId: string, actorId: string, userId: string): Promise<void> {
    if (userId !== actorId) await this.notify(userId, 'member-added', planId, actorId, 'notification.memberAdded');
    this.changed(planId);
  }

  /** Leaves the plan. The lead hands over first while other designers remain. */
  async leave(planId: string, userId: string, ip: string | null): Promise<void> {
    const role = await roleOf(this.db, planId, userId);
    if (!role) throw new AppError('NOT_FOUND', 'member.notFound');
    if (role === 'designer' && (await repo.leadOf(this.db, planId)) === userId) {
      if ((await repo.otherDesigners(this.db, planId, userId)) > 0) throw new AppError('CONFLICT', 'team.leadMustHandOver');
      await repo.setLead(this.db, planId, null);
    }
    await this.members.remove(planId, userId, userId, ip);
    await audit(this.db, { actorId: userId, action: 'member.left', subjectType: 'user', subjectId: userId, planId, ip });
    this.changed(planId);
  }

  /**
   * Removes a member. Staff remove anyone; the lead removes other designers only (owners and staff
   * are the plan's reviewers; the lead leaves through {@link leave}).
   */
  async remove(planId: string, userId: string, actor: { userId: string; staff: boolean }, ip: string | null): Promise<void> {
    if (!actor.staff) {
      const role = await roleOf(this.db, planId, userId);
      if (!role) throw new AppError('NOT_FOUND', 'member.notFound');
      if (role !== 'designer' || userId === actor.userId) throw new AppError('CONFLICT', 'team.leadOnlyDesigners');
    }
    await this.members.remove(planId, userId, actor.userId, ip);
    this.changed(planId);
  }

  /** Hands the lead to another designer member. */
  async handOver(planId: string, toUserId: string, actorId: string, ip: string | null): Promise<TeamView> {
    if ((await roleOf(this.db, planId, toUserId)) !== 'designer') throw new AppError('CONFLICT', 'team.notADesigner');
    const from = await repo.leadOf(this.db, planId);
    await repo.setLead(this.db, planId, toUserId);
    await audit(this.db, {
      actorId,
      action: 'plan.lead_handed_over',
      subjectType: 'user',
      subjectId: toUserId,
      planId,
      details: { from },
      ip,
    });
    if (toUserId !== actorId) await this.notify(toUserId, 'member-added', planId, actorId, 'notification.leadHandedOver');
    this.changed(planId);
    return this.view(planId, true);
  }

  /** The caller's request: `none` without one. */
  async mine(planId: string, userId: string): Promise<MyAccessRequest> {
    return { status: (await repo.latestRequest(this.db, planId, userId))?.status ?? 'none' };
  }

  /** Opens a request (once; asking again while it is open changes nothing) and tells the lead (or staff). */
  async request(planId: string, userId: string, ip: string | null): Promise<MyAccessRequest> {
    const id = randomUUID();
    if (await repo.insertRequest(this.db, id, planId, userId)) {
      await audit(this.db, {
        actorId: userId,
        action: 'access.requested',
        subjectType: 'access_request',
        subjectId: id,
        planId,
        ip,
      });
      const lead = await repo.leadOf(this.db, planId);
      const deciders = lead ? [lead] : await repo.staffIds(this.db);
      for (const to of deciders) await this.notify(to, 'access-requested', planId, userId, 'notification.accessRequested');
      this.changed(planId);
    }
    return { status: 'open' };
  }

  /** Accepts (the requester becomes a designer member, their open page opens live) or declines. */
  async decide(planId: string, requestId: string, accept: boolean, actorId: string, ip: string | null): Promise<AccessRequest> {
    const req = await repo.requestById(this.db, planId, requestId);
    if (!req) throw new AppError('NOT_FOUND', 'team.requestNotFound');
    if (req.status !== 'open' || !(await repo.decideRequest(this.db, requestId, accept ? 'accepted' : 'declined', actorId))) {
      throw new AppError('CONFLICT', 'team.requestDecided');
    }
    await audit(this.db, {
      actorId,
      action: 'access.decided',
      subjectType: 'access_request',
      subjectId: requestId,
      planId,
      details: { accept, userId: req.userId },
      ip,
    });
    if (accept) {
      const user = await findUserById(this.db, req.userId);
      // Only designer accounts become designers (the role may have changed since the request).
      if (user) await this.members.add(planId, actorId, { userId: user.id, role: 'designer' }, ip);
    }
    await this.notify(
      req.userId,
      'access-decided',
      planId,
      actorId,
      accept ? 'notification.accessAccepted' : 'notification.accessDeclined',
    );
    this.changed(planId);
    return { ...req, status: accept ? 'accepted' : 'declined' };
  }
}
