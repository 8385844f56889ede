import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  activityRoutes,
  defineRoute,
  formatMessage,
  passwordChangeBody,
  platformRoutes,
  tokenIdParams,
  tokenResponse,
} from '@planner/shared';
import { ApiError } from './errors';
import { setCsrfToken } from './http';
import { request, routeRef } from './request';
import { errorText, notificationText } from '$lib/i18n/server-messages';

type Call = { url: string; init: RequestInit };
let calls: Call[] = [];

function answer(status: number, body: unknown, contentType = 'application/json') {
  calls = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': contentType } });
  });
}
afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken('');
});

const health = { status: 'ok', db: 'pglite', bus: 'memory', dbOk: true, busOk: true, down: [], version: '1' } as const;
// A contract with params, body and response, made of shared schemas (the client has no zod of its own).
const tokenRename = defineRoute({
  method: 'PATCH',
  path: '/api/tokens/:tokenId',
  summary: 'test',
  tags: ['test'],
  params: tokenIdParams,
  body: passwordChangeBody,
  response: { 200: tokenResponse },
});
const body = { currentPassword: 'alt', newPassword: 'neues-passwort' };

describe('request(contract, input)', () => {
  it('fills the path, the query and the body, and sends the CSRF token on writes only', async () => {
    answer(200, { id: 't-1', token: 'secret' });
    setCsrfToken('tok');
    const res = await request(tokenRename, { params: { tokenId: 't-1' }, body });
    expect(res.token).toBe('secret');
    expect(calls[0].url).toBe('/api/tokens/t-1');
    expect(calls[0].init.method).toBe('PATCH');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect((calls[0].init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(calls[0].init.body).toBe(JSON.stringify(body));

    answer(200, { items: [] });
    await request(activityRoutes.list, { query: { planId: 'p1', limit: 5, before: undefined } });
    expect(calls[0].url).toBe('/api/activity?planId=p1&limit=5');
    expect((calls[0].init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('answers a 204 with undefined', async () => {
    answer(204, undefined);
    expect(await request(tokenRename, { params: { tokenId: 't1' }, body })).toBeUndefined();
  });

  it('rejects an answer that does not fit the contract (validation is on in development and tests)', async () => {
    answer(200, { ...health, dbOk: 'yes' });
    const err = await request(platformRoutes.health).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('RESPONSE_MISMATCH');
    expect((err as ApiError).serverMessage).toContain('GET /api/health');
    expect((err as ApiError).serverMessage).toContain('dbOk');
  });

  it('throws a declared non-2xx answer with its parsed body in details', async () => {
    answer(503, { ...health, status: 'unavailable', dbOk: false });
    const err = (await request(platformRoutes.health).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(503);
    expect(err.details).toMatchObject({ status: 'unavailable', dbOk: false });
  });

  it('reads the error body: code, key, params and field problems', async () => {
    answer(400, {
      error: {
        code: 'VALIDATION',
        key: 'error.validation',
        message: 'Some input is missing or invalid.',
        fields: [{ path: 'title', key: 'field.tooLong', params: { maximum: 200 }, message: 'Too big' }],
      },
    });
    const err = (await request(tokenRename, { params: { tokenId: 't1' }, body }).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION', key: 'error.validation' });
    expect(err.fields).toEqual([{ path: 'title', key: 'field.tooLong', params: { maximum: 200 }, message: 'Too big' }]);
    expect(err.unavailable).toBe(false);
  });

  it('says a route is unavailable only for the routeNotFound key', async () => {
    answer(404, { error: { code: 'NOT_FOUND', key: 'error.routeNotFound', message: 'No route GET /api/activity' } });
    expect(((await request(activityRoutes.list).catch((e: unknown) => e)) as ApiError).unavailable).toBe(true);
    answer(404, { error: { code: 'NOT_FOUND', key: 'plan.notFound', message: 'This plan does not exist.' } });
    expect(((await request(activityRoutes.list).catch((e: unknown) => e)) as ApiError).unavailable).toBe(false);
  });

  it('turns no answer into status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = (await request(platformRoutes.publicConfig).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 0, code: 'NETWORK', key: 'error.network' });
  });
});

describe('request(routeRef, input): a route by method and path, without its contract on the page', () => {
  const health = routeRef<typeof platformRoutes.health>('GET', '/api/health');

  it('calls the route and, with validation on, checks the answer against the contract it loads on demand', async () => {
    answer(200, { items: [] });
    const listRef = routeRef<typeof activityRoutes.list>('GET', '/api/activity');
    await request(listRef, { query: { planId: 'p1', limit: 5 } });
    expect(calls[0].url).toBe('/api/activity?planId=p1&limit=5');

    answer(200, { status: 'ok', db: 'pglite', bus: 'memory', dbOk: 'yes', busOk: true, down: [], version: '1' });
    const err = await request(health).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('RESPONSE_MISMATCH');
  });

  it("reads the contract's declared non-2xx answer too (the contract is known when validating)", async () => {
    answer(503, { status: 'unavailable', db: 'pglite', bus: 'memory', dbOk: false, busOk: true, down: ['db'], version: '1' });
    const err = (await request(health).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(503);
    expect((err.details as { dbOk: boolean }).dbOk).toBe(false);
  });

  it('names a route that has no contract', async () => {
    answer(200, {});
    const bogus = { method: 'GET', path: '/api/nope' } as unknown as ReturnType<typeof routeRef<typeof platformRoutes.health>>;
    await expect(request(bogus)).rejects.toThrow('no route contract for GET /api/nope');
  });

  it('is a type error for a method or path its contract does not have', () => {
    // @ts-expect-error the health route's path is /api/health
    routeRef<typeof platformRoutes.health>('GET', '/api/healthz');
    // @ts-expect-error the health route is a GET
    routeRef<typeof platformRoutes.health>('POST', '/api/health');
  });
});

describe('errorText', () => {
  it('renders the key in the reader’s language, German by default', () => {
    const e = new ApiError(401, 'UNAUTHENTICATED', 'auth.invalidCredentials', {}, 'Wrong e-mail address or password.');
    expect(errorText(e, 'de')).toBe('E-Mail-Adresse oder Passwort ist falsch.');
    expect(errorText(e, 'en')).toBe('Wrong e-mail address or password.');
  });
  it('renders a known key from the catalogue even when the server’s English text differs (never shows it to a German reader)', () => {
    const e = new ApiError(404, 'NOT_FOUND', 'error.routeNotFound', {}, 'No route GET /api/x');
    expect(errorText(e, 'de')).toBe(formatMessage('error.routeNotFound', {}, 'de'));
    expect(errorText(e, 'de')).not.toBe(e.serverMessage);
  });
  it('shows the text of an answer whose key this client does not know, whole, also with " / " in it', () => {
    const e = new ApiError(409, 'CONFLICT', 'plan.somethingNewer', {}, 'Plan "A / B" is in a state this client does not know');
    expect(errorText(e, 'de')).toBe(e.serverMessage);
  });
  it('falls back to the message when the answer has no key, and to the catalogue for no answer', () => {
    expect(errorText(new ApiError(502, 'HTTP_502', '', {}, 'Bad Gateway'), 'de')).toBe('Bad Gateway');
    expect(errorText(new ApiError(0, 'NETWORK', 'error.network'), 'de')).toBe('Der Server ist nicht erreichbar.');
  });
});

describe('notificationText', () => {
  it('renders key and params in the reader’s language', () => {
    const n = { key: 'notification.mention', params: { actor: 'Ada', plan: 'Licht / Schatten' } };
    expect(notificationText(n, 'de')).toBe('Ada hat Sie in „Licht / Schatten“ erwähnt.');
    expect(notificationText(n, 'en')).toBe('Ada mentioned you in “Licht / Schatten”.');
  });
  it('shows a notification stored before keys as its old text, whole', () => {
    expect(notificationText({ key: 'notification.legacy', params: { text: 'Alt / Old' } }, 'en')).toBe('Alt / Old');
  });
});

// Types: the input follows the contract (checked by svelte-check).
export async function typeChecks() {
  // @ts-expect-error params and body are required
  await request(tokenRename);
  // @ts-expect-error a route without params takes none
  await request(platformRoutes.health, { params: { x: '1' } });
  // @ts-expect-error the body has the contract's shape
  await request(tokenRename, { params: { tokenId: 't' }, body: { name: 'x' } });
  const h: { db: string } = await request(platformRoutes.health);
  return h;
}

describe('a non-JSON answer', () => {
  it('asks for the declared media type and returns the text', async () => {
    const feed = defineRoute({
      method: 'GET',
      path: '/api/public/programme.ics',
      summary: 't',
      tags: ['t'],
      produces: 'text/calendar',
      response: { 200: tokenResponse.shape.token },
    });
    answer(200, 'BEGIN:VCALENDAR', 'text/calendar; charset=utf-8');
    expect(await request(feed)).toBe('BEGIN:VCALENDAR');
    expect((calls[0].init.headers as Record<string, string>).accept).toBe('text/calendar');
  });

  it('sends a fresh Idempotency-Key with every write (or the given one), none with a read', async () => {
    const keys: (string | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      answer(200, { id: 't-1', token: 'secret' });
      await request(tokenRename, { params: { tokenId: 't-1' }, body });
      keys.push((calls[0].init.headers as Record<string, string>)['idempotency-key']);
    }
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[0]).not.toBe(keys[1]);
    answer(200, { id: 't-1', token: 'secret' });
    await request(tokenRename, { params: { tokenId: 't-1' }, body, idempotencyKey: 'the-same-action-1' });
    expect((calls[0].init.headers as Record<string, string>)['idempotency-key']).toBe('the-same-action-1');
    answer(200, { items: [] });
    await request(activityRoutes.list, { query: { planId: 'p1' } });
    expect((calls[0].init.headers as Record<string, string>)['idempotency-key']).toBeUndefined();
  });
});
