/**
 * The permission matrix of DESIGN.md §5 as data, and the one function that reads it: {@link can}.
 *
 * The server checks it on every route (a preHandler declared next to the route), on the Yjs websocket
 * upgrade and on socket.io connections and room joins; the client uses the same function only to hide
 * what a person cannot do. Nothing else in the product decides who may do what.
 *
 * Accounts carry explicit roles ({@link ACCOUNT_ROLES}; one person may hold several, e.g. a designer who
 * also owns a shop). An actor has exactly one *column* per resource, chosen by {@link columnOf} from the
 * role plus the relationship, never from the absence of a relationship: staff → `staff`; else their
 * plan membership role (`designer`, `owner`, `staff`: memberships are only granted to accounts holding
 * the matching role); else owning *this* storefront → `owner` (assigning an owner grants the owner role); else the designer role
 * without a relation to the resource → `designerAccount` (may start a plan, nothing else); else a
 * signed-in person without relation → `user` (an owner on another owner's storefront is a `user`, not a
 * designer); else `public`.
 *
 * A designer who also owns a shop: on their own storefront the owner column applies (the owner does not
 * plan in their own shop, DESIGN.md §5 "create a plan: owner of the storefront — no"); on every other
 * storefront they start plans as a designer.
 */

/**
 * Roles an account holds (stored on the account; staff also keeps its `staff` flag). `applicant`: an
 * account made inside an application form of an open call (issue 16); `juror`: an external juror invited
 * to one call. Neither grants anything by itself: the call columns also need the relationship.
 */
export const ACCOUNT_ROLES = ['staff', 'owner', 'designer', 'applicant', 'juror'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Roles a person can hold in one plan. */
export const PLAN_ROLES = ['designer', 'owner', 'staff'] as const;
export type PlanRole = (typeof PLAN_ROLES)[number];

/**
 * The columns of the matrix. `owner`: the owner of this storefront; `designer`: a designer member of this
 * plan; `designerAccount`: a designer account with no relation to the resource; `user`: any other
 * signed-in person with no relation to the resource. The call columns (issue 16): `juror`: an account
 * holding the juror role that is a juror *of this call*; `applicant`: the main or a confirmed
 * co-applicant *of this application*.
 */
export const COLUMNS = ['staff', 'owner', 'designer', 'designerAccount', 'user', 'public', 'juror', 'applicant'] as const;
export type Column = (typeof COLUMNS)[number];

/** Who acts: null for an anonymous request. Without `roles` the account counts as holding none but staff. */
export type Actor = { userId: string; staff: boolean; roles?: readonly AccountRole[] } | null;

/** Whether the actor's account holds `role` (staff also by its flag). */
export function hasRole(actor: Actor, role: AccountRole): boolean {
  if (!actor) return false;
  if (role === 'staff' && actor.staff) return true;
  return actor.roles?.includes(role) ?? false;
}

/** The account role a plan membership role needs: only designer accounts become plan designers, etc. */
export function accountRoleFor(planRole: PlanRole): AccountRole {
  return planRole;
}

/** What is known about the resource, seen from the actor. Loaders on the server fill it in. */
export interface Resource {
  /** The actor's membership role in the plan, when the resource belongs to a plan. */
  planRole?: PlanRole | null;
  /** The actor owns the storefront the resource belongs to. */
  ownsStorefront?: boolean;
  /** For invitations and adding members: the role to be granted. */
  grantRole?: PlanRole;
  /** For own-only actions (resolving a comment): the actor wrote it. */
  isAuthor?: boolean;
  /** The plan is read-only for everyone (withdrawn, done or deleted; issue 14). */
  closed?: boolean;
  /** The actor is the plan's lead designer (team actions of the lead: invite, remove, hand over, decide). */
  isLead?: boolean;
  /**
   * The actor's relationship to an open call or one of its applications (issue 16), filled in by the
   * calls loaders: `juror` when they are a juror of this call (and hold the juror role), `applicant` when
   * they are the main or a confirmed co-applicant of this application.
   */
  callRole?: 'juror' | 'applicant' | null;
}

/**
 * One cell: `true` allowed, `false` refused, `{ grant }` allowed only for granting these plan roles
 * (with `lead`: and only by the plan's lead designer), `'own'` allowed only on what the actor wrote,
 * `'lead'` allowed only to the plan's lead designer.
 */
export type Rule = boolean | 'own' | 'lead' | { grant: readonly PlanRole[]; lead?: boolean };

/** Every action the product checks. Routes added later reuse these names. */
export const ACTIONS = [
  'quarter.manage',
  'storefront.manage',
  'storefront.editOwn',
  'storefront.read',
  'storefront.readOwner',
  'plan.create',
  'plan.read',
  'plan.edit',
  'version.create',
  'comment.create',
  'comment.resolve',
  'plan.submit',
  'plan.approve',
  'plan.invite',
  'members.read',
  'members.manage',
  'plan.publish',
  'programme.read',
  'account.invite',
  'activity.read',
  'checks.readAll',
  'approvals.readStale',
  'storefront.occupancy',
  'quarter.read',
  'quarter.edit',
  'plan.reopen',
  'plan.rename',
  'plan.archive',
  'plan.delete',
  'plan.restore',
  'plan.duplicate',
  'members.leave',
  'members.remove',
  'members.handOverLead',
  'access.request',
  'access.decide',
  'account.passwordReset',
  'account.emailChange',
  'comment.mentionTargets',
  'plan.previewPublication',
  'plan.unpublish',
  'plan.cancelEntry',
  'plan.consent',
  'attachment.read',
  'attachment.upload',
  'attachment.delete',
  'attendance.read',
  'attendance.record',
  'attendance.readMissing',
  'report.read',
  'underlay.read',
  'underlay.manage',
  'account.export',
  'account.deleteOwn',
  'account.delete',
  'privacy.read',
  'privacy.edit',
  'attachment.publish',
  'comment.attachImage',
  'storefront.photoRead',
  'storefront.photoManage',
  'storefront.photoPublish',
  'profile.read',
  'profile.create',
  'profile.edit',
  'profile.unpublish',
  'expose.read',
  'expose.manage',
  'call.read',
  'call.manage',
  'call.juryManage',
  'viewing.book',
  'application.create',
  'application.read',
  'application.edit',
  'jury.score',
  'jury.readRanking',
  'call.decide',
  'shortlist.read',
  'shortlist.answer',
  'call.mail',
  'checklist.manage',
  'handover.read',
  'handover.edit',
  'handover.confirmOwner',
  'handover.confirmDesigner',
  'handover.addendum',
  'rota.read',
  'rota.manage',
  'rota.assign',
  'rota.signUp',
  'rota.swap',
] as const;
export type Action = (typeof ACTIONS)[number];

const no = {
  staff: false,
  owner: false,
  designer: false,
  designerAccount: false,
  user: false,
  public: false,
  juror: false,
  applicant: false,
} as const;
/** Every column: rows open to everyone, signed in or not. */
const everyone = {
  staff: true,
  owner: true,
  designer: true,
  designerAccount: true,
  user: true,
  public: true,
  juror: true,
  applicant: true,
} as const;

/** The matrix (DESIGN.md §5). Rows the design implies but does not list are marked as such. */
export const MATRIX: Readonly<Record<Action, Readonly<Record<Column, Rule>>>> = {
  /** Manage quarters (staff run the registry). */
  'quarter.manage': { ...no, staff: true },
  /** Create storefronts, change anything about them, assign owners. */
  'storefront.manage': { ...no, staff: true },
  /** Keep a storefront's availability and house rules current: staff, and the owner of that storefront. */
  'storefront.editOwn': { ...no, staff: true, owner: true },
  /** See the storefront registry (implied: needed to choose a storefront for a plan). */
  'storefront.read': { ...no, staff: true, owner: true, designer: true, designerAccount: true, user: true },
  /** See who owns a storefront (`ownerId`): staff and that storefront's owner only. */
  'storefront.readOwner': { ...no, staff: true, owner: true },
  /**
   * Create a plan for a storefront: staff and designer accounts. Owners never: not in their own
   * storefront (the owner column) and not in others' (an owner-only account there is a `user`).
   */
  'plan.create': { ...no, staff: true, designer: true, designerAccount: true },
  /** See a plan (implied: every member, the storefront's owner, staff). */
  'plan.read': { ...no, staff: true, owner: true, designer: true },
  /** Edit the plan document. Owners are read-only: their document updates are dropped. */
  'plan.edit': { ...no, staff: true, designer: true },
  /** Save a named version of the plan: its editors (designer members) and staff; owners are read-only. */
  'version.create': { ...no, staff: true, designer: true },
  /** Comment on a plan. */
  'comment.create': { ...no, staff: true, owner: true, designer: true },
  /** Resolve a comment: one's own only. */
  'comment.resolve': { ...no, staff: 'own', owner: 'own', designer: 'own' },
  /** Submit or withdraw a plan. */
  'plan.submit': { ...no, designer: true },
  /** Approve or request changes. */
  'plan.approve': { ...no, staff: true },
  /** Invite people into a plan (or add existing accounts): staff any role, the lead designer designers only. */
  'plan.invite': { ...no, staff: true, designer: { grant: ['designer'], lead: true } },
  /** List a plan's members (implied: whoever may read the plan). */
  'members.read': { ...no, staff: true, owner: true, designer: true },
  /** Change a member's role or remove a member (implied: staff run memberships). */
  'members.manage': { ...no, staff: true },
  /** Publish a plan to the public programme. */
  'plan.publish': { ...no, staff: true },
  /** Read the published programme and its iCalendar feed: everyone. */
  'programme.read': everyone,
  /** Invite someone to an account without a plan (e.g. a new owner or staff member). */
  'account.invite': { ...no, staff: true },
  /** Read the audit log. */
  'activity.read': { ...no, staff: true },
  /** See the check findings of every plan across the city. */
  'checks.readAll': { ...no, staff: true },
  /** List the plans whose approval went stale, across the city (the staff dashboard, issue 19). */
  'approvals.readStale': { ...no, staff: true },
  /** See when a storefront is taken (issue 14): every signed-in role; titles only of plans one may read or published ones. */
  'storefront.occupancy': { ...no, staff: true, owner: true, designer: true, designerAccount: true, user: true },
  /** Read a quarter page (description, contact person, storefronts, public entries): everyone. */
  'quarter.read': everyone,
  /** Change a quarter page: staff. */
  'quarter.edit': { ...no, staff: true },
  /** Reopen a withdrawn plan to draft (issue 14): its designers and staff. */
  'plan.reopen': { ...no, staff: true, designer: true },
  /** Rename a plan: its designers and staff. */
  'plan.rename': { ...no, staff: true, designer: true },
  /** Archive or unarchive a done or withdrawn plan: its designers and staff. */
  'plan.archive': { ...no, staff: true, designer: true },
  /** Delete a draft that was never submitted (soft delete): its designers and staff. */
  'plan.delete': { ...no, staff: true, designer: true },
  /** List deleted plans and restore them within PLAN_RESTORE_DAYS: staff. */
  'plan.restore': { ...no, staff: true },
  /** Duplicate a plan as a template (the copier leads the copy): its designers and staff. */
  'plan.duplicate': { ...no, staff: true, designer: true },
  /** Leave a plan: any member (the lead hands over first while other designers remain). */
  'members.leave': { ...no, staff: true, owner: true, designer: true },
  /** Remove a member: staff, and the plan's lead designer (designers only). */
  'members.remove': { ...no, staff: true, designer: 'lead' },
  /** Hand the lead over to another designer member: the lead, and staff. */
  'members.handOverLead': { ...no, staff: true, designer: 'lead' },
  /** Ask to join a plan: a designer account without relation to it (only designers become designers). */
  'access.request': { ...no, designerAccount: true },
  /** See and decide access requests: the plan's lead designer, and staff. */
  'access.decide': { ...no, staff: true, designer: 'lead' },
  /** Ask for a password reset link and use it (issue 14): anyone, signed in or not; the link is the proof. */
  'account.passwordReset': everyone,
  /** Move one's own account to another e-mail address (confirmed from the new address): every account. */
  'account.emailChange': { ...no, staff: true, owner: true, designer: true, designerAccount: true, user: true },
  /** See whom a comment may notify ("Benachrichtigen"): whoever may comment on the plan. */
  'comment.mentionTargets': { ...no, staff: true, owner: true, designer: true },
  /** See exactly what publishing makes public (entries, texts): staff and the plan's people. */
  'plan.previewPublication': { ...no, staff: true, owner: true, designer: true },
  /** Take a published plan out of the public programme (back to approved), with a reason. */
  'plan.unpublish': { ...no, staff: true },
  /** Cancel one public entry of a published plan, with a reason. */
  'plan.cancelEntry': { ...no, staff: true },
  /** Agree or object to a plan in one's storefront (issue 13): the owner of this storefront only. */
  'plan.consent': { ...no, owner: true },
  /** See a plan's attachments and their files (issue 17): whoever may read the plan. */
  'attachment.read': { ...no, staff: true, owner: true, designer: true },
  /** Upload a file to a plan's "Material" (issue 17): its editors (designer members) and staff. */
  'attachment.upload': { ...no, staff: true, designer: true },
  /** Delete an attachment and its files (issue 17): the plan's editors and staff. */
  'attachment.delete': { ...no, staff: true, designer: true },
  /** See the visitors recorded for a plan's ended public entries (issue 20): whoever may read the plan. */
  'attendance.read': { ...no, staff: true, owner: true, designer: true },
  /** Record or correct the visitors of an ended public entry: the plan's designers and staff; owners read only. */
  'attendance.record': { ...no, staff: true, designer: true },
  /** See which ended public entries across the city still lack a visitor count: staff. */
  'attendance.readMissing': { ...no, staff: true },
  /** Read the city reports and their exports (CSV, XLSX, PDF): staff. */
  'report.read': { ...no, staff: true },
  /**
   * See a storefront's floor-plan underlay and its image (issue 17): staff, the storefront's owner, and
   * the members of its (not deleted) plans. The underlay belongs to the storefront and is shared by all
   * its plans, so the loader gives a member the role they hold in a plan there (`planRole`).
   */
  'underlay.read': { ...no, staff: true, owner: true, designer: true },
  /** Upload, replace, calibrate or remove the underlay: staff and the storefront's owner. */
  'underlay.manage': { ...no, staff: true, owner: true },
  /** Download all of one's own data as a zip (issue 20): every account, for itself only. */
  'account.export': { ...no, staff: true, owner: true, designer: true, designerAccount: true, user: true },
  /** Delete one's own account (issue 20): every account, confirmed by password or e-mail; not the last staff account. */
  'account.deleteOwn': { ...no, staff: true, owner: true, designer: true, designerAccount: true, user: true },
  /** Delete someone else's account (issue 20): staff. */
  'account.delete': { ...no, staff: true },
  /** Read the privacy page: everyone. */
  'privacy.read': everyone,
  /** Change the privacy page's text: staff. */
  'privacy.edit': { ...no, staff: true },
  /** "Im Programm zeigen" on a plan image (issue 17; public once the plan is published): the plan's editors and staff. */
  'attachment.publish': { ...no, staff: true, designer: true },
  /** Attach images to one's comment (issue 17): whoever may comment; they are read like the plan's attachments. */
  'comment.attachImage': { ...no, staff: true, owner: true, designer: true },
  /**
   * See a storefront's private photos (issue 17): staff, its owner, and members of plans in it (the
   * loader gives their strongest plan role there); everyone else sees only the public ones.
   */
  'storefront.photoRead': { ...no, staff: true, owner: true, designer: true },
  /** Upload, caption, order and delete a storefront's photos: staff and its owner. */
  'storefront.photoManage': { ...no, staff: true, owner: true },
  /** Make a storefront photo public or private again: its owner controls it, and staff. */
  'storefront.photoPublish': { ...no, staff: true, owner: true },
  /** Read published creative profiles and the "Kreative" directory (issue 17): everyone; unpublished ones nobody. */
  'profile.read': everyone,
  /** Create one's own creative profile: designer accounts (and staff, who may work as designers too). */
  'profile.create': { ...no, staff: true, designer: true, designerAccount: true },
  /** Change, publish, set the portrait of a profile: its owner only (staff too only their own). */
  'profile.edit': { ...no, staff: 'own', designer: 'own', designerAccount: 'own' },
  /** Unpublish a profile: its owner, and staff for any profile (moderation). */
  'profile.unpublish': { ...no, staff: true, designer: 'own', designerAccount: 'own' },
  /**
   * Open calls (issue 16). Read the public exposé of an offered storefront: everyone, only the field
   * groups its owner made public; private fields (owner contacts, notes) never.
   */
  'expose.read': everyone,
  /** Offer a storefront and choose which groups of its exposé are public (a consent per group): its owner and staff. */
  'expose.manage': { ...no, staff: true, owner: true },
  /** Read published calls, the "Aufrufe" list and their feeds: everyone. Drafts: `call.manage`. */
  'call.read': everyone,
  /** Create, edit, publish, extend the deadline of, cancel a call; its viewing slots and criteria: staff. */
  'call.manage': { ...no, staff: true },
  /** Name the jurors of a call and invite external ones (who get the juror role for this call only): staff. */
  'call.juryManage': { ...no, staff: true },
  /** Book or cancel one's own viewing slot of a published call: every signed-in account. */
  'viewing.book': { ...everyone, public: false },
  /**
   * Start an application: anyone, also without an account (the form creates one, verified by e-mail).
   * Staff run the call and jurors judge it, so neither applies; an owner applies from another column
   * (owners of the call's storefronts are `owner` there and are refused).
   */
  'application.create': { ...no, designerAccount: true, user: true, public: true, applicant: true },
  /**
   * Read an application: its applicants, staff, and the jurors of its call (names and portfolio hidden in
   * blind mode until the scores are in; never a juror with a declared conflict of interest).
   */
  'application.read': { ...no, staff: true, juror: true, applicant: true },
  /** Edit (until the deadline), invite co-applicants, withdraw or delete (before the decision): its applicants. */
  'application.edit': { ...no, applicant: true },
  /** Score an application per criterion, comment, declare a conflict of interest: the call's jurors (staff jurors too). */
  'jury.score': { ...no, staff: true, juror: true },
  /** See each juror's progress, the aggregated ranking and the side-by-side comparison: staff. */
  'jury.readRanking': { ...no, staff: true },
  /** Shortlist, select, decline, waitlist (a selection creates the draft plan): staff. */
  'call.decide': { ...no, staff: true },
  /** See the shortlisted concepts for one's own storefront (no scores): its owner, and staff. */
  'shortlist.read': { ...no, staff: true, owner: true },
  /** Answer "einverstanden" or "Einwände" to a shortlisted concept for one's own storefront: its owner only. */
  'shortlist.answer': { ...no, owner: true },
  /** Edit the decision mail templates and run the bulk send: staff. */
  'call.mail': { ...no, staff: true },
  /** Keep the checklist template a selected application's plan starts with: staff. */
  'checklist.manage': { ...no, staff: true },
  /** See a plan's handover protocols, their photos and PDF (issue 18): whoever may read the plan. */
  'handover.read': { ...no, staff: true, owner: true, designer: true },
  /** Fill in a protocol (zones, meters, keys, defects, photos) before it is locked: the plan's designers and staff. */
  'handover.edit': { ...no, staff: true, designer: true },
  /**
   * Confirm the owner side of a protocol: the storefront's owner (or their caretaker on the owner's
   * phone), and staff for a caretaker (typed name, marked as caretaker).
   */
  'handover.confirmOwner': { ...no, staff: true, owner: true },
  /** Confirm the designer side of a protocol: the plan's lead designer only. */
  'handover.confirmDesigner': { ...no, designer: 'lead' },
  /** Append a dated addendum (text and photos) to a locked protocol: who may edit it. */
  'handover.addendum': { ...no, staff: true, designer: true },
  /** See a plan's duty rota (issue 18): its members (designers, owner) and staff. */
  'rota.read': { ...no, staff: true, owner: true, designer: true },
  /** Create, change, delete and suggest shifts: the plan's designers and staff; owners read only. */
  'rota.manage': { ...no, staff: true, designer: true },
  /** Put others (members, external contacts) on shifts or take them off, keep the contacts: the lead designer and staff. */
  'rota.assign': { ...no, staff: true, designer: 'lead' },
  /** Sign oneself up for a shift or off it: people holding a shift role (designers of the plan, staff). */
  'rota.signUp': { ...no, staff: true, designer: true },
  /** Offer one's shift, withdraw the offer, take another's offer: people holding a shift role. */
  'rota.swap': { ...no, staff: true, designer: true },
};

/** The actor's column for this resource (see the module comment). */
export function columnOf(actor: Actor, resource: Resource = {}): Column {
  if (!actor) return 'public';
  if (hasRole(actor, 'staff')) return 'staff';
  if (resource.planRole) return resource.planRole;
  // Owning this storefront is the owner role's relationship (assigning an owner grants the role).
  if (resource.ownsStorefront) return 'owner';
  if (resource.callRole === 'juror' && hasRole(actor, 'juror')) return 'juror';
  if (resource.callRole === 'applicant') return 'applicant';
  if (hasRole(actor, 'designer')) return 'designerAccount';
  return 'user';
}

/** May `actor` perform `action` on `resource`? Pure; the same answer on server and client. */
export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  const rule = MATRIX[action][columnOf(actor, resource)];
  if (typeof rule === 'boolean') return rule;
  if (rule === 'own') return resource.isAuthor === true;
  if (rule === 'lead') return resource.isLead === true;
  if (rule.lead && resource.isLead !== true) return false;
  return resource.grantRole !== undefined && rule.grant.includes(resource.grantRole);
}

/** What a plan connection may do with the document: `write`, `read` (updates dropped) or `none`. */
export type DocAccessLevel = 'write' | 'read' | 'none';

/** The document access that follows from the matrix. */
export function docAccessOf(actor: Actor, resource: Resource): DocAccessLevel {
  if (can(actor, 'plan.edit', resource)) return resource.closed ? 'read' : 'write';
  if (can(actor, 'plan.read', resource)) return 'read';
  return 'none';
}
