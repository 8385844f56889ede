import fp from 'fastify-plugin';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifySerializerCompiler } from 'fastify/types/schema';
import { jsonSchemaTransform, validatorCompiler, ResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { version } from '../version.ts';

/** Paths of keys the answer had that its schema does not know (they would be stripped silently). */
function unknownKeys(original: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(original) && Array.isArray(parsed)) {
    return original.flatMap((v, i) => unknownKeys(v, parsed[i], `${at}[${i}]`));
  }
  if (original && parsed && typeof original === 'object' && typeof parsed === 'object') {
    const out: string[] = [];
    for (const k of Object.keys(original)) {
      const path = at ? `${at}.${k}` : k;
      if ((original as Record<string, unknown>)[k] === undefined) continue;
      if (!(k in parsed)) out.push(path);
      else out.push(...unknownKeys((original as Record<string, unknown>)[k], (parsed as Record<string, unknown>)[k], path));
    }
    return out;
  }
  return [];
}

/**
 * Answers are checked against their contract's schema. Outside production an answer with a field the
 * schema does not declare is an error too (so a response schema cannot silently drop what the client
 * reads); in production such fields are stripped, so nothing undeclared leaves the server.
 */
function serializerCompiler(strict: boolean): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) =>
    (data: unknown) => {
      if (typeof data === 'string' && (schema as { def?: { type?: string } }).def?.type === 'string') return data;
      const plain = data === undefined ? undefined : JSON.parse(JSON.stringify(data));
      const result = (schema as z.ZodType).safeParse(plain);
      if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
      if (strict) {
        const extra = unknownKeys(plain, result.data);
        if (extra.length) {
          throw new ResponseSerializationError(method, url, {
            cause: {
              issues: extra.map((path) => ({
                code: 'unrecognized_keys',
                path,
                message: `${path} is not in the response schema`,
              })),
            } as never,
          });
        }
      }
      return JSON.stringify(result.data);
    };
}

/**
 * Route schemas: zod schemas from the shared contracts validate requests and answers, and describe
 * the API as OpenAPI at `/api/openapi.json` with a reference UI at `/api/docs`.
 */
export default fp(
  async (app) => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler(app.config.nodeEnv !== 'production') as never);
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'Kreativquartiere Planner API',
          description:
            'REST API of the planner. Plans are also edited live over `WS /yjs/<planId>` (y-websocket) and events arrive over socket.io.',
          version,
        },
      },
      transform: jsonSchemaTransform,
      hideUntagged: false,
    });
    await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false });
    app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  },
  { name: 'schemas', dependencies: ['config'] },
);
