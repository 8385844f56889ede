import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.ts';
import { randomToken, secretHash } from './secrets.ts';

/** Bearer tokens prefix: recognisable in logs and secret scanners. */
const PREFIX = 'kq_';

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Bearer tokens for non-browser clients. Only the HMAC is stored; revoked tokens stay for the audit. */
export class TokenStore {
  constructor(
    private readonly db: Queryable,
    private readonly secret: string,
  ) {}

  async create(userId: string, name = ''): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = PREFIX + randomToken();
    await this.db.query('insert into api_tokens (id, user_id, token_hash, name) values ($1, $2, $3, $4)', [
      id,
      userId,
      secretHash(this.secret, token),
      name,
    ]);
    return { id, token };
  }

  /** The user and token id behind a bearer token, or null when unknown or revoked. */
  async resolve(token: string): Promise<{ id: string; userId: string } | null> {
    if (!token.startsWith(PREFIX)) return null;
    const { rows } = await this.db.query<{ id: string; user_id: string; last_used_at: Date | string | null }>(
      'select id, user_id, last_used_at from api_tokens where token_hash = $1 and revoked_at is null',
      [secretHash(this.secret, token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.db.query('update api_tokens set last_used_at = now() where id = $1', [row.id]);
    }
    return { id: row.id, userId: row.user_id };
  }

  async list(userId: string): Promise<ApiTokenInfo[]> {
    const { rows } = await this.db.query<{ id: string; name: string; created_at: Date | string; last_used_at: Date | string | null }>(
      'select id, name, created_at, last_used_at from api_tokens where user_id = $1 and revoked_at is null order by created_at',
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: new Date(r.created_at).toISOString(),
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
    }));
  }

  /** Revokes one of the user's tokens; false when there is no such live token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const res = await this.db.query('update api_tokens set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null', [
      id,
      userId,
    ]);
    return res.rowCount > 0;
  }
}
