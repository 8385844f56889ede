import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const schemaPath = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as any;

  it('is valid against the Compose specification schema', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    delete schema.$schema; // draft-07 is Ajv's default; the URL form is not registered by name
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema really constrains the file: a typo'd key and a wrong type are rejected.
    expect(validate({ ...compose, servics: {} })).toBe(false);
    expect(validate({ ...compose, services: { ...compose.services, redis: { ...compose.services.redis, ports: 6379 } } })).toBe(
      false,
    );
  });

  it('runs PostgreSQL, Redis, two app instances and a proxy, with healthchecks and named volumes', () => {
    const services = compose.services;
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'minio', 'postgres', 'proxy', 'redis']);
    for (const name of Object.keys(services)) expect(services[name].healthcheck?.test, name).toBeTruthy();
    for (const app of ['app1', 'app2']) {
      expect(services[app].environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(services[app].environment.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata']));
    expect(services.postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(services.proxy.ports).toEqual(['8080:80']);
  });

  it('the proxy passes the websocket upgrade for /yjs and /socket.io to both instances', () => {
    const mount = compose.services.proxy.volumes[0] as string;
    const confPath = path.join(root, mount.split(':')[0]);
    const conf = readFileSync(confPath, 'utf8');
    const upstream = conf.match(/upstream\s+(\w+)\s*\{([^}]*)\}/);
    expect(upstream).not.toBeNull();
    expect(upstream![2]).toContain('app1:3000');
    expect(upstream![2]).toContain('app2:3000');
    for (const loc of ['/yjs/', '/socket.io/']) {
      const block = conf.match(new RegExp(`location\\s+${loc.replace(/[/.]/g, '\\$&')}\\s*\\{([^}]*)\\}`));
      expect(block, loc).not.toBeNull();
      const body = block![1];
      expect(body).toContain(`proxy_pass http://${upstream![1]}`);
      expect(body).toMatch(/proxy_http_version\s+1\.1/);
      expect(body).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade/);
      expect(body).toMatch(/proxy_set_header\s+Connection\s+\$connection_upgrade/);
    }
    expect(conf).toMatch(/map\s+\$http_upgrade\s+\$connection_upgrade/);
  });
});
