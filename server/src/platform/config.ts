import { z } from 'zod';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRedisSettings, type RedisSettings } from './redis/settings.ts';
import { parseBlobSettings, type BlobSettings } from './blobs/settings.ts';
import { parseOidcSettings, type OidcSettings } from './oidc-settings.ts';

/**
 * The server's configuration, read once from the environment at start-up.
 * Nothing else in the server reads `process.env`: everything goes through {@link loadConfig}.
 */
export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database (PGlite) when no DATABASE_URL is set. */
  dataDir: string;
  databaseUrl?: string;
  /**
   * Redis for the bus between instances and the sign-in limits: one server (REDIS_URL), Sentinel
   * (`redis+sentinel://…` or REDIS_SENTINELS + REDIS_SENTINEL_MASTER) or Cluster (REDIS_CLUSTER_NODES);
   * unset: in-process. See redis/settings.ts.
   */
  redis?: RedisSettings;
  sessionSecret: string;
  publicUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: string;
  /** Folder of the built client; served when it exists. */
  clientDir: string;
  /** SMTP URL for outgoing mail; mail is logged to the console when unset. */
  smtpUrl?: string;
  /** Optional tile URL template for the city view (no third-party tiles by default). */
  mapTileUrl?: string;
  /**
   * Origins that may frame the programme widget `/einbetten/<quarter>` (EMBED_ORIGINS, comma-separated
   * `https://host[:port]`; default none). Every other page denies framing.
   */
  embedOrigins: string[];
  /** Create demo data on an empty embedded database (never in production). */
  demoData: boolean;
  /** Sessions end after this long without a request (SESSION_IDLE_MINUTES, default 7 days). */
  sessionIdleMs: number;
  /** Sessions end this long after sign-in, however active (SESSION_MAX_DAYS, default 30). */
  sessionAbsoluteMs: number;
  /** Failed sign-ins are counted in windows of this length (LOGIN_WINDOW_SECONDS, default 60). */
  loginWindowMs: number;
  /** Failed sign-ins per account and window before 429 (LOGIN_MAX_FAILURES, default 10). */
  loginMaxFailures: number;
  /**
   * Which proxies' `X-Forwarded-For`/`-Proto` to believe (TRUST_PROXY): false (default: the header is
   * ignored, the client is the socket's peer), a hop count, or addresses/CIDRs/`loopback`/`uniquelocal`.
   */
  trustProxy: false | number | string[];
  /** Failed sign-ins per client IP and window before 429 (LOGIN_MAX_FAILURES_PER_IP, default 50). */
  loginMaxFailuresPerIp: number;
  /** Sign-in and sessions (issue 15: findings 6, 15, 16), see {@link signInSettings}. */
  signIn: SignInSettings;
  /** Password reset requests per address and per client IP and hour (issue 14), see {@link PasswordResetLimits}. */
  passwordReset: PasswordResetLimits;
  /**
   * Accounts the public application form may make per client IP and hour (APPLICATION_ACCOUNTS_PER_IP,
   * default 20): each costs a password hash and a mail, and anyone may post the form. One more is
   * answered 429 until the hour is over.
   */
  applicationAccountsPerIp: number;

  // ── Live sync limits (issue 15, findings 2 and 10; server/src/sync/limits.ts) ──
  /** Largest plan document (encoded Yjs state) that edits may grow it to (SYNC_MAX_DOC_BYTES, default 8 MiB). */
  syncMaxDocBytes: number;
  /** Open `/yjs` websockets per user and instance; one more is refused with 429 (SYNC_MAX_SOCKETS_PER_USER, default 20). */
  syncMaxConnectionsPerUser: number;
  /** Plan housekeeping (issue 14), see {@link HousekeepingSettings}. */
  housekeeping: HousekeepingSettings;
  /** Retention of personal data past its use (issue 20), see {@link RetentionSettings}. */
  retention: RetentionSettings;
  /**
   * Applications (issue 16): the personal data of declined and withdrawn applications is anonymised this
   * many months after their call closed (RETENTION_APPLICATIONS_MONTHS, default 6, at least 1).
   */
  applicationRetentionMonths: number;
  /**
   * On SIGTERM, how long the instance drains before it closes (SHUTDOWN_DRAIN_MS, default 1000): its
   * health check answers 503 and new websocket upgrades are refused, so that a proxy or orchestrator
   * moves new connections elsewhere (platform/http/drain.ts). SIGINT (Ctrl-C) does not wait.
   */
  shutdownDrainMs: number;
  /**
   * Single sign-on with the city's identity provider (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
   * OIDC_ROLE_CLAIM, OIDC_STAFF_VALUES, OIDC_SCOPES; all four required ones or none); unset: off.
   * See oidc-settings.ts.
   */
  oidc?: OidcSettings;
  /** Who may read `/metrics` and where (issue 20), see {@link MetricsSettings}. */
  metrics: MetricsSettings;
  /** Where uploaded files live (issue 17): `DATA_DIR/blobs`, or S3-compatible storage (S3_*). */
  blobs: BlobSettings;
  /** Upload limits (issue 17), see {@link UploadLimits}. */
  uploads: UploadLimits;
  /** The cached read models' memory bound (READ_CACHE_MB, default 64; 0: no caching), platform/read-cache. */
  readCacheBytes: number;
}

/** Upload limits (issue 17): one file, and the originals of one plan together. */
export interface UploadLimits {
  /** UPLOAD_MAX_FILE_MB, default 25. */
  maxFileBytes: number;
  /** UPLOAD_MAX_PLAN_MB, default 500. */
  maxPlanBytes: number;
}

/**
 * `/metrics` (Prometheus text, platform/metrics/). Off unless METRICS_TOKEN or METRICS_PORT is set:
 * - METRICS_PORT set: served only on a separate listener at METRICS_HOST:METRICS_PORT (default host
 *   127.0.0.1); the main port answers 404;
 * - else METRICS_TOKEN set: served on the main port;
 * - with METRICS_TOKEN, either place asks for `Authorization: Bearer <token>` (401 without or wrong).
 */
export interface MetricsSettings {
  /** Bearer token (METRICS_TOKEN, at least 16 characters). */
  token?: string;
  /** The internal listener's port (METRICS_PORT; 0: any free port, for tests). */
  port?: number;
  /** The internal listener's interface (METRICS_HOST, default 127.0.0.1). */
  host: string;
}

/** Plan housekeeping (issue 14): soft-deleted drafts, their purge, and the dashboards' "geändert". */
export interface HousekeepingSettings {
  /** Staff may restore a deleted draft for this long; then it is purged (PLAN_RESTORE_DAYS, default 30). */
  restoreMs: number;
  /** How often the purge job runs (PLAN_PURGE_INTERVAL_MINUTES, default 60). */
  purgeIntervalMs: number;
  /** Live edits move a plan's `updated_at` at most this often per plan (PLAN_TOUCH_SECONDS, default 5). */
  touchIntervalMs: number;
}

/**
 * Retention (issue 20, data protection): how long rows that are no longer live stay before the retention
 * job (modules/retention/retention.ts) deletes them. Live rows are never touched: an unexpired session,
 * an open invitation, an unused unexpired token. docs/personal-data.md explains the defaults.
 */
export interface RetentionSettings {
  /** Expired sessions are kept this long after `expires_at` (RETENTION_SESSIONS_DAYS, default 30). */
  sessionsMs: number;
  /** Accepted or expired invitations, this long after acceptance or expiry (RETENTION_INVITATIONS_DAYS, default 90). */
  invitationsMs: number;
  /** Used or expired password-reset and e-mail-change tokens (RETENTION_RESET_TOKENS_DAYS, default 7). */
  resetTokensMs: number;
  /** Activity log rows older than this are deleted (RETENTION_AUDIT_DAYS, default 730, at least 30). */
  auditMs: number;
  /** How often the job runs (RETENTION_INTERVAL_MINUTES, default 60). */
  intervalMs: number;
}

/**
 * Settings of sign-in's failure limits and device cookies (issue 15). Beyond LOGIN_MAX_FAILURES
 * failures an account is slowed down, not locked: each further failure doubles the wait before the
 * next attempt is checked, up to LOGIN_BACKOFF_MAX_SECONDS. A browser that signed in before carries a
 * device cookie and is not slowed down by its account's failures (its own count, and the per-IP
 * limit, still apply).
 */
export interface SignInSettings {
  /** The first wait once an account's failures reach LOGIN_MAX_FAILURES (LOGIN_BACKOFF_SECONDS, default 2). */
  backoffBaseMs: number;
  /** The longest wait (LOGIN_BACKOFF_MAX_SECONDS, default 900 = 15 minutes). */
  backoffMaxMs: number;
  /** Lifetime of the device cookie (DEVICE_COOKIE_DAYS, default 365). */
  deviceCookieMs: number;
  /**
   * How long a sign-in waits for Redis before it counts failures in this process's memory instead
   * (LOGIN_REDIS_TIMEOUT_MS, default 300). Redis is not asked again until it answers a probe.
   */
  redisTimeoutMs: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const DEV_SECRET = 'dev-only-secret-change-me-please-0123456789';

const urlWithProtocol = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(p + ':')), {
      message: `must start with ${protocols.map((p) => p + '://').join(' or ')}`,
    });

/** A whole number of days, at least `min` (retention periods). */
/** `https://host[:port]` (or http): an origin as CSP frame-ancestors and browsers compare them, nothing more. */
function isWebOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value.replace(/\/$/, '') && !/[\s;,']/.test(value);
  } catch {
    return false;
  }
}

const days = (min: number, fallback: number) =>
  z.coerce
    .number({ error: 'muss eine ganze Zahl von Tagen sein / must be a whole number of days' })
    .int('muss eine ganze Zahl von Tagen sein / must be a whole number of days')
    .min(min, `mindestens ${min} / at least ${min}`)
    .default(fallback);

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: urlWithProtocol(['postgres', 'postgresql']).optional(),
    // REDIS_URL, REDIS_SENTINELS, REDIS_SENTINEL_MASTER, REDIS_CLUSTER_NODES, REDIS_PASSWORD: redis/settings.ts.
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PUBLIC_URL: z.string().url().optional(),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CLIENT_DIR: z.string().min(1).optional(),
    SMTP_URL: urlWithProtocol(['smtp', 'smtps']).optional(),
    MAP_TILE_URL: z.string().url().optional(),
    EMBED_ORIGINS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every(isWebOrigin),
        'must be a comma-separated list of origins like https://example.org (scheme, host, optional port; nothing else)',
      )
      .transform((list) => list.map((o) => new URL(o).origin)),
    DEMO_DATA: z.enum(['true', 'false', '1', '0']).optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .positive()
      .default(7 * 24 * 60),
    SESSION_MAX_DAYS: z.coerce.number().positive().default(30),
    LOGIN_WINDOW_SECONDS: z.coerce.number().positive().default(60),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
    TRUST_PROXY: z
      .string()
      .regex(
        /^(false|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*))$/,
        'must be false, a hop count, or a comma-separated list of addresses/CIDRs (loopback, uniquelocal allowed)',
      )
      .optional(),
    // Sign-in and sessions (issue 15), see SignInSettings.
    LOGIN_BACKOFF_SECONDS: z.coerce.number().positive().default(2),
    LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().positive().default(900),
    DEVICE_COOKIE_DAYS: z.coerce.number().positive().default(365),
    LOGIN_REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(300),
    // Password reset (issue 14).
    PASSWORD_RESET_PER_EMAIL: z.coerce.number().int().min(1).default(5),
    PASSWORD_RESET_PER_IP: z.coerce.number().int().min(1).default(30),
    APPLICATION_ACCOUNTS_PER_IP: z.coerce.number().int().min(1).default(20),
    // ── Live sync limits (issue 15) ──
    SYNC_MAX_DOC_BYTES: z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .default(8 * 1024 * 1024),
    SYNC_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(20),
    // ── Plan housekeeping (issue 14) ──
    PLAN_RESTORE_DAYS: z.coerce.number().positive().default(30),
    PLAN_PURGE_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
    PLAN_TOUCH_SECONDS: z.coerce.number().min(0).default(5),
    // ── Retention (issue 20) ──
    RETENTION_SESSIONS_DAYS: days(0, 30),
    RETENTION_INVITATIONS_DAYS: days(0, 90),
    RETENTION_RESET_TOKENS_DAYS: days(0, 7),
    RETENTION_AUDIT_DAYS: days(30, 730),
    RETENTION_APPLICATIONS_MONTHS: z.coerce
      .number({ error: 'muss eine ganze Zahl von Monaten sein / must be a whole number of months' })
      .int('muss eine ganze Zahl von Monaten sein / must be a whole number of months')
      .min(1, 'mindestens 1 / at least 1')
      .max(120, 'höchstens 120 / at most 120')
      .default(6),
    RETENTION_INTERVAL_MINUTES: z.coerce
      .number({ error: 'muss eine Zahl sein / must be a number' })
      .positive('muss größer als 0 sein / must be greater than 0')
      .default(60),
    // ── Rolling restarts ──
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    // ── Metrics (issue 20) ──
    METRICS_TOKEN: z
      .string()
      .min(16, 'mindestens 16 Zeichen / at least 16 characters')
      .max(256, 'höchstens 256 Zeichen / at most 256 characters')
      .regex(/^[A-Za-z0-9._~+/=-]+$/, 'nur A–Z, a–z, 0–9 und ._~+/=- / only A–Z, a–z, 0–9 and ._~+/=-')
      .optional(),
    METRICS_PORT: z.coerce
      .number({ error: 'muss eine Portnummer sein / must be a port number' })
      .int('muss eine Portnummer sein / must be a port number')
      .min(0, 'muss eine Portnummer sein / must be a port number')
      .max(65535, 'muss eine Portnummer sein / must be a port number')
      .optional(),
    METRICS_HOST: z.string().min(1).optional(),
    // ── Uploads (issue 17); S3_* in blobs/settings.ts ──
    UPLOAD_MAX_FILE_MB: z.coerce.number().positive('muss größer als 0 sein / must be greater than 0').default(25),
    UPLOAD_MAX_PLAN_MB: z.coerce.number().positive('muss größer als 0 sein / must be greater than 0').default(500),
    // ── Cached read models (issue 19) ──
    READ_CACHE_MB: z.coerce
      .number({ error: 'muss eine Zahl sein / must be a number' })
      .min(0, 'darf nicht negativ sein / must not be negative')
      .max(4096, 'höchstens 4096 / at most 4096')
      .default(64),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.METRICS_HOST !== undefined && env.METRICS_PORT === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_HOST'],
        message: 'nur zusammen mit METRICS_PORT / only together with METRICS_PORT',
      });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_PORT'],
        message: 'muss sich von PORT unterscheiden / must differ from PORT',
      });
    }
  });

/** Thrown by {@link loadConfig}; its message lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(v: string | undefined): Config['trustProxy'] {
  if (!v || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

/** Empty strings count as unset, as in most shells' `VAR= cmd`. */
function withoutEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

const SECRETS = new Set(['SESSION_SECRET', 'REDIS_PASSWORD', 'METRICS_TOKEN', 'OIDC_CLIENT_SECRET', 'S3_SECRET_ACCESS_KEY']);

/** A value as shown in an error: never a secret, and URLs without their password. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined || SECRETS.has(name)) return '';
  return ` (got "${value.replace(/(\/\/[^:@/]*:)[^@/]*@/, '$1***@')}")`;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = withoutEmpty(env);
  const parsed = schema.safeParse(present);
  const redis = parseRedisSettings(present);
  const oidc = parseOidcSettings(present);
  const blobs = parseBlobSettings(present, path.resolve(present.DATA_DIR ?? '.data'));
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? '?'), message: i.message }))),
    ...redis.problems.map((p) => ({ name: p.variable, message: p.message })),
    ...oidc.problems.map((p) => ({ name: p.variable, message: p.message })),
    ...blobs.problems.map((p) => ({ name: p.variable, message: p.message })),
  ];
  if (!parsed.success || problems.length) {
    throw new ConfigError(problems.map((p) => `${p.name}: ${p.message}${shownValue(p.name, env[p.name])}`));
  }
  const e = parsed.data;
  const port = e.PORT;
  const demo = e.DEMO_DATA === undefined ? e.NODE_ENV !== 'production' : e.DEMO_DATA === 'true' || e.DEMO_DATA === '1';
  return {
    port,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redis: redis.settings,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port || 3000}`).replace(/\/$/, ''),
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    clientDir: path.resolve(e.CLIENT_DIR ?? path.join(here, '../../../client/build')),
    smtpUrl: e.SMTP_URL,
    mapTileUrl: e.MAP_TILE_URL,
    embedOrigins: e.EMBED_ORIGINS,
    demoData: demo && e.NODE_ENV !== 'production',
    sessionIdleMs: Math.round(e.SESSION_IDLE_MINUTES * 60_000),
    sessionAbsoluteMs: Math.round(e.SESSION_MAX_DAYS * 86_400_000),
    loginWindowMs: Math.round(e.LOGIN_WINDOW_SECONDS * 1000),
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginMaxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    signIn: signInSettings(e),
    passwordReset: { maxPerAddress: e.PASSWORD_RESET_PER_EMAIL, maxPerIp: e.PASSWORD_RESET_PER_IP },
    applicationAccountsPerIp: e.APPLICATION_ACCOUNTS_PER_IP,
    // Live sync limits (issue 15).
    syncMaxDocBytes: e.SYNC_MAX_DOC_BYTES,
    syncMaxConnectionsPerUser: e.SYNC_MAX_SOCKETS_PER_USER,
    housekeeping: {
      restoreMs: Math.round(e.PLAN_RESTORE_DAYS * 86_400_000),
      purgeIntervalMs: Math.round(e.PLAN_PURGE_INTERVAL_MINUTES * 60_000),
      touchIntervalMs: Math.round(e.PLAN_TOUCH_SECONDS * 1000),
    },
    retention: {
      sessionsMs: e.RETENTION_SESSIONS_DAYS * 86_400_000,
      invitationsMs: e.RETENTION_INVITATIONS_DAYS * 86_400_000,
      resetTokensMs: e.RETENTION_RESET_TOKENS_DAYS * 86_400_000,
      auditMs: e.RETENTION_AUDIT_DAYS * 86_400_000,
      intervalMs: Math.round(e.RETENTION_INTERVAL_MINUTES * 60_000),
    },
    applicationRetentionMonths: e.RETENTION_APPLICATIONS_MONTHS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    oidc: oidc.settings,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST ?? '127.0.0.1' },
    blobs: blobs.settings!,
    uploads: {
      maxFileBytes: Math.round(e.UPLOAD_MAX_FILE_MB * 1024 * 1024),
      maxPlanBytes: Math.round(e.UPLOAD_MAX_PLAN_MB * 1024 * 1024),
    },
    readCacheBytes: Math.round(e.READ_CACHE_MB * 1024 * 1024),
  };
}

// ── Sign-in and sessions (issue 15: findings 6, 15, 16) ──────────────────────────────────────────────

function signInSettings(e: z.infer<typeof schema>): SignInSettings {
  return {
    backoffBaseMs: Math.round(e.LOGIN_BACKOFF_SECONDS * 1000),
    backoffMaxMs: Math.round(Math.max(e.LOGIN_BACKOFF_MAX_SECONDS, e.LOGIN_BACKOFF_SECONDS) * 1000),
    deviceCookieMs: Math.round(e.DEVICE_COOKIE_DAYS * 86_400_000),
    redisTimeoutMs: e.LOGIN_REDIS_TIMEOUT_MS,
  };
}

// ── Password reset (issue 14) ────────────────────────────────────────────────────────────────────────

/**
 * Reset links asked for per hour: per address (PASSWORD_RESET_PER_EMAIL, default 5; counted for
 * unknown addresses too, so the limit tells nothing) and per client IP (PASSWORD_RESET_PER_IP,
 * default 30). One more is answered 429 until the hour is over.
 */
export interface PasswordResetLimits {
  maxPerAddress: number;
  maxPerIp: number;
}
