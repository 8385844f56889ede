import { randomUUID } from 'node:crypto';
import { docAccessOf, type DocAccessLevel } from '@planner/shared';
import type { PubSub } from '../../platform/bus/pubsub.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { loadPlanContext } from '../plans/plan-access.ts';
import type { TokenStore } from './api-tokens.ts';
import { findUserById } from './repo.ts';
import type { SessionStore } from './sessions.ts';

/**
 * Access changes that every instance must apply to its open connections (Yjs websockets and socket.io):
 * a member removed or downgraded, a session ended, a token revoked. Published on the bus channel
 * {@link ACCESS_CHANNEL} as JSON; every other instance applies what it hears.
 *
 * Fail closed: the instance that makes a change applies it to its own connections at once, before the
 * caller gets an answer, and a failed publish is logged, never thrown to the caller (the row is
 * committed). While the bus is unhealthy, an instance cannot hear the others' changes: it re-checks the
 * access of every open connection against the database every {@link RECHECK_EVERY_MS}, and once more
 * when the bus is healthy again ({@link Revocations.onRecheck}). A change made while the bus is down is
 * answered only after one such interval (plus {@link RECHECK_MARGIN_MS}), so that by the time the caller
 * hears "done", every instance has re-checked after the commit: the revoked socket has written nothing
 * since, on any instance.
 */
export const ACCESS_CHANNEL = 'access';

/** How often open connections are re-checked against the database while the bus is unhealthy. */
export const RECHECK_EVERY_MS = 2000;

/** Time a re-check pass may take, on top of the interval, before a change made during an outage is answered. */
export const RECHECK_MARGIN_MS = 1000;

export type AccessEvent =
  /** The user's access to one plan is now `access` (`none`: removed). */
  | { type: 'plan-access'; planId: string; userId: string; access: DocAccessLevel }
  /**
   * Connections authenticated by these sessions or tokens must end (`all`: every one of the user's
   * sessions; tokens are listed one by one).
   */
  | { type: 'credentials-revoked'; userId: string; sessionIds?: string[]; tokenId?: string; tokenIds?: string[]; all?: boolean };

export type AccessListener = (e: AccessEvent) => void | Promise<void>;

/** Whether a credential of an open connection (`session:<id>` / `token:<id>`) matches a revocation. */
export function credentialRevoked(
  e: Extract<AccessEvent, { type: 'credentials-revoked' }>,
  credential: string | undefined,
): boolean {
  if (!credential) return false;
  if (e.all && credential.startsWith('session:')) return true;
  if (credential.startsWith('token:')) {
    const id = credential.slice('token:'.length);
    return e.tokenId === id || !!e.tokenIds?.includes(id);
  }
  if (credential.startsWith('session:')) return !!e.sessionIds?.includes(credential.slice('session:'.length));
  return false;
}

/** What a re-check asks the database. */
export interface AccessCheck {
  /** Whether the session or token (`session:<id>` / `token:<id>`) is still valid. */
  credentialAlive(userId: string, credential: string): Promise<boolean>;
  /** What the user may do with the plan now. */
  planAccess(userId: string, planId: string): Promise<DocAccessLevel>;
}

/** The database's answers, for the accounts plugin. */
export function databaseAccessCheck(db: Queryable, sessions: SessionStore, tokens: TokenStore): AccessCheck {
  return {
    async credentialAlive(userId, credential) {
      if (credential.startsWith('session:')) return sessions.alive(credential.slice('session:'.length));
      if (credential.startsWith('token:')) return tokens.alive(userId, credential.slice('token:'.length));
      return false;
    },
    async planAccess(userId, planId) {
      const user = await findUserById(db, userId);
      if (!user) return 'none';
      const ctx = await loadPlanContext(db, { userId, staff: user.staff }, planId);
      return ctx ? docAccessOf({ userId, staff: user.staff }, ctx.resource) : 'none';
    },
  };
}

/**
 * One re-check pass: `check` asks the database (answers are memoized for the pass); `changedSince(userId)`
 * says whether an access change of the user was applied since the pass began (then the pass's possibly
 * older answer for that user must not be applied).
 */
export interface Recheck {
  check: AccessCheck;
  changedSince(userId: string): boolean;
}
export type RecheckListener = (r: Recheck) => Promise<void>;

interface Envelope {
  origin: string;
  event: AccessEvent;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Publishes access changes, applies them locally at once, and hands the ones heard on the bus to local listeners. */
export class Revocations {
  /** This instance: its own messages are applied when published, not again when heard. */
  readonly origin = randomUUID();
  private readonly listeners = new Set<AccessListener>();
  private readonly rechecks = new Set<RecheckListener>();
  private readonly lastChange = new Map<string, number>();
  private unsubscribe?: () => Promise<void>;
  private offHealth?: () => void;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly bus: PubSub,
    private readonly onError: (err: unknown, msg?: string) => void,
    private readonly opts: { check?: AccessCheck; recheckEveryMs?: number; marginMs?: number } = {},
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(ACCESS_CHANNEL, (bytes) => {
      let envelope: Envelope;
      try {
        envelope = JSON.parse(decoder.decode(bytes)) as Envelope;
      } catch (err) {
        this.onError(err);
        return;
      }
      if (!envelope?.event || envelope.origin === this.origin) return;
      void this.apply(envelope.event);
    });
    this.offHealth = this.bus.onHealth?.((healthy) => {
      if (healthy) {
        this.stopTimer();
        // Whatever was missed while the bus was down: one more pass against the database.
        void this.recheckNow();
      } else this.startTimer();
    });
    if (this.bus.healthy === false) this.startTimer();
  }

  on(fn: AccessListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Re-checks of open connections (while the bus is unhealthy, and once when it recovers). */
  onRecheck(fn: RecheckListener): () => void {
    this.rechecks.add(fn);
    return () => this.rechecks.delete(fn);
  }

  /**
   * Applies the change to this instance's connections (awaited: done before the caller answers), then
   * sends it to the other instances. A failed send is logged (and covered by their database re-check),
   * never thrown: the change is committed.
   */
  async publish(e: AccessEvent): Promise<void> {
    await this.apply(e);
    const bytes = encoder.encode(JSON.stringify({ origin: this.origin, event: e } satisfies Envelope));
    const down = this.bus.healthy === false;
    this.bus
      .publish(ACCESS_CHANNEL, bytes)
      .catch((err: unknown) =>
        this.onError(err, 'access change not sent over the bus; other instances re-check against the database'),
      );
    // The other instances cannot hear it: answer once their database re-check has seen the change.
    if (down && this.opts.check) {
      const wait = (this.opts.recheckEveryMs ?? RECHECK_EVERY_MS) + (this.opts.marginMs ?? RECHECK_MARGIN_MS);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async apply(e: AccessEvent): Promise<void> {
    this.lastChange.set(e.userId, Date.now());
    await Promise.all(
      [...this.listeners].map((fn) =>
        Promise.resolve()
          .then(() => fn(e))
          .catch((err: unknown) => this.onError(err)),
      ),
    );
  }

  /** Runs one re-check pass now (or right after the one under way). */
  recheckNow(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    const check = this.opts.check;
    if (!check || this.stopped) return Promise.resolve();
    const run = async () => {
      do {
        this.again = false;
        const began = Date.now();
        const memo = new Map<string, Promise<unknown>>();
        const once = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
          if (!memo.has(key)) memo.set(key, fn());
          return memo.get(key) as Promise<T>;
        };
        const pass: Recheck = {
          check: {
            credentialAlive: (u, c) => once(`c:${u}:${c}`, () => check.credentialAlive(u, c)),
            planAccess: (u, p) => once(`p:${u}:${p}`, () => check.planAccess(u, p)),
          },
          changedSince: (userId) => (this.lastChange.get(userId) ?? 0) >= began,
        };
        for (const fn of this.rechecks) {
          await fn(pass).catch((err: unknown) => this.onError(err, 're-checking open connections failed'));
        }
      } while (this.again && !this.stopped);
    };
    this.running = run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private startTimer() {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.recheckNow(), this.opts.recheckEveryMs ?? RECHECK_EVERY_MS);
    this.timer.unref?.();
    void this.recheckNow();
  }

  private stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopTimer();
    this.offHealth?.();
    this.listeners.clear();
    this.rechecks.clear();
    // A pass stuck on an unreachable database must not hold up the shutdown.
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 1000).unref?.())]);
    await this.unsubscribe?.();
  }
}
