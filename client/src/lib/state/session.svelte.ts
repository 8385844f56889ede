import type { Actor, PublicUser, SessionResponse, authRoutes } from '@planner/shared';
import { ApiError, request, routeRef, setCsrfToken } from '$lib/api';
import { maybeSignedIn } from '$lib/api/http';
import { realtime } from '$lib/sync/realtime';
import { claimOfflineCaches, releaseOfflineCaches } from '$lib/offline/caches';
import { notifications } from './notifications.svelte';

// Every page loads this module: the auth routes by reference, not their contracts (no zod on the public pages).
const auth = {
  session: routeRef<typeof authRoutes.session>('GET', '/api/auth/session'),
  login: routeRef<typeof authRoutes.login>('POST', '/api/auth/login'),
  logout: routeRef<typeof authRoutes.logout>('POST', '/api/auth/logout'),
};

/** Who is signed in. `ready` turns true once the first session check has answered. */
class Session {
  user = $state<PublicUser | null>(null);
  ready = $state(false);
  /** Set when the session check failed for another reason than "not signed in". */
  error = $state<ApiError | null>(null);
  #loading: Promise<void> | null = null;

  /** The signed-in person as the permission matrix sees them. */
  get actor(): Actor {
    return this.user ? { userId: this.user.id, staff: this.user.staff, roles: this.user.roles } : null;
  }

  /** Checks the session cookie once (again with `force`). */
  load(force = false): Promise<void> {
    if (this.#loading && !force) return this.#loading;
    this.#loading = (async () => {
      try {
        // Signed out (no session cookie pair): no probe, so no 401 in the browser console on every page.
        if (!maybeSignedIn()) return this.#signedOut(null);
        const s = await request(auth.session);
        this.#signedIn(s);
        this.error = null;
      } catch (e) {
        this.#signedOut(e instanceof ApiError && e.status === 401 ? null : (e as ApiError));
      } finally {
        this.ready = true;
      }
    })();
    return this.#loading;
  }

  async login(email: string, password: string) {
    const s = await request(auth.login, { body: { email, password } });
    this.#signedIn(s);
    this.ready = true;
  }

  /** After accepting an invitation that created (and signed in) an account. */
  adopt(s: SessionResponse) {
    this.#signedIn(s);
    this.ready = true;
  }

  /**
   * Ends the session. For a single sign-on session the answer names the provider's logout address:
   * returned, so the caller sends the browser there to end the provider's session too.
   */
  async logout(): Promise<string | null> {
    try {
      const answer = await request(auth.logout);
      return answer?.endSessionUrl ?? null;
    } finally {
      this.user = null;
      notifications.reset();
      setCsrfToken('');
      realtime.disconnect();
      // The service worker's cached answers are this person's: gone before the next page is shown.
      await releaseOfflineCaches();
    }
  }

  /**
   * The account is gone (deleted): forget it here without asking the server, and go to `leave` (a
   * public page). `ready` is off meanwhile, so that the signed-in pages do not redirect to the sign-in
   * page with a `next` first.
   */
  async forget(leave: () => Promise<void>) {
    this.ready = false;
    this.user = null;
    notifications.reset();
    setCsrfToken('');
    realtime.disconnect();
    await releaseOfflineCaches();
    try {
      await leave();
    } finally {
      this.ready = true;
    }
  }

  #signedOut(error: ApiError | null) {
    this.user = null;
    this.error = error;
    realtime.disconnect();
    // Signed out for sure (no session cookie, or the server said 401): no cached answers of anybody.
    if (error === null) void releaseOfflineCaches();
  }

  #signedIn(s: SessionResponse) {
    // Another account than the one whose answers the service worker cached: those are deleted.
    void claimOfflineCaches(s.user.id);
    this.user = s.user;
    setCsrfToken(s.csrfToken);
    realtime.connect();
  }
}

export const session = new Session();
