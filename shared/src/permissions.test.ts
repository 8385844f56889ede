import { describe, expect, it } from 'vitest';
import { ACTIONS, COLUMNS, MATRIX, can, columnOf, docAccessOf, type Actor } from './permissions.ts';

const staff: Actor = { userId: 's', staff: true };
const person: Actor = { userId: 'p', staff: false };

describe('permission matrix', () => {
  it('has a rule for every action and every column', () => {
    for (const action of ACTIONS) for (const column of COLUMNS) expect(MATRIX[action][column]).toBeDefined();
  });

  it('picks one column per actor and resource', () => {
    expect(columnOf(null)).toBe('public');
    expect(columnOf(staff, { planRole: 'owner' })).toBe('staff');
    expect(columnOf(person, { planRole: 'designer', ownsStorefront: true })).toBe('designer');
    expect(columnOf(person, { ownsStorefront: true })).toBe('owner');
    expect(columnOf(person, { planRole: 'owner' })).toBe('owner');
    expect(columnOf(person)).toBe('user');
  });

  it('follows DESIGN.md §5 for the plan document', () => {
    expect(can(person, 'plan.edit', { planRole: 'designer' })).toBe(true);
    expect(can(person, 'plan.edit', { planRole: 'owner' })).toBe(false);
    expect(can(person, 'plan.read', { planRole: 'owner' })).toBe(true);
    expect(can(person, 'plan.edit', { ownsStorefront: true })).toBe(false);
    expect(can(person, 'plan.read', {})).toBe(false);
    expect(can(null, 'plan.read', {})).toBe(false);
    expect(can(staff, 'plan.edit', {})).toBe(true);
    expect(docAccessOf(person, { planRole: 'designer' })).toBe('write');
    expect(docAccessOf(person, { planRole: 'owner' })).toBe('read');
    expect(docAccessOf(person, {})).toBe('none');
  });

  it('lets only staff approve and publish, only designers submit', () => {
    for (const action of ['plan.approve', 'plan.publish'] as const) {
      expect(can(staff, action)).toBe(true);
      expect(can(person, action, { planRole: 'designer' })).toBe(false);
      expect(can(person, action, { planRole: 'owner' })).toBe(false);
    }
    expect(can(person, 'plan.submit', { planRole: 'designer' })).toBe(true);
    expect(can(staff, 'plan.submit')).toBe(false);
    expect(can(person, 'plan.submit', { planRole: 'owner' })).toBe(false);
  });

  it('lets the lead designer invite designers only, staff any role, owners none', () => {
    expect(can(person, 'plan.invite', { planRole: 'designer', grantRole: 'designer', isLead: true })).toBe(true);
    expect(can(person, 'plan.invite', { planRole: 'designer', grantRole: 'designer' })).toBe(false);
    expect(can(person, 'plan.invite', { planRole: 'designer', grantRole: 'owner' })).toBe(false);
    expect(can(person, 'plan.invite', { planRole: 'designer' })).toBe(false);
    expect(can(person, 'plan.invite', { planRole: 'owner', grantRole: 'designer' })).toBe(false);
    expect(can(staff, 'plan.invite', { grantRole: 'staff' })).toBe(true);
  });

  it('takes the column from the account role plus the relationship, never from its absence', () => {
    const owner: Actor = { userId: 'o', staff: false, roles: ['owner'] };
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    const both: Actor = { userId: 'b', staff: false, roles: ['designer', 'owner'] };
    // An owner on another owner's storefront is not thereby a designer.
    expect(columnOf(owner, { ownsStorefront: false })).toBe('user');
    expect(can(owner, 'plan.create', { ownsStorefront: false })).toBe(false);
    expect(can(owner, 'plan.create', { ownsStorefront: true })).toBe(false);
    expect(columnOf(designer, {})).toBe('designerAccount');
    expect(can(designer, 'plan.create', { ownsStorefront: false })).toBe(true);
    expect(can(designer, 'plan.read', {})).toBe(false);
    // A designer who owns a shop plans in others' storefronts, not in their own.
    expect(can(both, 'plan.create', { ownsStorefront: false })).toBe(true);
    expect(can(both, 'plan.create', { ownsStorefront: true })).toBe(false);
    expect(can(staff, 'plan.create', { ownsStorefront: false })).toBe(true);
  });

  it('lets only editors and staff save versions, only staff and the owner see the owner', () => {
    expect(can(person, 'version.create', { planRole: 'designer' })).toBe(true);
    expect(can(person, 'version.create', { planRole: 'owner' })).toBe(false);
    expect(can(staff, 'version.create', {})).toBe(true);
    expect(can(person, 'storefront.readOwner', { ownsStorefront: true })).toBe(true);
    expect(can(person, 'storefront.readOwner', {})).toBe(false);
    expect(can({ userId: 'd', staff: false, roles: ['designer'] }, 'storefront.readOwner', {})).toBe(false);
    expect(can(staff, 'storefront.readOwner', {})).toBe(true);
  });

  it('gives team actions to the lead and staff, leaving to every member, requests to designer accounts', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    for (const action of ['members.remove', 'members.handOverLead', 'access.decide'] as const) {
      expect(can(person, action, { planRole: 'designer', isLead: true })).toBe(true);
      expect(can(person, action, { planRole: 'designer' })).toBe(false);
      expect(can(person, action, { planRole: 'owner', isLead: true })).toBe(false);
      expect(can(staff, action, {})).toBe(true);
    }
    expect(can(person, 'members.leave', { planRole: 'designer' })).toBe(true);
    expect(can(person, 'members.leave', { planRole: 'owner' })).toBe(true);
    expect(can(designer, 'access.request', {})).toBe(true);
    expect(can(designer, 'access.request', { planRole: 'designer' })).toBe(false);
    expect(can({ userId: 'o', staff: false, roles: ['owner'] }, 'access.request', {})).toBe(false);
  });

  it('lets people resolve their own comments only', () => {
    expect(can(person, 'comment.resolve', { planRole: 'owner', isAuthor: true })).toBe(true);
    expect(can(person, 'comment.resolve', { planRole: 'owner', isAuthor: false })).toBe(false);
  });

  it('lets owners keep their own storefront current, nobody else but staff', () => {
    expect(can(person, 'storefront.editOwn', { ownsStorefront: true })).toBe(true);
    expect(can(person, 'storefront.editOwn', {})).toBe(false);
    expect(can(person, 'storefront.manage', { ownsStorefront: true })).toBe(false);
    expect(can(person, 'plan.create', { ownsStorefront: true })).toBe(false);
    expect(can(person, 'plan.create', {})).toBe(false); // no designer role, no relation: not a designer
  });

  it('lets designer members and staff record visitors, owners only read them, staff alone see reports', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    expect(can(person, 'attendance.record', { planRole: 'designer' })).toBe(true);
    expect(can(staff, 'attendance.record', {})).toBe(true);
    expect(can(person, 'attendance.record', { planRole: 'owner' })).toBe(false);
    expect(can(person, 'attendance.record', { ownsStorefront: true })).toBe(false);
    expect(can(person, 'attendance.read', { planRole: 'owner' })).toBe(true);
    expect(can(designer, 'attendance.read', {})).toBe(false);
    expect(can(designer, 'attendance.record', {})).toBe(false);
    for (const action of ['attendance.readMissing', 'report.read'] as const) {
      expect(can(staff, action)).toBe(true);
      expect(can(person, action, { planRole: 'designer' })).toBe(false);
      expect(can(person, action, { ownsStorefront: true })).toBe(false);
      expect(can(designer, action)).toBe(false);
    }
  });

  it('lets staff and the owner manage a storefront’s underlay, and its plans’ members read it (issue 17)', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    const owner: Actor = { userId: 'o', staff: false, roles: ['owner'] };
    expect(can(staff, 'underlay.manage', {})).toBe(true);
    expect(can(owner, 'underlay.manage', { ownsStorefront: true })).toBe(true);
    expect(can(owner, 'underlay.manage', {})).toBe(false);
    expect(can(designer, 'underlay.manage', { planRole: 'designer' })).toBe(false);
    expect(can(null, 'underlay.manage', {})).toBe(false);
    expect(can(staff, 'underlay.read', {})).toBe(true);
    expect(can(owner, 'underlay.read', { ownsStorefront: true })).toBe(true);
    expect(can(designer, 'underlay.read', { planRole: 'designer' })).toBe(true);
    expect(can(owner, 'underlay.read', { planRole: 'owner' })).toBe(true);
    expect(can(designer, 'underlay.read', {})).toBe(false);
    expect(can(owner, 'underlay.read', {})).toBe(false);
    expect(can(null, 'underlay.read', {})).toBe(false);
  });

  it('lets the owner and staff manage and publish storefront photos, plan members see private ones (issue 17)', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    const owner: Actor = { userId: 'o', staff: false, roles: ['owner'] };
    for (const action of ['storefront.photoManage', 'storefront.photoPublish'] as const) {
      expect(can(owner, action, { ownsStorefront: true })).toBe(true);
      expect(can(staff, action, {})).toBe(true);
      expect(can(owner, action, {})).toBe(false);
      expect(can(designer, action, { planRole: 'designer' })).toBe(false);
      expect(can(null, action)).toBe(false);
    }
    expect(can(designer, 'storefront.photoRead', { planRole: 'designer' })).toBe(true);
    expect(can(owner, 'storefront.photoRead', { ownsStorefront: true })).toBe(true);
    expect(can(staff, 'storefront.photoRead', {})).toBe(true);
    expect(can(designer, 'storefront.photoRead', {})).toBe(false);
    expect(can(owner, 'storefront.photoRead', {})).toBe(false);
    expect(can(null, 'storefront.photoRead')).toBe(false);
  });

  it('lets editors put plan images into the programme, commenters attach images (issue 17)', () => {
    expect(can(person, 'attachment.publish', { planRole: 'designer' })).toBe(true);
    expect(can(person, 'attachment.publish', { planRole: 'owner' })).toBe(false);
    expect(can(staff, 'attachment.publish', {})).toBe(true);
    expect(can({ userId: 'd', staff: false, roles: ['designer'] }, 'attachment.publish', {})).toBe(false);
    for (const planRole of ['designer', 'owner'] as const) expect(can(person, 'comment.attachImage', { planRole })).toBe(true);
    expect(can(staff, 'comment.attachImage', {})).toBe(true);
    expect(can({ userId: 'd', staff: false, roles: ['designer'] }, 'comment.attachImage', {})).toBe(false);
    expect(can(null, 'comment.attachImage')).toBe(false);
  });

  it('shows the published programme to everyone', () => {
    expect(can(null, 'programme.read')).toBe(true);
    // Quarter pages (issue 14) are public like the programme they show; asking for a password reset link
    // is the other thing the public may do (issue 14): the link is the proof.
    // Open calls (issue 16): exposés and published calls are public, and anyone may start an application
    // (the form makes the account).
    const publicActions: string[] = [
      'programme.read',
      'quarter.read',
      'account.passwordReset',
      'privacy.read',
      'profile.read',
      'expose.read',
      'call.read',
      'application.create',
    ];
    for (const action of ACTIONS.filter((a) => !publicActions.includes(a))) expect(can(null, action)).toBe(false);
    expect(can(null, 'quarter.read')).toBe(true);
    expect(can(null, 'account.passwordReset')).toBe(true);
  });

  it('gives the call columns only with the relationship (issue 16)', () => {
    const juror: Actor = { userId: 'j', staff: false, roles: ['juror'] };
    const applicant: Actor = { userId: 'a', staff: false, roles: ['applicant'] };
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    expect(columnOf(juror, { callRole: 'juror' })).toBe('juror');
    // A juror of another call is no juror here; a designer named juror without the role is not either.
    expect(columnOf(juror, {})).toBe('user');
    expect(columnOf(designer, { callRole: 'juror' })).toBe('designerAccount');
    expect(columnOf(applicant, { callRole: 'applicant' })).toBe('applicant');
    expect(columnOf(applicant, {})).toBe('user');
    expect(can(juror, 'jury.score', { callRole: 'juror' })).toBe(true);
    expect(can(juror, 'jury.score', {})).toBe(false);
    expect(can(juror, 'application.read', {})).toBe(false);
    expect(can(applicant, 'application.edit', { callRole: 'applicant' })).toBe(true);
    expect(can(applicant, 'application.edit', {})).toBe(false);
    expect(can(applicant, 'jury.score', { callRole: 'applicant' })).toBe(false);
    expect(can(staff, 'call.manage')).toBe(true);
    expect(can(designer, 'call.manage')).toBe(false);
    expect(can(staff, 'application.create')).toBe(false);
    expect(can(person, 'shortlist.answer', { ownsStorefront: true })).toBe(true);
    expect(can(person, 'shortlist.answer', {})).toBe(false);
  });

  it('lets every account export and delete itself, only staff delete others, edit the privacy page and read the log', () => {
    const accounts: Actor[] = [
      staff,
      person,
      { userId: 'o', staff: false, roles: ['owner'] },
      { userId: 'd', staff: false, roles: ['designer'] },
    ];
    for (const a of accounts) {
      expect(can(a, 'account.export')).toBe(true);
      expect(can(a, 'account.deleteOwn')).toBe(true);
      expect(can(a, 'privacy.read')).toBe(true);
    }
    for (const action of ['account.export', 'account.deleteOwn', 'account.delete', 'privacy.edit', 'activity.read'] as const) {
      expect(can(null, action)).toBe(false);
    }
    expect(can(null, 'privacy.read')).toBe(true);
    for (const action of ['account.delete', 'privacy.edit', 'activity.read'] as const) {
      expect(can(staff, action)).toBe(true);
      expect(can(person, action, { planRole: 'designer', isLead: true })).toBe(false);
      expect(can({ userId: 'o', staff: false, roles: ['owner'] }, action, { ownsStorefront: true })).toBe(false);
      expect(can({ userId: 'd', staff: false, roles: ['designer'] }, action)).toBe(false);
    }
  });

  it('lets everyone read published profiles, only the owner edit one, and staff unpublish any (issue 17)', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    const owner: Actor = { userId: 'o', staff: false, roles: ['owner'] };
    expect(can(null, 'profile.read')).toBe(true);
    expect(can(designer, 'profile.create')).toBe(true);
    expect(can(owner, 'profile.create')).toBe(false);
    expect(can(null, 'profile.create')).toBe(false);
    expect(can(designer, 'profile.edit', { isAuthor: true })).toBe(true);
    expect(can(designer, 'profile.edit', { isAuthor: false })).toBe(false);
    expect(can(staff, 'profile.edit', { isAuthor: false })).toBe(false);
    expect(can(staff, 'profile.edit', { isAuthor: true })).toBe(true);
    expect(can(staff, 'profile.unpublish', { isAuthor: false })).toBe(true);
    expect(can(designer, 'profile.unpublish', { isAuthor: false })).toBe(false);
    expect(can(designer, 'profile.unpublish', { isAuthor: true })).toBe(true);
    expect(can(owner, 'profile.edit', { isAuthor: true })).toBe(false);
  });

  it('lets plan members read handover protocols, designers and staff fill them in, and each side confirm its own (issue 18)', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    const owner: Actor = { userId: 'o', staff: false, roles: ['owner'] };
    const member = { planRole: 'designer' } as const;
    const lead = { planRole: 'designer', isLead: true } as const;
    const ownerOf = { planRole: 'owner', ownsStorefront: true } as const;
    for (const action of ['handover.read'] as const) {
      expect(can(staff, action, {})).toBe(true);
      expect(can(owner, action, ownerOf)).toBe(true);
      expect(can(designer, action, member)).toBe(true);
      expect(can(designer, action, {})).toBe(false);
      expect(can(owner, action, {})).toBe(false);
      expect(can(null, action, {})).toBe(false);
    }
    for (const action of ['handover.edit', 'handover.addendum'] as const) {
      expect(can(staff, action, {})).toBe(true);
      expect(can(designer, action, member)).toBe(true);
      expect(can(owner, action, ownerOf)).toBe(false);
      expect(can(designer, action, {})).toBe(false);
      expect(can(null, action, {})).toBe(false);
    }
    expect(can(owner, 'handover.confirmOwner', ownerOf)).toBe(true);
    expect(can(owner, 'handover.confirmOwner', { ownsStorefront: true })).toBe(true);
    expect(can(staff, 'handover.confirmOwner', {})).toBe(true);
    expect(can(designer, 'handover.confirmOwner', lead)).toBe(false);
    expect(can(owner, 'handover.confirmOwner', {})).toBe(false);
    expect(can(designer, 'handover.confirmDesigner', lead)).toBe(true);
    expect(can(designer, 'handover.confirmDesigner', member)).toBe(false);
    expect(can(staff, 'handover.confirmDesigner', {})).toBe(false);
    expect(can(owner, 'handover.confirmDesigner', ownerOf)).toBe(false);
    expect(can(null, 'handover.confirmDesigner', {})).toBe(false);
  });

  it('lets members read the rota, designers and staff run shifts, only the lead and staff assign others (issue 18)', () => {
    const designer: Actor = { userId: 'd', staff: false, roles: ['designer'] };
    const owner: Actor = { userId: 'o', staff: false, roles: ['owner'] };
    for (const action of ['rota.read', 'rota.manage', 'rota.assign', 'rota.signUp', 'rota.swap'] as const) {
      expect(can(staff, action, {})).toBe(true);
      expect(can(null, action, {})).toBe(false);
      expect(can(designer, action, {})).toBe(false); // a designer account without relation to the plan
      expect(can(owner, action, {})).toBe(false);
    }
    expect(can(owner, 'rota.read', { planRole: 'owner' })).toBe(true);
    expect(can(owner, 'rota.read', { ownsStorefront: true })).toBe(true);
    for (const action of ['rota.manage', 'rota.assign', 'rota.signUp', 'rota.swap'] as const) {
      expect(can(owner, action, { planRole: 'owner' })).toBe(false);
      expect(can(owner, action, { ownsStorefront: true })).toBe(false);
    }
    for (const action of ['rota.read', 'rota.manage', 'rota.signUp', 'rota.swap'] as const)
      expect(can(designer, action, { planRole: 'designer' })).toBe(true);
    expect(can(designer, 'rota.assign', { planRole: 'designer' })).toBe(false);
    expect(can(designer, 'rota.assign', { planRole: 'designer', isLead: true })).toBe(true);
  });
});
