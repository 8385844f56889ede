import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { describeRedis } from './redis/settings.ts';

describe('loadConfig', () => {
  it('gives sensible defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redis).toBeUndefined();
    expect(c.dataDir.endsWith('.data')).toBe(true);
    expect(c.demoData).toBe(true);
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', NODE_ENV: 'staging' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as ConfigError).message;
      for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'NODE_ENV']) expect(msg).toContain(name);
      expect(msg).toContain('"abc"');
    }
  });

  it('takes EMBED_ORIGINS as a list of plain origins and refuses anything else', () => {
    expect(loadConfig({}).embedOrigins).toEqual([]);
    expect(loadConfig({ EMBED_ORIGINS: 'https://quartier.example, http://localhost:8080/' }).embedOrigins).toEqual([
      'https://quartier.example',
      'http://localhost:8080',
    ]);
    for (const bad of [
      '*',
      'quartier.example',
      'https://a.example/path',
      "https://a.example 'unsafe-inline'",
      'ftp://a.example',
    ]) {
      expect(() => loadConfig({ EMBED_ORIGINS: bad }), bad).toThrow(/EMBED_ORIGINS/);
    }
  });

  it('requires SESSION_SECRET in production and never creates demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' });
    expect(c.demoData).toBe(false);
  });

  it('does not echo the session secret in errors', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short-secret' })).toThrow(/SESSION_SECRET/);
    try {
      loadConfig({ SESSION_SECRET: 'short-secret' });
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
    }
  });

  describe('Redis: one server, Sentinel or Cluster', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };

    it('takes a redis:// or rediss:// URL as one server', () => {
      expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
        mode: 'single',
        url: 'redis://127.0.0.1:6379',
      });
      expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.example:6380/2' }).redis?.mode).toBe('single');
    });

    it('takes redis+sentinel:// with several sentinels, a password and the master name', () => {
      expect(
        loadConfig({ REDIS_URL: 'redis+sentinel://:s%40cret@10.0.0.1:26379,sentinel-b:26380,[::1]:26381/mymaster' }).redis,
      ).toEqual({
        mode: 'sentinel',
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'sentinel-b', port: 26380 },
          { host: '::1', port: 26381 },
        ],
        masterName: 'mymaster',
        username: undefined,
        password: 's@cret',
      });
      expect(loadConfig({ REDIS_URL: 'redis+sentinel://h:26379/m' }).redis).toMatchObject({
        mode: 'sentinel',
        masterName: 'm',
        password: undefined,
      });
    });

    it('takes REDIS_SENTINELS with REDIS_SENTINEL_MASTER (and REDIS_PASSWORD)', () => {
      const c = loadConfig({ REDIS_SENTINELS: 'a:26379, b:26379', REDIS_SENTINEL_MASTER: 'planner', REDIS_PASSWORD: 'pw' });
      expect(c.redis).toEqual({
        mode: 'sentinel',
        sentinels: [
          { host: 'a', port: 26379 },
          { host: 'b', port: 26379 },
        ],
        masterName: 'planner',
        password: 'pw',
      });
    });

    it('takes REDIS_CLUSTER_NODES as a Cluster', () => {
      expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002' }).redis).toEqual({
        mode: 'cluster',
        nodes: [7000, 7001, 7002].map((port) => ({ host: '127.0.0.1', port })),
        password: undefined,
      });
    });

    it('names the variable of every malformed value, German first, without echoing passwords', () => {
      const cases: [Record<string, string>, string, RegExp][] = [
        [{ REDIS_URL: 'nope' }, 'REDIS_URL', /^REDIS_URL: muss mit redis:\/\/.* \/ must start with/],
        [{ REDIS_URL: 'http://x:1' }, 'REDIS_URL', /redis\+sentinel:\/\//],
        [{ REDIS_URL: 'redis+sentinel://:topsecret@h1:26379,h2/m' }, 'REDIS_URL', /^REDIS_URL: Sentinels: erwartet host:port/],
        [{ REDIS_URL: 'redis+sentinel://h1:26379' }, 'REDIS_URL', /Sentinel-Adresse ungültig.* \/ invalid Sentinel address/],
        [{ REDIS_SENTINELS: 'h1:26379' }, 'REDIS_SENTINEL_MASTER', /^REDIS_SENTINEL_MASTER: fehlt/],
        [{ REDIS_SENTINELS: 'h1:99999', REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_SENTINELS', /^REDIS_SENTINELS: erwartet host:port/],
        [{ REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_SENTINEL_MASTER', /nur zusammen mit REDIS_SENTINELS/],
        [{ REDIS_CLUSTER_NODES: 'a:7000,,b:7001' }, 'REDIS_CLUSTER_NODES', /^REDIS_CLUSTER_NODES: erwartet host:port/],
        [{ REDIS_CLUSTER_NODES: 'a' }, 'REDIS_CLUSTER_NODES', /\(got "a"\)/],
        [{ REDIS_URL: 'redis://a:1', REDIS_CLUSTER_NODES: 'a:7000' }, 'REDIS_CLUSTER_NODES', /nur eine Redis-Angabe.*REDIS_URL/],
        [{ REDIS_URL: 'redis://a:1', REDIS_PASSWORD: 'topsecret' }, 'REDIS_PASSWORD', /in die URL/],
      ];
      for (const [env, variable, pattern] of cases) {
        const problems = problemsOf(env);
        const mine = problems.filter((p) => p.startsWith(`${variable}:`));
        expect(mine, JSON.stringify(env)).toHaveLength(1);
        expect(mine[0]).toMatch(pattern);
        expect(problems.join('\n')).not.toContain('topsecret');
      }
    });

    it('describes where Redis is for the start-up log, without passwords', () => {
      const of = (env: Record<string, string>) => describeRedis(loadConfig(env).redis!);
      expect(of({ REDIS_URL: 'redis://:pw@cache:6379/1' })).toBe('redis://cache:6379');
      expect(of({ REDIS_URL: 'redis+sentinel://:pw@s1:26379,s2:26379/m' })).toBe('sentinel m@s1:26379,s2:26379');
      expect(of({ REDIS_CLUSTER_NODES: 'n1:7000,n2:7001', REDIS_PASSWORD: 'pw' })).toBe('cluster n1:7000,n2:7001');
    });

    it('lists Redis problems together with the other bad variables', () => {
      const problems = problemsOf({ PORT: 'abc', REDIS_CLUSTER_NODES: 'x' });
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PORT', 'REDIS_CLUSTER_NODES']);
    });
  });

  it('reads SHUTDOWN_DRAIN_MS (default 1000 ms, 0 switches draining off) and refuses a bad value', () => {
    expect(loadConfig({}).shutdownDrainMs).toBe(1000);
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '0' }).shutdownDrainMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '2500' }).shutdownDrainMs).toBe(2500);
    for (const bad of ['-1', 'soon', '1.5', '600000'])
      expect(() => loadConfig({ SHUTDOWN_DRAIN_MS: bad }), bad).toThrow(/SHUTDOWN_DRAIN_MS/);
  });

  describe('retention (issue 20)', () => {
    const DAY = 86_400_000;
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };

    it('keeps sessions 30, invitations 90, reset tokens 7 and the activity log 730 days by default, hourly', () => {
      expect(loadConfig({}).retention).toEqual({
        sessionsMs: 30 * DAY,
        invitationsMs: 90 * DAY,
        resetTokensMs: 7 * DAY,
        auditMs: 730 * DAY,
        intervalMs: 60 * 60_000,
      });
    });

    it('takes each period in whole days; 0 deletes right after expiry (not for the activity log)', () => {
      const r = loadConfig({
        RETENTION_SESSIONS_DAYS: '0',
        RETENTION_INVITATIONS_DAYS: '14',
        RETENTION_RESET_TOKENS_DAYS: '1',
        RETENTION_AUDIT_DAYS: '365',
        RETENTION_INTERVAL_MINUTES: '15',
      }).retention;
      expect(r).toEqual({
        sessionsMs: 0,
        invitationsMs: 14 * DAY,
        resetTokensMs: DAY,
        auditMs: 365 * DAY,
        intervalMs: 15 * 60_000,
      });
    });

    it('anonymises declined and withdrawn applications 6 months after their call closed by default (issue 16)', () => {
      expect(loadConfig({}).applicationRetentionMonths).toBe(6);
      expect(loadConfig({ RETENTION_APPLICATIONS_MONTHS: '12' }).applicationRetentionMonths).toBe(12);
      for (const bad of ['0', '1.5', 'bald', '121'])
        expect(
          problems({ RETENTION_APPLICATIONS_MONTHS: bad }).filter((p) => p.startsWith('RETENTION_APPLICATIONS_MONTHS:')),
          bad,
        ).toHaveLength(1);
    });

    it('names the variable of every bad value, German first', () => {
      const cases: [Record<string, string>, string, RegExp][] = [
        [
          { RETENTION_SESSIONS_DAYS: 'dreißig' },
          'RETENTION_SESSIONS_DAYS',
          /^RETENTION_SESSIONS_DAYS: muss eine ganze Zahl von Tagen sein/,
        ],
        [
          { RETENTION_INVITATIONS_DAYS: '1.5' },
          'RETENTION_INVITATIONS_DAYS',
          /^RETENTION_INVITATIONS_DAYS: muss eine ganze Zahl/,
        ],
        [
          { RETENTION_RESET_TOKENS_DAYS: '-1' },
          'RETENTION_RESET_TOKENS_DAYS',
          /^RETENTION_RESET_TOKENS_DAYS: mindestens 0 \/ at least 0/,
        ],
        [{ RETENTION_AUDIT_DAYS: '7' }, 'RETENTION_AUDIT_DAYS', /^RETENTION_AUDIT_DAYS: mindestens 30 \/ at least 30/],
        [
          { RETENTION_INTERVAL_MINUTES: '0' },
          'RETENTION_INTERVAL_MINUTES',
          /^RETENTION_INTERVAL_MINUTES: muss größer als 0 sein/,
        ],
      ];
      for (const [env, variable, pattern] of cases) {
        const mine = problems(env).filter((p) => p.startsWith(`${variable}:`));
        expect(mine, JSON.stringify(env)).toHaveLength(1);
        expect(mine[0]).toMatch(pattern);
      }
    });
  });

  describe('single sign-on (OIDC_*)', () => {
    const full = {
      OIDC_ISSUER: 'https://login.dortmund.example/realms/stadt',
      OIDC_CLIENT_ID: 'planner',
      OIDC_CLIENT_SECRET: 'very-secret-client-secret',
      OIDC_ROLE_CLAIM: 'groups',
    };
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };

    it('is off without any OIDC variable', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
    });

    it('takes the four required variables, with defaults for staff values and scopes', () => {
      expect(loadConfig({ ...full, OIDC_STAFF_VALUES: 'planner-staff, stabsstelle' }).oidc).toEqual({
        issuer: full.OIDC_ISSUER,
        clientId: 'planner',
        clientSecret: 'very-secret-client-secret',
        roleClaim: 'groups',
        staffValues: ['planner-staff', 'stabsstelle'],
        scopes: 'openid email profile',
      });
      expect(loadConfig(full).oidc?.staffValues).toEqual(['staff']);
    });

    it('is all or nothing: a part of the settings names every missing variable, in German first', () => {
      const problems = problemsOf({ OIDC_ISSUER: full.OIDC_ISSUER, OIDC_ROLE_CLAIM: 'groups' });
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^OIDC_CLIENT_ID: fehlt: Anmeldung mit Dienstkonto braucht/);
      expect(problems[1]).toMatch(/^OIDC_CLIENT_SECRET: fehlt/);
      expect(problemsOf({ OIDC_STAFF_VALUES: 'x' })[0]).toMatch(/^OIDC_STAFF_VALUES: wirkt nur zusammen mit OIDC_ISSUER/);
    });

    it('wants https for the issuer (http only on this machine) and openid among the scopes', () => {
      expect(problemsOf({ ...full, OIDC_ISSUER: 'http://login.example' })[0]).toMatch(
        /^OIDC_ISSUER: muss mit https:\/\/ beginnen/,
      );
      expect(loadConfig({ ...full, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
      expect(problemsOf({ ...full, OIDC_SCOPES: 'email profile' })[0]).toMatch(/^OIDC_SCOPES: muss openid enthalten/);
      expect(loadConfig({ ...full, OIDC_SCOPES: 'openid email groups' }).oidc?.scopes).toBe('openid email groups');
    });

    it('never shows the client secret in an error', () => {
      const message = problemsOf({ ...full, OIDC_ISSUER: 'nope' }).join('\n');
      expect(message).toContain('OIDC_ISSUER');
      expect(message).not.toContain(full.OIDC_CLIENT_SECRET);
    });
  });

  describe('metrics (issue 20)', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };

    it('is off by default; the internal listener binds to 127.0.0.1 unless METRICS_HOST says otherwise', () => {
      expect(loadConfig({}).metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
      const token = 'a'.repeat(32);
      expect(loadConfig({ METRICS_TOKEN: token }).metrics).toEqual({ token, port: undefined, host: '127.0.0.1' });
      expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics).toEqual({
        token: undefined,
        port: 9464,
        host: '10.0.0.5',
      });
    });

    it('names the variable of every bad value, German first, and never echoes the token', () => {
      const cases: [Record<string, string>, string, RegExp][] = [
        [{ METRICS_TOKEN: 'kurz-geheim' }, 'METRICS_TOKEN', /^METRICS_TOKEN: mindestens 16 Zeichen \/ at least 16/],
        [{ METRICS_TOKEN: 'geheim mit leerzeichen 123' }, 'METRICS_TOKEN', /^METRICS_TOKEN: nur A–Z/],
        [{ METRICS_PORT: 'neun' }, 'METRICS_PORT', /^METRICS_PORT: muss eine Portnummer sein/],
        [{ METRICS_PORT: '70000' }, 'METRICS_PORT', /^METRICS_PORT: muss eine Portnummer sein/],
        [{ METRICS_PORT: '3000' }, 'METRICS_PORT', /^METRICS_PORT: muss sich von PORT unterscheiden/],
        [{ METRICS_HOST: '0.0.0.0' }, 'METRICS_HOST', /^METRICS_HOST: nur zusammen mit METRICS_PORT/],
      ];
      for (const [env, variable, pattern] of cases) {
        const mine = problems(env).filter((p) => p.startsWith(`${variable}:`));
        expect(mine, JSON.stringify(env)).toHaveLength(1);
        expect(mine[0]).toMatch(pattern);
      }
      expect(problems({ METRICS_TOKEN: 'kurz-geheim' }).join('\n')).not.toContain('kurz-geheim');
    });
  });

  describe('uploads and where blobs live (issue 17)', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      throw new Error('expected a ConfigError');
    };
    const s3 = {
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'planner',
      S3_ACCESS_KEY_ID: 'planner',
      S3_SECRET_ACCESS_KEY: 'topsecret',
    };

    it('keeps blobs under DATA_DIR/blobs by default, with 25 MB per file and 500 MB per plan', () => {
      const config = loadConfig({ DATA_DIR: '/var/lib/planner' });
      expect(config.blobs).toEqual({ kind: 'local', dir: '/var/lib/planner/blobs' });
      expect(config.uploads).toEqual({ maxFileBytes: 25 * 1024 * 1024, maxPlanBytes: 500 * 1024 * 1024 });
    });

    it('takes the S3 settings, region and path style defaulted', () => {
      expect(loadConfig(s3).blobs).toEqual({
        kind: 's3',
        endpoint: 'http://minio:9000',
        bucket: 'planner',
        region: 'us-east-1',
        accessKeyId: 'planner',
        secretAccessKey: 'topsecret',
        forcePathStyle: true,
      });
      expect(loadConfig({ ...s3, S3_REGION: 'eu-central-1', S3_FORCE_PATH_STYLE: 'false' }).blobs).toMatchObject({
        region: 'eu-central-1',
        forcePathStyle: false,
      });
    });

    it('takes the upload limits in MB', () => {
      expect(loadConfig({ UPLOAD_MAX_FILE_MB: '0.5', UPLOAD_MAX_PLAN_MB: '2' }).uploads).toEqual({
        maxFileBytes: 512 * 1024,
        maxPlanBytes: 2 * 1024 * 1024,
      });
    });

    it('names every bad S3 or upload variable, German first, without echoing the secret', () => {
      const cases: [Record<string, string>, string, RegExp][] = [
        [{ S3_ENDPOINT: 'http://minio:9000' }, 'S3_BUCKET', /^S3_BUCKET: fehlt: S3-Speicher braucht .* \/ missing/],
        [{ S3_ENDPOINT: 'http://minio:9000' }, 'S3_SECRET_ACCESS_KEY', /^S3_SECRET_ACCESS_KEY: fehlt/],
        [{ ...s3, S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT', /^S3_ENDPOINT: erwartet http\(s\):\/\/.* \/ expected/],
        [{ ...s3, S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET', /^S3_BUCKET: ungültiger Bucket-Name/],
        [{ ...s3, S3_REGION: 'EU Central' }, 'S3_REGION', /^S3_REGION: ungültige Region/],
        [{ ...s3, S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE', /^S3_FORCE_PATH_STYLE: erwartet true oder false/],
        [{ UPLOAD_MAX_FILE_MB: '0' }, 'UPLOAD_MAX_FILE_MB', /^UPLOAD_MAX_FILE_MB: muss größer als 0 sein/],
        [{ UPLOAD_MAX_PLAN_MB: '-1' }, 'UPLOAD_MAX_PLAN_MB', /^UPLOAD_MAX_PLAN_MB: muss größer als 0 sein/],
      ];
      for (const [env, variable, pattern] of cases) {
        const problems = problemsOf(env);
        const mine = problems.filter((p) => p.startsWith(`${variable}:`));
        expect(mine, JSON.stringify(env)).toHaveLength(1);
        expect(mine[0]).toMatch(pattern);
        expect(problems.join('\n')).not.toContain('topsecret');
      }
    });
  });
});
