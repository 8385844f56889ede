import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ErrorBody,
  type Action,
  type ParsedBody,
  type ParsedParams,
  type ParsedQuery,
  type Resource,
  type RouteContract,
  type RouteResponse,
} from '@planner/shared';

/** Loads what the permission matrix needs about a request's resource; throws NOT_FOUND when there is none. */
export type ResourceLoader = (req: FastifyRequest) => Promise<Resource>;

/**
 * Who may call a route, as route config. Enforced in one place (the accounts plugin's preValidation
 * hook), before the body is read: `public` routes answer anyone, `signed-in` any account, and
 * `{ action, resource }` whoever the matrix allows on the loaded resource.
 */
export type RouteAccess = 'public' | 'signed-in' | { action: Action; resource?: ResourceLoader };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** The request a handler of contract C receives: params, query and body parsed by its schemas. */
export type ContractRequest<C extends RouteContract> = FastifyRequest<{
  Params: ParsedParams<C>;
  Querystring: ParsedQuery<C>;
  Body: ParsedBody<C>;
}>;

export interface ContractRouteOptions {
  access: RouteAccess;
  /** Extra Fastify route config (e.g. rate limits). */
  config?: Record<string, unknown>;
  bodyLimit?: number;
}

/** Error answers of every route: 4xx and 5xx carry the shared error body. */
const ERROR_RESPONSES = { '4xx': ErrorBody, '5xx': ErrorBody };

/**
 * Registers a route from its shared contract: the contract's schemas validate params, query and body
 * (a 400 names every bad field) and the success answer, and become the OpenAPI description. The
 * handler returns the answer (or sends it through `reply` for status codes and headers).
 */
export function route<C extends RouteContract>(
  app: FastifyInstance,
  contract: C,
  opts: ContractRouteOptions,
  handler: (req: ContractRequest<C>, reply: FastifyReply) => Promise<RouteResponse<C> | FastifyReply | undefined>,
): void {
  const schema: Record<string, unknown> = {
    summary: contract.summary,
    tags: [...contract.tags],
    response: { ...contract.response, ...ERROR_RESPONSES },
  };
  if (contract.params) schema.params = contract.params;
  if (contract.query) schema.querystring = contract.query;
  if (contract.body) schema.body = contract.body;
  if (contract.produces) schema.produces = [contract.produces];
  if (contract.consumes) schema.consumes = [contract.consumes];
  const options: RouteOptions = {
    method: contract.method,
    url: contract.path,
    schema,
    config: { ...opts.config, access: opts.access },
    handler: handler as unknown as RouteOptions['handler'],
  };
  if (opts.bodyLimit) options.bodyLimit = opts.bodyLimit;
  app.withTypeProvider<ZodTypeProvider>().route(options);
}
