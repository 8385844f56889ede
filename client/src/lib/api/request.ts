import {
  pathOf,
  type RouteContract,
  type RouteBody,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from '@planner/shared';
import { ApiError } from './errors';
import { newIdempotencyKey, send, withQuery, type QueryValues } from './http';

/**
 * A route named by its method and path only, typed by its contract: `routeRef<typeof authRoutes.session>('GET',
 * '/api/auth/session')` is a type error unless the contract has that method and path. `request` takes it like
 * the contract. For modules that every page loads (the session state) and the public pages: a contract
 * object holds zod schemas, so importing one puts zod and its schemas (≈ 40 KiB gzip) on the page; a
 * reference does not. When answers are validated, `request` loads the contract on demand (`./contracts`).
 * Its answer must be JSON; a non-2xx answer is read as the shared error body (the production build does
 * not know the contract's declared non-2xx answers).
 */
export interface RouteRef<C extends RouteContract> {
  readonly method: C['method'];
  readonly path: C['path'];
  /** Type only: never set. */
  readonly contract?: C;
}

export function routeRef<C extends RouteContract>(method: C['method'], path: C['path']): RouteRef<C> {
  return { method, path };
}

/**
 * Whether answers are checked against the contract's response schema: always in development
 * (`vite dev`), and in a build made with `VITE_VALIDATE_RESPONSES=1` (the test build). Production
 * builds skip it (the schemas are still bundled for request types, but nothing is parsed).
 */
export const VALIDATE_RESPONSES: boolean = import.meta.env.DEV || import.meta.env.VITE_VALIDATE_RESPONSES === '1';

type Has<T> = [T] extends [undefined] ? false : true;
/** An object type with no required keys (what `{}` means in a conditional type). */
type NothingRequired = Record<never, never>;

/** What `request` takes for a contract: `params` and `body` when the route has them, `query` when it has one. */
export type RequestInput<C extends RouteContract> = (Has<RouteParams<C>> extends true
  ? { params: RouteParams<C> }
  : { params?: never }) &
  (Has<RouteQuery<C>> extends true
    ? NothingRequired extends RouteQuery<C>
      ? { query?: RouteQuery<C> }
      : { query: RouteQuery<C> }
    : { query?: never }) &
  (Has<RouteBody<C>> extends true ? { body: RouteBody<C> } : { body?: never }) & {
    /** For a write: the `Idempotency-Key` to send (give the same one when retrying the same user action); a fresh one by default. */
    idempotencyKey?: string;
  };

type Args<C extends RouteContract> =
  NothingRequired extends RequestInput<C> ? [input?: RequestInput<C>] : [input: RequestInput<C>];

/**
 * Calls one API route through its shared contract (shared/src/api/*.ts): the URL from the contract's
 * path and params, the query and body typed from its schemas, the answer typed from its response.
 *
 * ```ts
 * const { items } = await request(activityRoutes.list, { query: { planId } });
 * await request(planRoutes.rename, { params: { planId }, body: { title } });
 * ```
 *
 * Writes carry an `Idempotency-Key` (fresh per call unless `idempotencyKey` is given), so the server
 * does a retried write only once.
 *
 * Throws {@link ApiError}: status 0 when the server cannot be reached, the server's error for a
 * non-2xx answer (a non-2xx answer the contract declares, e.g. the health check's 503, comes parsed
 * in `details`), and `RESPONSE_MISMATCH` when validation is on and the answer does not fit the contract.
 */
export async function request<C extends RouteContract>(route: C | RouteRef<C>, ...[input]: Args<C>): Promise<RouteResponse<C>> {
  const { params, query, body, idempotencyKey } = (input ?? {}) as {
    params?: Record<string, string | number>;
    query?: QueryValues;
    body?: unknown;
    idempotencyKey?: string;
  };
  const contract: RouteContract | null =
    'response' in route ? route : VALIDATE_RESPONSES ? (await import('./contracts')).contractOf(route.method, route.path) : null;
  const url = withQuery(pathOf(route, params), query);
  const declared = (status: number) => contract !== null && Object.hasOwn(contract.response, status);
  const payload = body === undefined && route.method !== 'GET' && route.method !== 'DELETE' ? {} : body;
  // Every write is one user action: a fresh idempotency key, so a retried request never does it twice.
  const write = route.method !== 'GET';
  const headers: Record<string, string> = write ? { 'idempotency-key': idempotencyKey ?? newIdempotencyKey() } : {};
  const answer = await send(route.method, url, payload, declared, contract?.produces ?? 'application/json', headers);
  const data = contract ? checked(contract, answer.status, answer.data) : answer.status === 204 ? undefined : answer.data;
  if (answer.status >= 400) throw new ApiError(answer.status, `HTTP_${answer.status}`, '', {}, '', [], data);
  return data as RouteResponse<C>;
}

function checked(contract: RouteContract, status: number, data: unknown): unknown {
  const schema = contract.response[status];
  if (status === 204 && !schema) return undefined;
  if (!VALIDATE_RESPONSES || !schema) return data;
  const parsed = schema.safeParse(status === 204 ? null : data);
  if (parsed.success) return status === 204 ? undefined : parsed.data;
  const where = `${contract.method} ${contract.path} → ${status}`;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  console.error(`[api] answer does not fit the contract: ${where}`, issues, data);
  throw new ApiError(
    status,
    'RESPONSE_MISMATCH',
    'error.internal',
    {},
    `Answer of ${where} does not fit its contract: ${issues.join('; ')}`,
    [],
    {
      issues: parsed.error.issues,
    },
  );
}
