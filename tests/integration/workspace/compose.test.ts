import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { envsubst, renderServerBlock, TEMPLATE_PATH } from '../../helpers/proxy.ts';

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

  it('runs PostgreSQL, Redis, three app instances and a proxy, with healthchecks and named volumes', () => {
    const services = compose.services;
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'app3', 'minio', 'postgres', 'proxy', 'redis']);
    for (const name of Object.keys(services)) expect(services[name].healthcheck?.test, name).toBeTruthy();
    for (const app of ['app1', 'app2', 'app3']) {
      expect(services[app].environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(services[app].environment.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata']));
    expect(services.postgres.volumes[0]).toMatch(/^pgdata:/);
    expect(services.proxy.ports).toEqual(['8080:80']);
  });

  it('the proxy renders the one template: its only variable is the upstream list, naming the three instances', () => {
    const mount = compose.services.proxy.volumes[0] as string;
    const [host, container] = mount.split(':');
    // nginx's official image renders /etc/nginx/templates/*.template into conf.d/ at start.
    expect(container).toBe('/etc/nginx/templates/default.conf.template');
    expect(path.join(root, host)).toBe(TEMPLATE_PATH);
    const template = readFileSync(TEMPLATE_PATH, 'utf8');
    // Upper-case ${NAME}s are what envsubst may replace; nginx's own variables are lower case.
    const placeholders = new Set([...template.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)].map((m) => m[1]));
    expect([...placeholders]).toEqual(['PLANNER_UPSTREAM_SERVERS']);
    expect(compose.services.proxy.environment.PLANNER_UPSTREAM_SERVERS).toBeTruthy();
    // Rendering leaves nginx's variables alone.
    expect(
      envsubst(['$host', '$' + '{PLANNER_UPSTREAM_SERVERS}', '$http_upgrade'].join(' '), { PLANNER_UPSTREAM_SERVERS: 'x' }),
    ).toBe('$host x $http_upgrade');
  });

  it('the proxy passes the websocket upgrade for /yjs and /socket.io to all three instances', () => {
    const conf = renderServerBlock({ 'app1:3000': 'app1:3000', 'app2:3000': 'app2:3000', 'app3:3000': 'app3:3000' });
    const upstream = conf.match(/upstream\s+(\w+)\s*\{([^}]*)\}/);
    expect(upstream).not.toBeNull();
    for (const app of ['app1', 'app2', 'app3']) expect(upstream![2]).toMatch(new RegExp(`server ${app}:3000 max_fails=0;`));
    expect(upstream![2]).toMatch(/ip_hash;/);
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
    // A draining or stopped instance's 503 or refused connection goes to the next instance.
    expect(conf).toMatch(/proxy_next_upstream\s+error timeout http_503;/);
  });

  it("the app image runs node itself, so that a stop's SIGTERM reaches the server (pnpm does not pass it on)", () => {
    const dockerfile = readFileSync(path.join(root, compose.services.app1.build.dockerfile), 'utf8');
    const cmd = [...dockerfile.matchAll(/^CMD\s+(.+)$/gm)].at(-1)?.[1];
    expect(cmd).toBeDefined();
    const argv = JSON.parse(cmd!) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toMatch(/main\.ts$/);
  });
});
