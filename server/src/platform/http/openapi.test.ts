import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { MemoryPubSub } from '../bus/memory-pubsub.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { sharedTestDatabase } from '../db/test-database.ts';

/** Routes that are not the product's API: the reference UI's files and the OpenAPI document itself. */
const NOT_API = (path: string) => path.startsWith('/api/docs') || path === '/api/openapi.json';

/** Writes that take no body: actions named by their path alone. */
const BODYLESS = /\/(logout|logout-all|resolve|reopen|feeds\/personal)$/;

/** Every `METHOD /path` under /api that the app answers, read from Fastify's route tree. */
function apiRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = line.match(/^([│ ]*)[├└]── (.*?) \(([^)]*)\)$/u) ?? line.match(/^([│ ]*)[├└]── (.*)$/u);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    const parent = depth ? stack[depth - 1] : '';
    const segment = m[2];
    const full = depth === 0 && segment === '/' ? '/' : parent + segment;
    stack[depth] = full === '/' ? '/' : full;
    const methods = (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && s !== 'HEAD');
    const path = full.startsWith('//') ? full.slice(1) : full;
    if (!path.startsWith('/api/') || NOT_API(path)) continue;
    for (const method of methods) out.push(`${method} ${path}`);
  }
  return out;
}

describe('the OpenAPI document', () => {
  let app: FastifyInstance;
  let db: Database;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: { in: string; name: string }[]; requestBody?: unknown; responses?: Record<string, { content?: unknown }> }
      >
    >;
  };

  beforeAll(async () => {
    db = await sharedTestDatabase();
    const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', DEMO_DATA: 'false', CLIENT_DIR: '/nonexistent' });
    app = await buildApp({ config, db, bus: new MemoryPubSub(), logger: false });
    await app.ready();
    const res = await app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('describes every API route the server answers', () => {
    const routes = apiRoutes(app);
    expect(routes.length).toBeGreaterThan(40);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const missing = routes.filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  it('gives every route its request schemas and a success response schema', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (NOT_API(path)) continue;
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`;
        // A redirect (the single sign-on callback's 302) is a success without a body.
        const success = Object.entries(op.responses ?? {}).filter(([s]) => /^(2\d\d|30[237])$/.test(s));
        if (!success.length) problems.push(`${name}: no success response schema`);
        for (const [status, r] of success)
          if (/^2\d\d$/.test(status) && status !== '204' && !r.content) problems.push(`${name}: ${status} has no content schema`);
        if (!op.responses?.['4XX'] && !op.responses?.['4xx']) problems.push(`${name}: no error response schema`);
        for (const param of path.match(/\{(\w+)\}/g) ?? []) {
          const p = param.slice(1, -1);
          if (!op.parameters?.some((x) => x.in === 'path' && x.name === p))
            problems.push(`${name}: path param ${p} has no schema`);
        }
        if (['post', 'put', 'patch'].includes(method) && !op.requestBody && !BODYLESS.test(path)) {
          problems.push(`${name}: no request body schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
