import { createDemoSet, type DemoKey, type DemoSet } from '@planner/server/modules/demo/seed';
import type { TestServer } from './server.ts';

/** A small JSON client for one caller (bearer token, or anonymous). */
export interface Api {
  token: string | null;
  get(path: string): Promise<Res>;
  post(path: string, body?: unknown): Promise<Res>;
  patch(path: string, body?: unknown): Promise<Res>;
  put(path: string, body?: unknown): Promise<Res>;
  delete(path: string): Promise<Res>;
}

export interface Res {
  status: number;
  body: any;
}

/** One JSON request with an optional bearer token; the body is parsed when it is JSON, else kept as text. */
export async function request(
  server: TestServer,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Res & { headers: Headers }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export function apiFor(server: TestServer, token: string | null): Api {
  const call = (method: string, path: string, body?: unknown) => request(server, token, method, path, body);
  return {
    token,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    patch: (p, b) => call('PATCH', p, b ?? {}),
    put: (p, b) => call('PUT', p, b ?? {}),
    delete: (p) => call('DELETE', p),
  };
}

/** Signs in with e-mail and password and returns a bearer token. */
export async function tokenFor(server: TestServer, email: string, password: string): Promise<string> {
  const res = await request(server, null, 'POST', '/api/auth/token', { email, password });
  if (res.status !== 201) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

export type DemoApis = Record<DemoKey | 'anonymous', Api>;

/** A fresh demo set (unique e-mails) and an API client for each of its people, plus an anonymous one. */
export async function demoWithApis(
  server: TestServer,
  opts: { password?: string } = {},
): Promise<{ demo: DemoSet; api: DemoApis }> {
  const demo = await createDemoSet(server.app.db, {
    emailSuffix: Math.random().toString(36).slice(2, 10),
    ...(opts.password ? { password: opts.password } : {}),
  });
  const api = { anonymous: apiFor(server, null) } as DemoApis;
  await Promise.all(
    (Object.keys(demo.users) as DemoKey[]).map(async (k) => {
      api[k] = apiFor(server, await tokenFor(server, demo.users[k].email, demo.password));
    }),
  );
  return { demo, api };
}
