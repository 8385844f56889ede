import type { PublicUser, SsoFailure } from '@planner/shared';
import type { Database } from '../../../platform/db/database.ts';
import type { OidcSettings } from '../../../platform/oidc-settings.ts';
import { audit } from '../../activity/audit.ts';
import type { Revocations } from '../revocation.ts';
import type { Session, SessionStore } from '../sessions.ts';
import { createUser, findUserByEmail, findUserById, toPublicUser } from '../users.ts';
import type { Flow } from './flow-cookie.ts';
import { OidcProvider, ProviderUnreachable, type ProviderSignIn } from './provider.ts';
import * as repo from './repo.ts';
import { isStaffByClaim, rolesAfterSignIn } from './role-mapping.ts';

/** A single sign-on that did not sign in, with the reason the login page words (`/login?sso=<reason>`). */
export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoFailure,
    cause?: unknown,
  ) {
    super(`single sign-on refused: ${reason}`, { cause });
    this.name = 'SsoRefused';
  }
}

export interface SsoDeps {
  sessions: SessionStore;
  /** Announces ended sessions, so their open connections end on every instance. */
  revocations: Pick<Revocations, 'publish'>;
  /** The app's address (PUBLIC_URL): the callback and the page after the provider's logout are under it. */
  publicUrl: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A display name from the standard claims; the e-mail's local part when the provider sends none. */
function nameOf(claims: Record<string, unknown>, email: string): string {
  const given = [str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ');
  return (str(claims.name) ?? (given || undefined) ?? str(claims.preferred_username) ?? email.split('@')[0]).slice(0, 120);
}

/** Postgres' unique violation (an account with that e-mail was created meanwhile). */
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/**
 * Sign-in with the city's identity provider (issue 20). An account is found by its (issuer, subject)
 * link and never by e-mail: a provider account whose address belongs to an unlinked local account is
 * refused (`email-taken`), so nobody takes over a password account by naming its address at the
 * provider. Without a link a new account is created and linked. Roles follow the role claim at every
 * sign-in (role-mapping.ts). The session is the same kind the password sign-in makes; its ID token is
 * kept for the provider's logout.
 */
export class SsoService {
  readonly provider: OidcProvider;

  constructor(
    private readonly db: Database,
    private readonly settings: OidcSettings,
    private readonly deps: SsoDeps,
  ) {
    this.provider = new OidcProvider(settings, `${deps.publicUrl}/api/auth/sso/callback`);
  }

  /** The provider's authorization URL and the flow to keep until the browser comes back. */
  async start(next: string): Promise<{ url: string; flow: Flow }> {
    const { url, state, nonce, codeVerifier } = await this.provider.authorizationUrl();
    return { url, flow: { state, nonce, codeVerifier, next, at: Date.now() } };
  }

  /**
   * Finishes the sign-in the provider sent the browser back from (`search`: the callback's query).
   * Throws {@link SsoRefused} with the reason.
   */
  async finish(
    search: string,
    flow: Flow,
    from: { ip: string; userAgent?: string },
  ): Promise<{ user: PublicUser; cookie: string; session: Session }> {
    let signIn: ProviderSignIn;
    try {
      signIn = await this.provider.signIn(search, flow);
    } catch (err) {
      throw new SsoRefused(err instanceof ProviderUnreachable ? 'unavailable' : 'failed', err);
    }
    const { issuer, subject, claims, idToken } = signIn;
    const staff = isStaffByClaim(claims, this.settings.roleClaim, this.settings.staffValues);
    let userId: string;
    let created = false;
    try {
      ({ userId, created } = await this.db.transaction(async (tx) => {
        const linked = await repo.findLinkedUser(tx, issuer, subject);
        if (linked) return { userId: linked, created: false };
        const email = str(claims.email);
        if (!email) throw new SsoRefused('no-email');
        if (await findUserByEmail(tx, email)) throw new SsoRefused('email-taken');
        const user = await createUser(tx, { email, name: nameOf(claims, email), staff, roles: [staff ? 'staff' : 'designer'] });
        await repo.insertLink(tx, issuer, subject, user.id);
        return { userId: user.id, created: true };
      }));
    } catch (err) {
      if (isUniqueViolation(err)) throw new SsoRefused('email-taken', err);
      throw err;
    }
    const before = (await findUserById(this.db, userId))!;
    const roles = rolesAfterSignIn(before.roles, staff);
    const changed = roles.join() !== before.roles.join() || before.staff !== roles.includes('staff');
    if (changed) await repo.setRoles(this.db, userId, roles);
    const { cookie, session } = await this.deps.sessions.create(userId, from);
    await repo.insertSessionToken(this.db, session.id, issuer, idToken);
    // Staff taken away at the provider: the account's other sessions, signed in as staff, end (and with
    // them their open websockets, whose document access was decided as staff); they sign in anew.
    const lostStaff = before.staff && !roles.includes('staff');
    const ended = lostStaff ? await this.deps.sessions.destroyOthers(userId, session.id) : [];
    if (ended.length) await this.deps.revocations.publish({ type: 'credentials-revoked', userId, sessionIds: ended });
    if (created) {
      await audit(this.db, {
        actorId: userId,
        action: 'user.created',
        subjectType: 'user',
        subjectId: userId,
        details: { via: 'sso' },
        ip: from.ip,
      });
    }
    await audit(this.db, {
      actorId: userId,
      action: 'auth.login',
      subjectType: 'user',
      subjectId: userId,
      details: { via: 'sso', staff, ...(changed ? { rolesBefore: before.roles, roles, sessionsEnded: ended.length } : {}) },
      ip: from.ip,
    });
    const user = (await findUserById(this.db, userId))!;
    return { user: toPublicUser(user), cookie, session };
  }

  /** The provider's logout address for a session started here; null for a password session. */
  async endSessionUrl(sessionId: string): Promise<string | null> {
    const token = await repo.findSessionToken(this.db, sessionId);
    if (!token) return null;
    return this.provider.endSessionUrl(token.idToken, `${this.deps.publicUrl}/login`);
  }
}
