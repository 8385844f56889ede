/**
 * Route contracts: one object per API route that both sides read. The server registers the route
 * from it (params, query, body and responses become the Fastify schema, and so the OpenAPI document);
 * the client calls it through one typed function (`request(contract, input)`), so a URL, a body or a
 * response type can only drift on both sides at once.
 *
 * A contract holds no behaviour: permission, handler and rate limits are the server's business.
 */
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Status codes of successful answers a contract may declare. */
export type SuccessStatus = 200 | 201 | 202 | 204;

export interface RouteContract {
  readonly method: HttpMethod;
  /** Fastify-style path with `:name` params, e.g. `/api/plans/:planId`. */
  readonly path: `/${string}`;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** The capability, e.g. `plans`: groups routes in the reference UI. */
  readonly tags: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /**
   * The answers by status: the success answer(s), and any answer whose body is not the shared
   * `ErrorBody` (e.g. the health check's 503). Other 4xx/5xx answers are always `ErrorBody`.
   */
  readonly response: { readonly [status: number]: z.ZodType };
  /** A non-JSON answer's media type (`text/calendar`); its response schema is a string. */
  readonly produces?: string;
  /** A non-JSON request body's media type (`multipart/form-data` of uploads); the body schema describes its parts. */
  readonly consumes?: string;
}

/** Declares a contract, keeping its literal types (method, path and schemas). */
export function defineRoute<const C extends RouteContract>(contract: C): C {
  return contract;
}

type Input<S> = S extends z.ZodType ? z.input<S> : undefined;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type SuccessKey<C extends RouteContract> = Extract<keyof C['response'], SuccessStatus>;

/** What the client passes for a route's params, query and body. */
export type RouteParams<C extends RouteContract> = Input<C['params']>;
export type RouteQuery<C extends RouteContract> = Input<C['query']>;
export type RouteBody<C extends RouteContract> = Input<C['body']>;

/** What the server's handler receives after validation. */
export type ParsedParams<C extends RouteContract> = Output<C['params']>;
export type ParsedQuery<C extends RouteContract> = Output<C['query']>;
export type ParsedBody<C extends RouteContract> = Output<C['body']>;

/** The body of the route's success answer. */
export type RouteResponse<C extends RouteContract> = Output<C['response'][SuccessKey<C>]>;

/** The URL path of a route with its params filled in (each value URL-encoded). */
export function pathOf(contract: Pick<RouteContract, 'path'>, params?: Record<string, string | number>): string {
  return contract.path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path param ${name} for ${contract.path}`);
    return encodeURIComponent(String(v));
  });
}
