import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatMessage } from '@planner/shared';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';

/**
 * Idempotent writes, in one place for every route: a signed-in caller's POST, PUT, PATCH or DELETE
 * sent with an `Idempotency-Key` header runs once. A successful answer (status and body) is kept for
 * 24 hours; a retry with the same key and the same request gets that answer again (with
 * `Idempotent-Replayed: true`) and nothing is done twice. The same key with another request (other
 * route or body) is a 409; a retry while the first request still runs waits for it (a few seconds,
 * then 409). A 4xx or 5xx is not kept: such a request stored nothing, so a retry simply runs again
 * (and nothing at all is stored on a 4xx). Anonymous requests and requests without the header are
 * not affected, nor are the few routes whose answer carries a secret (SECRET_ANSWERS). The web client
 * sends a fresh key per user action.
 *
 * The hook runs as preHandler: after the access check and the schema validation, so a request that
 * is refused there never takes a key.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Printable ASCII without spaces, 8 to 200 characters (a UUID fits). */
const KEY_FORMAT = /^[\x21-\x7e]{8,200}$/;
const KEEP_HOURS = 24;
/** A key whose first request has not finished after this long is taken over (that instance died). */
const ABANDONED_SECONDS = 60;
const WAIT_MS = 5_000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Routes whose answer carries a secret (a bearer token, a secret feed URL, an invitation link): it is
 * not kept in plain text for a replay, so these ignore the header (a retry makes a new one, as before).
 */
const SECRET_ANSWERS = new Set([
  'POST /api/auth/login',
  'POST /api/auth/token',
  'POST /api/feeds/personal',
  'POST /api/invitations',
  'POST /api/invitations/:token/accept',
]);

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request holds an idempotency key and its answer is to be kept. */
    idempotency: { userId: string; key: string } | null;
  }
}

interface KeyRow {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
}

const fingerprintOf = (req: FastifyRequest) =>
  createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');

/** Takes the key for this request; false when another request holds (or held) it. */
async function claim(db: Database, userId: string, key: string, fingerprint: string): Promise<boolean> {
  const res = await db.query(
    `insert into idempotency_keys (user_id, key, fingerprint) values ($1, $2, $3)
     on conflict (user_id, key) do update
       set fingerprint = excluded.fingerprint, status = null, content_type = null, body = null, created_at = now()
       where idempotency_keys.created_at < now() - make_interval(hours => $4::int)
          or (idempotency_keys.status is null and idempotency_keys.created_at < now() - make_interval(secs => $5::int))
     returning 1`,
    [userId, key, fingerprint, KEEP_HOURS, ABANDONED_SECONDS],
  );
  return res.rowCount > 0;
}

async function lookup(db: Database, userId: string, key: string): Promise<KeyRow | null> {
  const res = await db.query<KeyRow>(
    'select fingerprint, status, content_type, body from idempotency_keys where user_id = $1 and key = $2',
    [userId, key],
  );
  return res.rows[0] ?? null;
}

function invalidKey(): AppError {
  return new AppError('VALIDATION', 'error.validation', undefined, [
    {
      path: IDEMPOTENCY_HEADER,
      key: 'field.invalidFormat',
      message: formatMessage('field.invalidFormat', { field: IDEMPOTENCY_HEADER }, 'en'),
    },
  ]);
}

export default fp(
  async (app) => {
    const db = app.db;
    app.decorateRequest('idempotency', null);

    app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
      if (!WRITES.has(req.method)) return;
      const header = req.headers[IDEMPOTENCY_HEADER];
      if (header === undefined) return;
      if (typeof header !== 'string' || !KEY_FORMAT.test(header)) throw invalidKey();
      if (!req.actor || SECRET_ANSWERS.has(`${req.method} ${req.routeOptions.url}`)) return;
      const userId = req.actor.userId;
      const fingerprint = fingerprintOf(req);
      const until = Date.now() + WAIT_MS;
      for (;;) {
        if (await claim(db, userId, header, fingerprint)) {
          req.idempotency = { userId, key: header };
          return;
        }
        const row = await lookup(db, userId, header);
        if (!row) continue; // swept or released in between: try to take it again
        if (row.fingerprint !== fingerprint) throw new AppError('CONFLICT', 'error.idempotencyKeyReused');
        if (row.status !== null) {
          reply.header('idempotent-replayed', 'true');
          if (row.content_type) reply.header('content-type', row.content_type);
          return reply.code(row.status).send(row.body ?? undefined);
        }
        if (Date.now() > until) throw new AppError('CONFLICT', 'error.idempotencyInProgress');
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    app.addHook('onSend', async (req, reply, payload) => {
      const held = req.idempotency;
      if (!held) return payload;
      req.idempotency = null;
      try {
        if (reply.statusCode < 400 && (payload === null || payload === undefined || typeof payload === 'string')) {
          const type = reply.getHeader('content-type');
          await db.query(
            'update idempotency_keys set status = $3, content_type = $4, body = $5 where user_id = $1 and key = $2',
            [held.userId, held.key, reply.statusCode, typeof type === 'string' ? type : null, payload ?? null],
          );
        } else {
          await db.query('delete from idempotency_keys where user_id = $1 and key = $2', [held.userId, held.key]);
        }
      } catch (err) {
        req.log.warn({ err }, 'idempotency key not recorded');
      }
      return payload;
    });

    const sweep = () =>
      db
        .query('delete from idempotency_keys where created_at < now() - make_interval(hours => $1::int)', [KEEP_HOURS])
        .catch((err) => app.log.warn({ err }, 'idempotency sweep failed'));
    const timer = setInterval(sweep, 3_600_000);
    timer.unref();
    app.addHook('onReady', async () => {
      await sweep();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'idempotency', dependencies: ['database', 'auth'] },
);
