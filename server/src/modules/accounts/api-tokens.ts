import { randomUUID } from 'node:crypto';
import type { ApiTokenInfo } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import * as repo from './repo.ts';
import { randomToken, secretHash } from './secrets.ts';

/** Bearer tokens prefix: recognisable in logs and secret scanners. */
const PREFIX = 'kq_';

export type { ApiTokenInfo };

/** Bearer tokens for non-browser clients. Only the HMAC is stored; revoked tokens stay for the audit. */
export class TokenStore {
  constructor(
    private readonly db: Queryable,
    private readonly secret: string,
  ) {}

  async create(userId: string, name = ''): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = PREFIX + randomToken();
    await repo.insertToken(this.db, { id, userId, tokenHash: secretHash(this.secret, token), name });
    return { id, token };
  }

  /** The user and token id behind a bearer token, or null when unknown or revoked. */
  async resolve(token: string): Promise<{ id: string; userId: string } | null> {
    if (!token.startsWith(PREFIX)) return null;
    const row = await repo.findLiveToken(this.db, secretHash(this.secret, token));
    if (!row) return null;
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await repo.touchToken(this.db, row.id);
    }
    return { id: row.id, userId: row.user_id };
  }

  async list(userId: string): Promise<ApiTokenInfo[]> {
    const rows = await repo.liveTokensOf(this.db, userId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: new Date(r.created_at).toISOString(),
      lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
    }));
  }

  /** Whether the user's token with this id is still live (a re-check of open connections). */
  async alive(userId: string, id: string): Promise<boolean> {
    return (await repo.liveTokensOf(this.db, userId)).some((t) => t.id === id);
  }

  /** Revokes every live token of the user (a password change); the ids of the revoked ones. */
  revokeAll(userId: string): Promise<string[]> {
    return repo.revokeTokensOf(this.db, userId);
  }

  /** Revokes one of the user's tokens; false when there is no such live token. */
  async revoke(userId: string, id: string): Promise<boolean> {
    return repo.revokeToken(this.db, userId, id);
  }
}
