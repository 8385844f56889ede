import fp from 'fastify-plugin';
import type { IncomingMessage } from 'node:http';

/** What a caller may do with one plan document, resolved before a websocket is upgraded. */
export interface DocAccess {
  userId: string;
  canWrite: boolean;
  /** The credential that opened the connection (`session:<id>` or `token:<id>`), so revoking it can close it. */
  credential?: string;
}

/** Refusal before upgrading: 401 (who are you?) or 403 (not yours), or 404 (no such document). */
export interface DocDenied {
  deny: 401 | 403 | 404;
}

/**
 * The authorization hook of the sync layer: resolves the caller of an upgrade request (session cookie
 * or `?token=`) and the document to {@link DocAccess}, or refuses. The accounts plugin installs the
 * real one; tests may inject their own through `buildApp({ docAuthorizer })`.
 */
export type DocAuthorizer = (req: IncomingMessage, docId: string) => Promise<DocAccess | DocDenied>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The active authorizer; replace with `setDocAuthorizer` (accounts plugin) before listening. */
    docAuthorizer: DocAuthorizer;
    setDocAuthorizer(fn: DocAuthorizer, opts?: { ifUnset?: boolean }): void;
  }
}

/** Until something installs an authorizer, every upgrade is refused: closed by default. */
const denyAll: DocAuthorizer = async () => ({ deny: 401 });

export default fp<{ docAuthorizer?: DocAuthorizer }>(
  async (app, opts) => {
    let current: DocAuthorizer = opts.docAuthorizer ?? denyAll;
    const injected = !!opts.docAuthorizer;
    app.decorate('docAuthorizer', {
      getter: () => current,
    } as never);
    app.decorate('setDocAuthorizer', (fn: DocAuthorizer) => {
      // An authorizer injected by the caller of buildApp (tests) wins over the one a plugin installs.
      if (!injected) current = fn;
    });
  },
  { name: 'doc-access' },
);
