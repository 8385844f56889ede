import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DEFAULT_ERROR_KEYS, fieldProblemOf, formatMessage, type ErrorBody, type ErrorCode } from '@planner/shared';
import { AppError } from '../errors.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.ts';
import { throttledErrorLog } from '../log-throttle.ts';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

const CONTEXT_PREFIX: Record<string, string> = { querystring: 'query', params: 'path', headers: 'headers' };

/**
 * Which part of the request a 400 of Fastify's own (not a schema's) is about: the body for content
 * parsing (broken JSON, a `__proto__` key, an empty JSON body), else the URL. Every 400 names a
 * field (issue 15; found by the REST fuzz).
 */
function fieldOfFrameworkError(err: { code?: string; message: string }) {
  const path = err.code?.startsWith('FST_ERR_CTP_') ? 'body' : 'url';
  return [{ path, key: 'field.invalid', params: {}, message: err.message }];
}

/**
 * Fastify's answers to a URL it cannot route (bad percent-encoding, an over-long path parameter) in
 * the shared error body, naming the URL, instead of Fastify's own JSON (Fastify option `frameworkErrors`).
 */
export function frameworkErrors(err: { code?: string; message: string }, _req: unknown, reply: FastifyReply) {
  reply.status(400).send(body('VALIDATION', 'error.validation', { fields: fieldOfFrameworkError(err) }));
}

function body(code: ErrorCode, key: string, extra: Partial<ErrorBody['error']> = {}): ErrorBody {
  return { error: { code, key, message: formatMessage(key, extra.params, 'en'), ...extra } };
}

/**
 * One error handler for the whole API. Known errors keep their code and message key; request schema
 * failures become 400 `VALIDATION` naming every field; 5xx details stay in the log. A database that
 * cannot be reached (see platform/db/unavailable.ts) is a 503 with `Retry-After`, never a 500; every
 * 503 carries `Retry-After`.
 */
export default fp(
  async (app) => {
    // During an outage every request fails the same way: one log line per 10 s, with a count.
    const outage = throttledErrorLog('backend unavailable (503)', (fields, msg) => app.log.warn(fields, msg));
    app.addHook('onSend', async (_req, reply) => {
      if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', DATABASE_RETRY_AFTER_SECONDS);
    });
    app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
      if (!(err instanceof AppError) && isDatabaseUnavailable(err)) {
        outage(err);
        return reply.status(503).send(body('UNAVAILABLE', DEFAULT_ERROR_KEYS.UNAVAILABLE));
      }
      if (err instanceof AppError) {
        if (err.status >= 500) req.log.error({ err }, 'request failed');
        const e: ErrorBody['error'] = { code: err.code, key: err.key, message: err.message };
        if (err.params) e.params = err.params;
        if (err.fields) e.fields = err.fields;
        if (err.details !== undefined) e.details = err.details;
        return reply.status(err.status).send({ error: e });
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        // The body's fields are named as they are; query and path fields get a prefix only when the
        // same name could mean two things (never, in our contracts), so all are named plainly.
        const prefix = CONTEXT_PREFIX[err.validationContext ?? ''] ?? '';
        const fields = err.validation.map((v) =>
          fieldProblemOf(
            {
              code: v.keyword,
              path: v.instancePath.split('/').filter(Boolean).join('.'),
              message: v.message ?? '',
              ...(v.params as object),
            },
            prefix && v.instancePath === '/' ? prefix : '',
          ),
        );
        return reply.status(400).send(body('VALIDATION', 'error.validation', { fields }));
      }
      if (isResponseSerializationError(err)) {
        req.log.error({ err, issues: err.cause?.issues }, 'response does not match its schema');
        return reply.status(500).send(body('INTERNAL', 'error.internal'));
      }
      const status = (err as FastifyError).statusCode ?? 500;
      if (status >= 500) {
        req.log.error({ err }, 'request failed');
        const code = status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
        return reply.status(status).send(body(code, DEFAULT_ERROR_KEYS[code]));
      }
      if (status === 400) {
        return reply.status(400).send(body('VALIDATION', 'error.validation', { fields: fieldOfFrameworkError(err) }));
      }
      const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
      return reply.status(status).send(body(code, DEFAULT_ERROR_KEYS[code]));
    });
  },
  { name: 'errors' },
);
