import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { createDemoSet, DEMO_PASSWORD, type DemoSet } from '../../modules/demo/seed.ts';
import { MemoryPubSub } from '../bus/memory-pubsub.ts';
import { loadConfig } from '../config.ts';
import { sharedTestDatabase } from '../db/test-database.ts';

/** Validation at the edge answers alike everywhere (finding 18 of the hardening issue). */
describe('validation at the edge', () => {
  let app: FastifyInstance;
  let demo: DemoSet;
  let auth: Record<string, string>;

  beforeAll(async () => {
    const db = await sharedTestDatabase();
    const config = loadConfig({ DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', DEMO_DATA: 'false', CLIENT_DIR: '/nonexistent' });
    app = await buildApp({ config, db, bus: new MemoryPubSub(), logger: false });
    await app.ready();
    demo = await createDemoSet(db, { emailSuffix: `v${Date.now().toString(36)}` });
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: demo.users.staff.email, password: DEMO_PASSWORD, name: 'validation test' },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    auth = { authorization: `Bearer ${res.json().token}` };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('refuses unknown fields in an invitation, naming the field, and stores nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/invitations',
      headers: auth,
      payload: { email: 'someone@example.org', role: 'designer', isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', key: 'error.validation' });
    expect(res.json().error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'field.unknown' })]));
  });

  it('refuses a null body on a renewal of the approval with 400, not a success', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/plans/${demo.planId}/approvals`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: 'null',
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers a malformed id the same way on every route: 400 naming the path param', async () => {
    for (const url of ['/api/plans/not-a-uuid', '/api/storefronts/not-a-uuid']) {
      const res = await app.inject({ url, headers: auth });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.fields?.[0]?.path, url).toMatch(/Id$/);
    }
  });

  it('answers hostile query values on the public programme with 400, not 500 (findings 7)', async () => {
    for (const url of [
      '/api/public/programme?from=2026-99-99',
      '/api/public/programme?from=2026-02-30',
      '/api/public/programme?quarter=%00',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('VALIDATION');
    }
  });

  it('refuses NUL bytes and lone surrogates in stored text with 400 naming the field, and stores nothing (findings 8, 9)', async () => {
    const comment = await app.inject({
      method: 'POST',
      url: `/api/plans/${demo.planId}/comments`,
      headers: auth,
      payload: { body: 'a\u0000b', anchor: { kind: 'plan' } },
    });
    expect(comment.statusCode).toBe(400);
    expect(comment.json().error.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body', key: 'field.invalidText' })]),
    );
    const list = await app.inject({ url: `/api/plans/${demo.planId}/comments`, headers: auth });
    expect(JSON.stringify(list.json())).not.toContain('a\\u0000b');

    const users = await app.inject({ url: '/api/users?q=%00', headers: auth });
    expect(users.statusCode).toBe(400);

    const approvals = () => app.inject({ url: `/api/plans/${demo.planId}/approvals`, headers: auth });
    const before = (await approvals()).json();
    const renew = await app.inject({
      method: 'POST',
      url: `/api/plans/${demo.planId}/approvals`,
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"note":"x\\ud800y"}',
    });
    expect(renew.statusCode).toBe(400);
    expect(renew.json().error.fields?.[0]).toMatchObject({ path: 'note', key: 'field.invalidText' });
    expect((await approvals()).json()).toEqual(before);
  });
});
