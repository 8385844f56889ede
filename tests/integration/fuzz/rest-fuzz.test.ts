import { describe, expect } from 'vitest';
import fc from 'fast-check';
import { test } from '../../helpers/fixtures.ts';
import { DATABASE_URL } from '../../helpers/backends.ts';
import { freshPostgresDatabase } from '../../helpers/db.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../../helpers/fixtures.ts';
import { countChanges, rowCounts } from './counts.ts';

/**
 * REST fuzz (issue 15): every route of `/api/openapi.json`, as staff (past the access checks), as a
 * designer member of the plan and anonymously, with params, queries and bodies generated from the route's JSON schemas and mixed with
 * hostile values (NUL, lone surrogates, 1 MB strings, `__proto__`, NaN, huge numbers, invalid dates,
 * unknown fields, broken JSON), sometimes with an `Idempotency-Key` (valid or malformed). For every answer:
 * - no 5xx (and no dropped connection);
 * - a 400 names the field: `error.fields` is non-empty and every entry has a non-empty `path`;
 * - any other 4xx is the shared error body with a message key;
 * - nothing is stored on a 4xx: the row counts of the main tables are unchanged.
 *
 * On PostgreSQL the server gets a database of its own (other files run at the same time and would
 * change the counts); on the embedded pass the files of a worker run one after another.
 * FUZZ_RUNS scales the number of requests per route and caller; FUZZ_SEED repeats a run.
 */

// biome-ignore lint/correctness/noEmptyPattern: vitest fixtures must destructure their context
const fuzzTest = test.extend('serverOptions', { scope: 'file' }, async ({}, { onCleanup }) => {
  if (!DATABASE_URL) return {};
  const fresh = await freshPostgresDatabase();
  onCleanup(() => fresh.drop());
  return { env: { DATABASE_URL: fresh.url } };
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const STAFF_RUNS = Math.max(1, Math.round(25 * RUNS));
const ANONYMOUS_RUNS = Math.max(1, Math.round(6 * RUNS));
/** A designer member of the plan (their own routes: submit, withdraw, versions, comments as author). */
const DESIGNER_RUNS = Math.max(1, Math.round(8 * RUNS));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;

// ── JSON schema → arbitraries ────────────────────────────────────────────────────────────────────

/** A JSON schema from the OpenAPI document (read loosely). */
type Schema = any;

/** 1 MB: under the 1 MiB body limit with room for the rest of a body, so it reaches validation. */
const MB = 'x'.repeat(1_000_000);
const HOSTILE_VALUES: unknown[] = [
  '\u0000',
  'a\u0000b',
  'x\ud800y',
  '\udc00',
  '\ud83d',
  MB,
  'x'.repeat(1024 * 1024 + 1),
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1e309',
  '99999999999999999999999',
  '2026-99-99',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '0000-00-00T00:00:00+99:99',
  '',
  ' ',
  '../..',
  '%00',
  "' or 1=1 --",
  'ß'.repeat(300),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e308,
  -1e308,
  2 ** 64,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  0.5,
  true,
  null,
  [],
  {},
  [MB],
];
/** Appended to a valid string, so that only the bad character makes it invalid. */
const HOSTILE_SUFFIXES = ['\u0000', 'a\u0000b', '\ud800', '\udfff', `\ud83d${'x'}`];

/** One hostile change to an otherwise valid value. */
type Mutation = { replace: unknown } | { append: string } | { extra: 'unknown' | '__proto__'; value: unknown };
const hostile = fc.constantFrom(...HOSTILE_VALUES);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: hostile.map((v) => ({ replace: v })) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SUFFIXES).map((s) => ({ append: s })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('unknown' as const, '__proto__' as const), hostile)
      .map(([extra, value]) => ({ extra, value })),
  },
);

/** Sets an own, enumerable key (also `__proto__`, which then survives JSON.stringify). */
function setOwn(o: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true });
}

/** Every place in a JSON value: [container, key] pairs, depth first. */
function places(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push([v, i], ...places(x));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push([v as Record<string, unknown>, k], ...places(x));
  return out;
}

/** Applies a mutation at the `at`-th place of a (copied) value; the root when it has none. */
function mutate(value: unknown, at: number, m: Mutation): unknown {
  const root = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  const apply = (old: unknown) =>
    'replace' in m ? m.replace : 'append' in m ? (typeof old === 'string' ? old : '') + m.append : old;
  if ('extra' in m) {
    const objects = [root, ...places(root).map(([c, k]) => (c as Record<string, unknown>)[k as string])].filter(
      (x) => x && typeof x === 'object' && !Array.isArray(x),
    ) as Record<string, unknown>[];
    if (!objects.length) return root;
    setOwn(objects[at % objects.length], m.extra === 'unknown' ? 'unknownField' : '__proto__', m.value);
    return root;
  }
  const all = places(root);
  if (!all.length) return apply(root);
  const [container, key] = all[at % all.length];
  (container as Record<string | number, unknown>)[key] = apply((container as Record<string | number, unknown>)[key]);
  return root;
}

interface Pools {
  /** Real ids by the name of the field or param that holds them. */
  byName: Record<string, string[]>;
}

const dateTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const dateOnly = dateTime.map((s) => s.slice(0, 10));

/** Values that fit the schema (mostly: patterns are not followed), using real ids where names say so. */
function valid(schema: Schema, pools: Pools, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object') return fc.jsonValue({ maxDepth: 1 });
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s: Schema) => valid(s, pools, name, depth + 1)));
  let arb: fc.Arbitrary<unknown>;
  const ids = pools.byName[name];
  if (schema.enum) arb = fc.constantFrom(...schema.enum);
  else if (schema.const !== undefined) arb = fc.constant(schema.const);
  else {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string': {
        if (schema.format === 'uuid') arb = ids?.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
        else if (schema.format === 'date-time') arb = dateTime;
        else if (schema.format === 'date') arb = dateOnly;
        else if (ids?.length) arb = fc.constantFrom(...ids);
        else arb = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
        break;
      }
      case 'integer':
        arb = fc.integer({
          min: Math.max(schema.minimum ?? -1_000_000, -1_000_000),
          max: Math.min(schema.maximum ?? 1_000_000, 1_000_000),
        });
        if (ids?.length) arb = fc.oneof(fc.constantFrom(...ids.map(Number)), arb);
        break;
      case 'number':
        arb = fc.double({
          min: Math.max(schema.minimum ?? -1e6, -1e6),
          max: Math.min(schema.maximum ?? 1e6, 1e6),
          noNaN: true,
          noDefaultInfinity: true,
        });
        break;
      case 'boolean':
        arb = fc.boolean();
        break;
      case 'array':
        arb = fc.array(valid(schema.items ?? {}, pools, name, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)),
        });
        break;
      case 'object':
      case undefined: {
        if (depth > 4 || !schema.properties) {
          arb = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
          break;
        }
        const required = new Set<string>(schema.required ?? []);
        const entries = Object.entries(schema.properties as Record<string, Schema>);
        arb = fc
          .tuple(
            ...entries.map(([k, s]) =>
              required.has(k)
                ? valid(s, pools, k, depth + 1).map((v) => [k, v] as const)
                : fc.option(
                    valid(s, pools, k, depth + 1).map((v) => [k, v] as const),
                    { freq: 2 },
                  ),
            ),
          )
          .map((parts) => {
            const o: Record<string, unknown> = {};
            for (const p of parts as (readonly [string, unknown] | null)[]) if (p) o[p[0]] = p[1];
            return o;
          });
        break;
      }
      default:
        arb = fc.jsonValue({ maxDepth: 1 });
    }
  }
  if (schema.nullable) arb = fc.oneof(arb, fc.constant(null));
  return arb;
}

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────

interface Operation {
  method: string;
  path: string;
  params: { in: string; name: string; required?: boolean; schema: Schema }[];
  body: Schema | null;
}

interface Generated {
  url: string;
  /** Raw request body text, or undefined for none. */
  body: string | undefined;
  contentType: string | undefined;
  /** An `Idempotency-Key` header, sometimes (a fresh valid one, or a malformed one). */
  idempotencyKey?: string;
}

/** encodeURIComponent that also takes lone surrogates (sent as the invalid UTF-8 bytes they would be). */
function enc(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .split('')
      .map((c) => {
        try {
          return encodeURIComponent(c);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}

const RAW_BODIES = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1e999',
  '{"x":1e999}',
  '\u0000',
  '{"__proto__":{"isStaff":true}}',
  '{"a":1,"a":2}',
];

/**
 * A request to one operation: a valid one (params, query, body from the schemas, real ids where the
 * names say so), then in most runs one hostile change at one place (a path or query parameter, or a
 * leaf, key or extra field of the body), sometimes several, sometimes a raw broken body.
 */
function requestArb(op: Operation, pools: Pools): fc.Arbitrary<Generated> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const validArb = fc.record({
    path: fc.tuple(...pathParams.map((p) => valid(p.schema, pools, p.name))),
    query: fc.tuple(
      ...queryParams.map((p) =>
        p.required ? valid(p.schema, pools, p.name) : fc.option(valid(p.schema, pools, p.name), { nil: undefined }),
      ),
    ),
    body: op.body ? valid(op.body, pools) : fc.constant(undefined),
  });
  const mutations = fc.oneof(
    { weight: 2, arbitrary: fc.constant([] as [number, number, Mutation][]) },
    { weight: 6, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat(), mutation), { minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat(), mutation), { minLength: 2, maxLength: 4 }) },
  );
  const raw = fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((b) => ({ body: b, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant({ body: 'title=x', contentType: 'text/plain' }) },
    { weight: 1, arbitrary: fc.constant({ body: undefined, contentType: undefined }) },
  );
  const idempotencyKey = fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('kurz', 'k'.repeat(500), 'mit leerzeichen', 'ümlaut-schlüssel', '') },
  );
  return fc.tuple(validArb, mutations, raw, idempotencyKey).map(([v, ms, rawBody, key]) => {
    const path = [...v.path];
    const query = [...v.query];
    let body = v.body;
    let extraQuery: [string, unknown] | null = null;
    for (const [target, at, m] of ms) {
      // Targets: each path param, each query param, an extra query param, the body.
      const slot = target % (pathParams.length + queryParams.length + 2);
      if (slot < pathParams.length) path[slot] = mutate(path[slot], 0, m);
      else if (slot < pathParams.length + queryParams.length) {
        const i = slot - pathParams.length;
        query[i] = mutate(query[i] ?? '', 0, m);
      } else if (slot === pathParams.length + queryParams.length) {
        extraQuery = ['extra' in m ? m.extra : 'unknown', 'replace' in m ? m.replace : 'x'];
      } else body = mutate(body ?? {}, at, m);
    }
    let url = op.path;
    pathParams.forEach((p, i) => {
      url = url.replace(`{${p.name}}`, enc(path[i]) || '%20');
    });
    const q: string[] = [];
    queryParams.forEach((p, i) => {
      const value = query[i];
      if (value === undefined) return;
      for (const one of Array.isArray(value) && value.length ? value : [value]) q.push(`${enc(p.name)}=${enc(one)}`);
    });
    if (extraQuery) q.push(`${enc(extraQuery[0])}=${enc(extraQuery[1])}`);
    if (q.length) url += `?${q.join('&')}`;
    // fetch sends no body with a GET.
    if (op.method === 'GET') return { url, body: undefined, contentType: undefined, idempotencyKey: key };
    if (rawBody) return { url, ...rawBody, idempotencyKey: key };
    if (body === undefined) return { url, body: undefined, contentType: undefined, idempotencyKey: key };
    return { url, body: JSON.stringify(body) ?? 'null', contentType: 'application/json', idempotencyKey: key };
  });
}

/** Routes that would end the staff caller's own sign-in; they are fuzzed anonymously only. */
const ENDS_OWN_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/auth/password']);

interface Outcome {
  status: number;
  body: unknown;
  text: string;
}

async function send(server: TestServer, token: string | null, method: string, g: Generated): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (g.contentType) headers['content-type'] = g.contentType;
  if (g.idempotencyKey !== undefined) headers['idempotency-key'] = g.idempotencyKey;
  const res = await fetch(server.url + g.url, { method, headers, body: g.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, text };
}

/** What is wrong with an answer, or null. */
function problemOf(o: Outcome): string | null {
  if (o.status >= 500) return `answered ${o.status}`;
  if (o.status < 400 || o.status === 431) return null; // 431: Node's own answer to an over-long URL, before the app
  const error = (o.body as { error?: { key?: unknown; fields?: { path?: unknown }[] } } | null)?.error;
  if (!error || typeof error.key !== 'string') return `${o.status} without the shared error body`;
  if (o.status === 400) {
    if (!Array.isArray(error.fields) || error.fields.length === 0) return '400 names no field';
    if (error.fields.some((f) => typeof f.path !== 'string' || f.path === '')) return '400 with a field without a path';
  }
  return null;
}

const short = (s: string | undefined) => (s === undefined ? '' : s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);

describe('REST fuzz over every route of /api/openapi.json', () => {
  let server: TestServer;
  let world: World;
  const operations: Operation[] = [];
  let pools: Pools;

  fuzzTest.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
      >;
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations.push({
          method: method.toUpperCase(),
          path,
          params: op.parameters ?? [],
          body: op.requestBody?.content?.['application/json']?.schema ?? null,
        });
      }
    }
    // A comment to aim at, and a second plan.
    const comment = await w.api.owner1.post(`/api/plans/${w.planId}/comments`, { body: 'Ziel', anchor: { kind: 'plan' } });
    const own = await w.api.designer1.post(`/api/plans/${w.planId}/comments`, { body: 'Eigenes', anchor: { kind: 'plan' } });
    const plan = await w.api.designer1.post('/api/plans', { storefrontId: w.demo.storefrontIds[1], title: 'Zweiter Plan' });
    const userIds = Object.values(w.demo.users).map((u) => u.id);
    // A quarter of the fuzz's own: PATCH /api/quarters/:quarter rewrites what it is given, and the demo's
    // Unionviertel is read by name in other test files of this process.
    const slug = `fuzz-${Math.random().toString(36).slice(2, 10)}`;
    const fuzzQuarter = await w.api.staff.post('/api/quarters', { name: `Fuzz-Viertel ${slug}`, slug });
    if (fuzzQuarter.status !== 201) throw new Error(`fuzz quarter: ${fuzzQuarter.status} ${JSON.stringify(fuzzQuarter.body)}`);
    pools = {
      byName: {
        planId: [w.planId, plan.body.id],
        storefrontId: w.demo.storefrontIds,
        storefront: w.demo.storefrontIds,
        userId: userIds,
        mentions: userIds,
        assignee: userIds,
        commentId: [comment.body.id, own.body.id],
        parentId: [comment.body.id, own.body.id],
        quarterId: [w.demo.quarterId],
        quarter: [fuzzQuarter.body.id, slug],
        transition: ['submit', 'withdraw', 'approve', 'request-changes', 'publish', 'complete', 'reopen', 'teleport'],
        version: ['1', '2', '3'],
        from: ['1', '2'],
        email: Object.values(w.demo.users).map((u) => u.email),
      },
    };
  });

  fuzzTest('no 5xx, every 400 names its field, nothing stored on a 4xx', { timeout: 600_000 }, async () => {
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    const tally = { requests: 0, byStatus: {} as Record<number, number> };
    for (const op of operations) {
      const id = `${op.method} ${op.path}`;
      const callers: [string, string | null, number][] = [
        ['anonymous', null, ANONYMOUS_RUNS],
        ...(ENDS_OWN_SESSION.has(id)
          ? []
          : ([
              ['staff', world.tokens.staff, STAFF_RUNS],
              ['designer', world.tokens.designer, DESIGNER_RUNS],
            ] as [string, string, number][])),
      ];
      for (const [who, token, numRuns] of callers) {
        const result = await fc.check(
          fc.asyncProperty(requestArb(op, pools), async (g) => {
            const before = await rowCounts(server.app.db);
            let outcome: Outcome;
            try {
              outcome = await send(server, token, op.method, g);
            } catch (err) {
              throw new Error(`no answer: ${(err as Error).message}`);
            }
            tally.requests++;
            tally.byStatus[outcome.status] = (tally.byStatus[outcome.status] ?? 0) + 1;
            const problem = problemOf(outcome);
            if (problem) throw new Error(`${problem}: ${short(outcome.text)}`);
            if (outcome.status >= 400) {
              const changed = countChanges(before, await rowCounts(server.app.db));
              if (changed.length) throw new Error(`${outcome.status} but stored: ${changed.join(', ')}`);
            }
          }),
          { numRuns, seed: SEED, endOnFailure: true },
        );
        if (result.failed) {
          const [g] = (result.counterexample ?? []) as [Generated];
          failures.push(
            `${id} as ${who}: ${(result.errorInstance as Error | undefined)?.message ?? 'failed'}\n    request: ${op.method} ${short(g?.url)} ${short(g?.body)}`,
          );
        }
      }
    }
    console.info(`[rest-fuzz] seed ${SEED}: ${tally.requests} requests over ${operations.length} routes`, tally.byStatus);
    expect(failures, `seed ${SEED}`).toEqual([]);
  });
});
