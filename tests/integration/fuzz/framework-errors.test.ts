import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../../helpers/fixtures.ts';

/**
 * 400s that Fastify produces itself (before any route schema) name what is wrong like every other 400,
 * in the shared error body: found by the REST fuzz (rest-fuzz.test.ts), where they answered
 * `error.badRequest` without fields, or Fastify's own JSON for a URL it cannot decode.
 */
describe("Fastify's own 400s name the field", () => {
  let server: TestServer;
  let world: World;
  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
  });

  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(server.url + path, {
      ...init,
      headers: { authorization: `Bearer ${world.tokens.owner}`, ...(init.headers as Record<string, string>) },
    });
    return { status: res.status, body: await res.json() };
  };
  const json = { 'content-type': 'application/json' };

  it.each([
    ['broken JSON', '{"body":'],
    ['a __proto__ key', '{"body":"x","__proto__":{"isStaff":true}}'],
    ['a constructor.prototype key', '{"body":"x","constructor":{"prototype":{"isStaff":true}}}'],
    ['an empty JSON body', ''],
  ])('%s in a body is a 400 naming the body, and stores nothing', async (_what, body) => {
    const before = (await server.app.db.query<{ n: number }>('select count(*)::int as n from comments')).rows[0].n;
    const res = await send(`/api/plans/${world.planId}/comments`, { method: 'POST', headers: json, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', key: 'error.validation' });
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'body', key: 'field.invalid' })]);
    expect((await server.app.db.query<{ n: number }>('select count(*)::int as n from comments')).rows[0].n).toBe(before);
  });

  it('a URL that is not valid percent-encoded UTF-8 is a 400 naming the URL in the shared error body', async () => {
    const res = await send(`/api/plans/${world.planId}/comments/%ED%A0%80`, {
      method: 'PATCH',
      headers: json,
      body: '{"body":"x"}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION', key: 'error.validation' });
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'url' })]);
  });

  // With the client's build served, an unmatched /api path falls through to the SPA fallback: an
  // over-long parameter must still reach its route (and its param schema), not become a 404.
  it('an over-long path parameter is a 400 naming the parameter in the shared error body', async () => {
    const res = await send(`/api/plans/${'a'.repeat(500)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'planId' })]);
  });
});
