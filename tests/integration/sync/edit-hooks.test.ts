import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { freshDocId, rawConnect, testDocAuthorizer } from './helpers.ts';

const updateFrame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

/**
 * The modules that react to every applied edit (checks, consent, "geändert") ask whether the document
 * is a plan. For a document that is not one, that question is asked once, not per edit and module
 * (issue 19: in S2 these questions were most of the server's statements and slowed its group commits).
 */
describe('edits of a document that is not a plan', () => {
  let server: TestServer;
  test.beforeAll(({ server: s }) => {
    server = s;
  });

  it('ask each question about plans once, however many edits arrive', async () => {
    const db = server.app.db;
    const original = db.query;
    const asked: string[] = [];
    db.query = ((sql: string, params?: unknown[]) => {
      if (/\b(plans|consents?|plan_consents)\b/i.test(sql) && params?.includes(docId)) asked.push(sql.replace(/\s+/g, ' '));
      return original.call(db, sql, params);
    }) as typeof db.query;
    const docId = freshDocId();
    try {
      const client = await rawConnect(server.wsUrl, docId, 'token=w:editor');
      const doc = new Y.Doc();
      doc.on('update', (u: Uint8Array) => client.send(updateFrame(u)));
      // Edits further apart than the modules' debounce (150–300 ms), so each would run its reaction.
      for (let i = 0; i < 4; i++) {
        doc.getText('concept').insert(0, `${i}`);
        await new Promise((r) => setTimeout(r, 450));
      }
      await server.app.checks.idle();
      await server.app.consent.idle();
      client.ws.close();
    } finally {
      db.query = original;
    }
    // One question per module that keeps its answer (whether it is a plan; the review's binding
    // approval), none repeated per edit.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThanOrEqual(2);
    expect(new Set(asked).size).toBe(asked.length);
  });
});
