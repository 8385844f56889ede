import fp from 'fastify-plugin';
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { can, docAccessOf, planParams, type Action } from '@planner/shared';
import { AppError, parseInput } from '../../platform/errors.ts';
import type { ResourceLoader } from '../../platform/http/routes.ts';
import { ActorResolver, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, bearerOf, type RequestActor } from './actor.ts';
import { SessionStore } from './sessions.ts';
import { TokenStore } from './api-tokens.ts';
import { credentialRevoked, databaseAccessCheck, Revocations } from './revocation.ts';
import { loadPlanContext, type PlanContext } from '../plans/plan-access.ts';
import { LoginLimits } from './login.ts';
import { MemoryLimitStore, type LimitStore } from './limit-store.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH } from './device-cookie.ts';
import { sameSecret } from './secrets.ts';
import { originAllowed } from './origin.ts';
import { AccountService } from './service.ts';
import { ConsoleMailer, type Mailer } from '../../platform/mail/mailer.ts';

export type { ResourceLoader };

export interface AuthServices {
  sessions: SessionStore;
  tokens: TokenStore;
  resolver: ActorResolver;
  revocations: Revocations;
  mailer: Mailer;
  /** Failed sign-in limits (Redis, or this process's memory while Redis is unavailable). */
  limits: LoginLimits;
  /** The plan and the actor's relation to it, or null when the plan does not exist. */
  planContext(actor: RequestActor | null, planId: string): Promise<PlanContext | null>;
  /** Cookies are Secure when PUBLIC_URL is https or the request came over https (through a trusted proxy). */
  setSessionCookies(reply: FastifyReply, cookie: string, csrfToken: string): void;
  clearSessionCookies(reply: FastifyReply): void;
  setDeviceCookie(reply: FastifyReply, value: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthServices;
    /** Accounts' use-cases (sign-in, sign-out, password, tokens, account search). */
    accounts: AccountService;
    /**
     * A preHandler that lets the request through when the permission matrix allows `action` on the
     * resource `load` describes: 401 without credentials, 403 when not allowed (404 from the loader).
     */
    requirePermission(action: Action, load?: ResourceLoader): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** Who is asking (session cookie or bearer token); null when anonymous. Set for /api/ requests. */
    actor: RequestActor | null;
    /** Set by {@link planResource} for routes under /api/plans/:planId. */
    planContext: PlanContext | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loader for routes with a `:planId` param: 404 for an unknown plan, and `req.planContext` set. */
export const planResource: ResourceLoader = async (req) => {
  const { planId } = parseInput(planParams, req.params);
  const ctx = await req.server.auth.planContext(req.actor, planId);
  if (!ctx) throw new AppError('NOT_FOUND', 'plan.notFound');
  // A deleted plan (issue 14) is gone for everyone but staff, who may restore it.
  if (ctx.deleted && !req.actor?.staff) throw new AppError('NOT_FOUND', 'plan.deleted');
  req.planContext = ctx;
  return ctx.resource;
};

/**
 * Accounts: who is asking (`req.actor`), sessions and their cookies, CSRF protection of browser
 * writes, failed-login limits, `requirePermission`, the Yjs websocket authorizer, and the bus channel
 * that carries revocations to every instance.
 */
export default fp(
  async (app) => {
    const config = app.config;
    if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);

    // Failed sign-ins are counted in Redis, shared across instances, or in this process's memory
    // without Redis and while it is unavailable (sign-in never waits for Redis more than a moment).
    const memory = new MemoryLimitStore();
    let store: LimitStore = memory;
    if (config.redis) {
      const { FallbackLimitStore, RedisLimitStore } = await import('./redis-limit-store.ts');
      const error = (fields: Record<string, unknown>, msg: string) => app.log.error(fields, msg);
      const redis = new RedisLimitStore(config.redis, { timeoutMs: config.signIn.redisTimeoutMs, log: error });
      const fallback = new FallbackLimitStore(redis, memory, { error, info: (msg) => app.log.info(msg) });
      app.addHook('onClose', async () => fallback.close());
      store = fallback;
    }
    const limits = new LoginLimits(store, {
      maxFailures: config.loginMaxFailures,
      backoffBaseMs: config.signIn.backoffBaseMs,
      backoffMaxMs: config.signIn.backoffMaxMs,
      maxFailuresPerIp: config.loginMaxFailuresPerIp,
      ipWindowMs: config.loginWindowMs,
    });

    const sessions = new SessionStore(app.db, {
      secret: config.sessionSecret,
      idleMs: config.sessionIdleMs,
      absoluteMs: config.sessionAbsoluteMs,
    });
    const tokens = new TokenStore(app.db, config.sessionSecret);
    const resolver = new ActorResolver(app.db, sessions, tokens);
    const revocations = new Revocations(
      app.bus,
      (err, msg) => app.log.error({ err }, msg ?? 'applying an access change failed'),
      {
        check: databaseAccessCheck(app.db, sessions, tokens),
      },
    );
    await revocations.start();
    let mailer: Mailer = new ConsoleMailer(app.log);
    if (config.smtpUrl) {
      const { SmtpMailer } = await import('../../platform/mail/smtp-mailer.ts');
      mailer = new SmtpMailer(config.smtpUrl, `Kreativquartiere Planner <no-reply@${new URL(config.publicUrl).hostname}>`);
    }

    // Secure whenever the browser talks https to us: PUBLIC_URL says so, or the request came over TLS
    // (`request.protocol` believes X-Forwarded-Proto only from a trusted proxy, see TRUST_PROXY).
    const alwaysSecure = config.publicUrl.startsWith('https:');
    const secureFor = (reply: FastifyReply) => alwaysSecure || reply.request.protocol === 'https';
    const services: AuthServices = {
      sessions,
      tokens,
      resolver,
      revocations,
      mailer,
      limits,
      planContext: (actor, planId) => loadPlanContext(app.db, actor, planId),
      setSessionCookies(reply, cookie, csrfToken) {
        const maxAge = Math.floor(config.sessionAbsoluteMs / 1000);
        const secure = secureFor(reply);
        reply.setCookie(SESSION_COOKIE, cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge });
        reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, maxAge });
      },
      clearSessionCookies(reply) {
        const secure = secureFor(reply);
        reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
        reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'lax', secure });
      },
      setDeviceCookie(reply, value) {
        reply.setCookie(DEVICE_COOKIE, value, {
          path: DEVICE_COOKIE_PATH,
          httpOnly: true,
          sameSite: 'strict',
          secure: secureFor(reply),
          maxAge: Math.floor(config.signIn.deviceCookieMs / 1000),
        });
      },
    };
    app.decorate('auth', services);
    app.decorate(
      'accounts',
      new AccountService(app.db, {
        sessions,
        tokens,
        revocations,
        limits,
        device: { secret: config.sessionSecret, maxAgeMs: config.signIn.deviceCookieMs },
        mailer: () => app.auth.mailer,
        accountUrl: `${config.publicUrl}/account`,
        onError: (err, what) => app.log.error({ err }, `${what} failed`),
      }),
    );
    app.decorateRequest('actor', null);
    app.decorateRequest('planContext', null);

    app.addHook('onRequest', async (req) => {
      if (!req.url.startsWith('/api/')) return;
      req.actor = await resolver.resolve({ headers: req.headers });
      if (SAFE_METHODS.has(req.method)) return;
      // Bearer tokens are never sent by a browser on its own: no CSRF check for them.
      if (bearerOf(req.headers)) return;
      if (req.actor?.via === 'session') {
        const sent = req.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, req.actor.csrfToken!)) throw new AppError('CSRF', 'auth.csrf');
        return;
      }
      // Without a session (sign-in, accepting an invitation): refuse cross-site form posts.
      if (!originAllowed(req.headers, config.publicUrl)) throw new AppError('CSRF', 'auth.csrf');
    });

    const checkPermission = async (req: FastifyRequest, action: Action, load?: ResourceLoader) => {
      if (!req.actor && !can(null, action)) throw new AppError('UNAUTHENTICATED', 'auth.required');
      const resource = load ? await load(req) : {};
      if (can(req.actor, action, resource)) return;
      if (!req.actor) throw new AppError('UNAUTHENTICATED', 'auth.required');
      throw new AppError('FORBIDDEN', 'auth.forbidden');
    };

    app.decorate('requirePermission', (action: Action, load?: ResourceLoader): preHandlerAsyncHookHandler => {
      return async function permission(req) {
        await checkPermission(req, action, load);
      };
    });

    // Permission as route config (`route(app, contract, { access }, handler)`): checked before the
    // body is validated, so who may not call a route learns nothing from its validation errors.
    app.addHook('preValidation', async (req) => {
      const access = req.routeOptions.config?.access;
      if (!access || access === 'public') return;
      if (access === 'signed-in') {
        if (!req.actor) throw new AppError('UNAUTHENTICATED', 'auth.required');
        return;
      }
      await checkPermission(req, access.action, access.resource);
    });

    // The Yjs websocket: plan members designer/staff write, owners read (updates dropped), others 403.
    app.setDocAuthorizer(async (req, docId) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const actor = await resolver.resolve({ headers: req.headers, queryToken: url.searchParams.get('token') });
      if (!actor) return { deny: 401 };
      // Cross-site websocket hijacking: a cookie-authenticated handshake must come from our pages.
      if (actor.via === 'session' && !originAllowed(req.headers, config.publicUrl)) return { deny: 403 };
      const ctx = await loadPlanContext(app.db, actor, docId);
      if (!ctx || (ctx.deleted && !actor.staff)) return { deny: 404 };
      const access = docAccessOf(actor, ctx.resource);
      if (access === 'none') return { deny: 403 };
      const credential = actor.via === 'session' ? `session:${actor.sessionId}` : `token:${actor.tokenId}`;
      return { userId: actor.userId, canWrite: access === 'write', credential };
    });

    // The Yjs side of revocations; socket.io's side lives in the realtime plugin.
    revocations.on((e) => {
      if (!app.hasDecorator('sync')) return;
      const sync = (app as unknown as { sync: import('../realtime/sync-plugin.ts').SyncApi }).sync;
      if (e.type === 'plan-access') {
        sync.setAccess(e.planId, e.userId, e.access);
        return;
      }
      // A session ended or a token was revoked: the Yjs connections it opened end too (as socket.io's do).
      sync.closeWhere(e.userId, (c) => credentialRevoked(e, c));
    });

    app.addHook('onClose', async () => {
      await revocations.stop();
      await mailer.close();
    });
  },
  { name: 'auth', dependencies: ['config', 'errors', 'database', 'bus', 'doc-access'] },
);
