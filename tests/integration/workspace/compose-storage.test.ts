import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@planner/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** docker-compose.yml's object storage (issue 17): MinIO, and every app instance pointed at it. */
describe('docker-compose.yml: uploads in MinIO', () => {
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as any;
  const apps = Object.keys(compose.services).filter((n) => /^app\d+$/.test(n));

  it('runs MinIO with a health check and a named volume', () => {
    const minio = compose.services.minio;
    expect(minio.image).toMatch(/^minio\/minio:/);
    expect(minio.healthcheck.test).toEqual(['CMD', 'mc', 'ready', 'local']);
    expect(minio.volumes[0]).toMatch(/^miniodata:\/data$/);
    expect(Object.keys(compose.volumes)).toContain('miniodata');
  });

  it('points every app instance at MinIO with settings config.ts accepts, and starts them after it is healthy', () => {
    expect(apps.length).toBeGreaterThanOrEqual(2);
    for (const app of apps) {
      const env = compose.services[app].environment as Record<string, string>;
      // ${VAR:-default} as docker compose renders it without the variable set.
      const rendered = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{\w+(?::?-([^}]*))?\}/g, (_, d) => d ?? '')]),
      );
      const config = loadConfig({ ...rendered, SESSION_SECRET: 'x'.repeat(32) });
      expect(config.blobs, app).toMatchObject({
        kind: 's3',
        endpoint: 'http://minio:9000',
        bucket: 'planner',
        forcePathStyle: true,
      });
      expect(compose.services[app].depends_on.minio).toEqual({ condition: 'service_healthy' });
      // The app's keys are MinIO's root credentials (the same variables and defaults).
      expect(env.S3_ACCESS_KEY_ID).toBe(compose.services.minio.environment.MINIO_ROOT_USER);
      expect(env.S3_SECRET_ACCESS_KEY).toBe(compose.services.minio.environment.MINIO_ROOT_PASSWORD);
    }
  });
});
