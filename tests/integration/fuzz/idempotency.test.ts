import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { World } from '../../helpers/fixtures.ts';
import { scheduleHashOf } from '../../helpers/decisions.ts';

/**
 * Idempotent decisions (issue 15, finding 8): a retried approve, request-changes, re-approval or
 * comment never duplicates. The retry carries the same `Idempotency-Key` and gets the first answer.
 */
describe('idempotent writes', () => {
  let server: TestServer;
  let world: World;
  let planId: string;

  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    planId = w.planId;
  });

  async function post(token: string, path: string, body: unknown, key?: string) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (key !== undefined) headers['idempotency-key'] = key;
    const res = await fetch(server.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, replayed: res.headers.get('idempotent-replayed') };
  }
  const count = async (sql: string) => (await server.app.db.query<{ n: number }>(sql, [planId])).rows[0].n;
  const approvals = () => count('select count(*)::int as n from approvals where plan_id = $1');
  const comments = () => count('select count(*)::int as n from comments where plan_id = $1');
  /** The hash of the schedule staff look at: approve and renew are bound to it (issue 13). */
  const seen = async () => ({ scheduleHash: await scheduleHashOf(world.api.staff, planId) });

  it('a retried approve with the same key answers the first result again and records one approval', async () => {
    expect((await post(world.tokens.designer, `/api/plans/${planId}/transitions/submit`, {})).status).toBe(200);
    const key = randomUUID();
    const first = await post(
      world.tokens.staff,
      `/api/plans/${planId}/transitions/approve`,
      { note: 'Passt.', ...(await seen()) },
      key,
    );
    expect(first.status).toBe(200);
    const retry = await post(
      world.tokens.staff,
      `/api/plans/${planId}/transitions/approve`,
      { note: 'Passt.', ...(await seen()) },
      key,
    );
    expect(retry).toMatchObject({ status: 200, body: first.body, replayed: 'true' });
    expect(await approvals()).toBe(1);
  });

  it('two identical re-approvals with the same key (also at the same moment) record one approval', async () => {
    const before = await approvals();
    const body = { note: 'Nochmal.', ...(await seen()) };
    const key = randomUUID();
    const [a, b] = await Promise.all([
      post(world.tokens.staff, `/api/plans/${planId}/approvals`, body, key),
      post(world.tokens.staff, `/api/plans/${planId}/approvals`, body, key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    const again = await post(world.tokens.staff, `/api/plans/${planId}/approvals`, body, key);
    expect(again).toMatchObject({ status: 201, body: a.body, replayed: 'true' });
    expect(await approvals()).toBe(before + 1);
    // Without a key (or with another) it is a new decision, as before.
    expect((await post(world.tokens.staff, `/api/plans/${planId}/approvals`, await seen(), randomUUID())).status).toBe(201);
    expect(await approvals()).toBe(before + 2);
  });

  it('a retried request-changes with the same key records one decision', async () => {
    const before = await approvals();
    const key = randomUUID();
    const first = await post(
      world.tokens.staff,
      `/api/plans/${planId}/transitions/request-changes`,
      { note: 'Bitte ändern.' },
      key,
    );
    expect(first.status).toBe(200);
    const retry = await post(
      world.tokens.staff,
      `/api/plans/${planId}/transitions/request-changes`,
      { note: 'Bitte ändern.' },
      key,
    );
    expect(retry).toMatchObject({ status: 200, body: first.body, replayed: 'true' });
    expect(await approvals()).toBe(before + 1);
  });

  it('two comment POSTs with the same key make one comment, also when sent at once', async () => {
    const before = await comments();
    const key = randomUUID();
    const body = { body: 'Schöne Idee!', anchor: { kind: 'plan' } };
    const first = await post(world.tokens.owner, `/api/plans/${planId}/comments`, body, key);
    expect(first.status).toBe(201);
    const retry = await post(world.tokens.owner, `/api/plans/${planId}/comments`, body, key);
    expect(retry).toMatchObject({ status: 201, body: first.body, replayed: 'true' });
    expect(await comments()).toBe(before + 1);

    const key2 = randomUUID();
    const both = await Promise.all([1, 2, 3].map(() => post(world.tokens.owner, `/api/plans/${planId}/comments`, body, key2)));
    expect(both.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(both.map((r) => r.body.id)).size).toBe(1);
    expect(await comments()).toBe(before + 2);
  });

  it('the same key with another body is refused (409) and stores nothing; another user’s same key is their own', async () => {
    const before = await comments();
    const key = randomUUID();
    expect(
      (await post(world.tokens.owner, `/api/plans/${planId}/comments`, { body: 'Eins', anchor: { kind: 'plan' } }, key)).status,
    ).toBe(201);
    const other = await post(
      world.tokens.owner,
      `/api/plans/${planId}/comments`,
      { body: 'Zwei', anchor: { kind: 'plan' } },
      key,
    );
    expect(other.status).toBe(409);
    expect(other.body.error.key).toBe('error.idempotencyKeyReused');
    // Another person with the same key: a separate request.
    expect(
      (await post(world.tokens.designer, `/api/plans/${planId}/comments`, { body: 'Eins', anchor: { kind: 'plan' } }, key))
        .status,
    ).toBe(201);
    expect(await comments()).toBe(before + 2);
  });

  it('a malformed key is a 400 naming the header; a refused request does not take the key', async () => {
    const bad = await post(world.tokens.owner, `/api/plans/${planId}/comments`, { body: 'x', anchor: { kind: 'plan' } }, 'kurz');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
    const key = randomUUID();
    const invalid = await post(world.tokens.owner, `/api/plans/${planId}/comments`, { body: '' }, key);
    expect(invalid.status).toBe(400);
    // The same key now with a valid body: runs (the 400 happened before the key was taken).
    expect(
      (await post(world.tokens.owner, `/api/plans/${planId}/comments`, { body: 'Jetzt richtig', anchor: { kind: 'plan' } }, key))
        .status,
    ).toBe(201);
  });

  it('a refused write (4xx) keeps nothing: the same key runs again once the request can succeed', async () => {
    const before = await approvals();
    const key = randomUUID();
    // The plan is a draft again (request-changes above): approving it is refused.
    const body = await seen();
    const refused = await post(world.tokens.staff, `/api/plans/${planId}/transitions/approve`, body, key);
    expect(refused.status).toBe(409);
    expect(await server.app.db.query('select 1 from idempotency_keys where key = $1', [key])).toMatchObject({ rowCount: 0 });
    expect((await post(world.tokens.designer, `/api/plans/${planId}/transitions/submit`, {})).status).toBe(200);
    const approved = await post(world.tokens.staff, `/api/plans/${planId}/transitions/approve`, body, key);
    expect(approved).toMatchObject({ status: 200, replayed: null });
    expect(await approvals()).toBe(before + 1);
  });

  it('an answer that carries a secret (the personal feed URL) is never kept: the header is ignored there', async () => {
    const key = randomUUID();
    const first = await post(world.tokens.designer, '/api/feeds/personal', {}, key);
    const second = await post(world.tokens.designer, '/api/feeds/personal', {}, key);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.replayed).toBeNull();
    expect(second.body.url).not.toBe(first.body.url);
    const kept = await server.app.db.query('select 1 from idempotency_keys where key = $1', [key]);
    expect(kept.rowCount).toBe(0);
  });
});
