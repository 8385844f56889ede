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

/** One access the installed authorizer granted: a `/yjs` connection that may be open on this instance. */
export interface DocGrant {
  docId: string;
  userId: string;
  credential?: string;
  /** When it was last granted (ms). */
  at: number;
}

/**
 * The accesses granted on this instance (by the installed authorizer, not an injected test one), so they
 * can be re-checked against the database while revocations cannot travel over the bus. An entry is
 * dropped by the re-check once it no longer matches an open connection.
 */
export class DocGrants {
  private readonly byKey = new Map<string, DocGrant>();
  private static key(g: Pick<DocGrant, 'docId' | 'userId' | 'credential'>) {
    return `${g.docId}\u0000${g.userId}\u0000${g.credential ?? ''}`;
  }
  add(docId: string, access: DocAccess): void {
    const g: DocGrant = { docId, userId: access.userId, credential: access.credential, at: Date.now() };
    this.byKey.set(DocGrants.key(g), g);
  }
  list(): DocGrant[] {
    return [...this.byKey.values()];
  }
  drop(g: DocGrant): void {
    const k = DocGrants.key(g);
    // Only if not granted again in the meantime.
    if (this.byKey.get(k)?.at === g.at) this.byKey.delete(k);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The active authorizer; replace with `setDocAuthorizer` (accounts plugin) before listening. */
    docAuthorizer: DocAuthorizer;
    setDocAuthorizer(fn: DocAuthorizer, opts?: { ifUnset?: boolean }): void;
    /** What the installed authorizer granted on this instance (re-checked during bus outages). */
    docGrants: DocGrants;
  }
}

/** Until something installs an authorizer, every upgrade is refused: closed by default. */
const denyAll: DocAuthorizer = async () => ({ deny: 401 });

export default fp<{ docAuthorizer?: DocAuthorizer }>(
  async (app, opts) => {
    let current: DocAuthorizer = opts.docAuthorizer ?? denyAll;
    const injected = !!opts.docAuthorizer;
    const grants = new DocGrants();
    // Grants of the installed authorizer are recorded for the re-check; an injected one's are its own business.
    const recording: DocAuthorizer = async (req, docId) => {
      const access = await current(req, docId);
      if (!injected && !('deny' in access)) grants.add(docId, access);
      return access;
    };
    app.decorate('docAuthorizer', {
      getter: () => recording,
    } as never);
    app.decorate('docGrants', grants);
    app.decorate('setDocAuthorizer', (fn: DocAuthorizer) => {
      // An authorizer injected by the caller of buildApp (tests) wins over the one a plugin installs.
      if (!injected) current = fn;
    });
  },
  { name: 'doc-access' },
);
