import { afterAll, describe, expect } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { connect, freshDocId, testDocAuthorizer, type Client } from './helpers.ts';

// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

interface Member {
  id: string;
  doc: string;
  client: Client;
  synced: boolean;
  /** Times its provider lost the connection: a reconnect syncs again and would hide a lost frame. */
  drops: number;
}

/**
 * The soak's delivery check (issue 19, `pnpm bench --soak`) in small and fast: clients join and leave
 * two documents on two instances (the in-process hub, or real Redis in the second pass) while every
 * client edits. Joiners edit before their sync completed too, and some documents load on an instance
 * for the first time while edits stream in on the other. A client never syncs again while connected,
 * so a frame the server fails to forward to it (a join racing a broadcast, a leave racing the merge of
 * a turn's updates, a gap in the fan-out) stays missing from its document.
 */
describe('delivery while clients join and leave on two instances', () => {
  const all: Member[] = [];
  let instances: TestServer[] = [];
  // Both instances start before the test (hook timeout), not within its own time.
  test.beforeAll(({ server, server2 }) => {
    instances = [server, server2];
  });
  afterAll(() => {
    for (const m of all) m.client.close();
  });

  test('every client that stays receives every edit made while it was connected, without syncing again', async () => {
    const [server] = instances as [TestServer, TestServer];
    const docs = [freshDocId('churn'), freshDocId('churn')];
    /** Edits every survivor of a document must hold: made after the writer synced, or by a survivor. */
    const madeAfterSync = new Map<string, Set<string>>(docs.map((d) => [d, new Set()]));
    const live = new Set<Member>();
    let next = 0;
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

    const join = (doc: string, on: TestServer) => {
      const id = `m${next++}`;
      const client = connect(on.wsUrl, doc, `w:${id}`, { ack: true });
      const m: Member = { id, doc, client, synced: false, drops: 0 };
      client.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected' && live.has(m)) m.drops++;
      });
      void client.synced.then(() => (m.synced = true));
      live.add(m);
      all.push(m);
      return m;
    };
    let seq = 0;
    const edit = (m: Member) => {
      const key = `${m.id}:${seq++}`;
      m.client.doc.getArray<string>('items').push([key]);
      if (m.synced) madeAfterSync.get(m.doc)!.add(key);
    };

    // The first clients: both documents on instance A only, so B loads them while edits stream in.
    for (const doc of docs) for (let i = 0; i < 4; i++) join(doc, server);
    await Promise.all([...live].map((m) => m.client.synced));

    // A fixed number of rounds (about 4 s on a quiet machine), so a loaded machine makes it slower, not thinner.
    for (let round = 1; round <= 120; round++) {
      // Every live client edits (joiners too, before their sync completed).
      for (const m of live) if (Math.random() < 0.6) edit(m);
      // Every third round one client leaves right after editing, and one joins a random instance.
      if (round % 3 === 0) {
        const leaver = pick([...live]);
        if (Math.random() < 0.5) edit(leaver);
        live.delete(leaver);
        leaver.client.close();
        const joiner = join(pick(docs), pick(instances));
        edit(joiner);
      }
      await new Promise((r) => setTimeout(r, 15 + Math.random() * 20));
    }
    await Promise.all([...live].map((m) => m.client.synced));
    // A survivor's own edits count even when made before its sync: its step 2 carried them.
    for (const m of live) {
      for (const key of m.client.doc.getArray<string>('items').toArray())
        if (key.startsWith(`${m.id}:`)) madeAfterSync.get(m.doc)!.add(key);
    }

    const missing = () =>
      [...live].flatMap((m) => {
        const have = new Set(m.client.doc.getArray<string>('items').toArray());
        const lacks = [...madeAfterSync.get(m.doc)!].filter((k) => !have.has(k));
        return lacks.length ? [`${m.id} on ${m.doc} lacks ${lacks.length}: ${lacks.slice(0, 5).join(', ')}`] : [];
      });
    await expect.poll(missing, { timeout: 15_000, interval: 200 }).toEqual([]);
    // Identical replicas, and nobody got there by reconnecting (which syncs again).
    for (const doc of docs) {
      const views = [...live]
        .filter((m) => m.doc === doc)
        .map((m) => JSON.stringify(m.client.doc.getArray('items').toJSON().sort()));
      expect(new Set(views).size).toBeLessThanOrEqual(1);
    }
    expect([...live].filter((m) => m.drops > 0).map((m) => m.id)).toEqual([]);
    expect(all.length).toBeGreaterThan(20);
  }, 90_000);
});
