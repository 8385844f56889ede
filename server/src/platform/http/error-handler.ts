import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { AppError } from '../errors.ts';

/** One error handler for the whole API: known errors keep their code, 5xx details stay in the log. */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
      if (err instanceof AppError) {
        return reply.status(err.status).send({ error: { code: err.code, message: err.message, fields: err.fields } });
      }
      const status = (err as FastifyError).statusCode ?? 500;
      if (status >= 500) {
        req.log.error({ err }, 'request failed');
        return reply.status(status).send({ error: { code: 'INTERNAL', message: 'Internal server error' } });
      }
      const code =
        status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      return reply.status(status).send({ error: { code, message: err.message } });
    });
  },
  { name: 'errors' },
);
