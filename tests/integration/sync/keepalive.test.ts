import { afterAll, describe, expect } from 'vitest';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import { connect, freshDocId, testDocAuthorizer, type Client } from './helpers.ts';

/**
 * Issue 15, finding 13: a stock y-websocket provider closes its socket when it has heard nothing for
 * 30 s, and renews its own awareness every 15 s. Since the server stopped echoing a lone sender's own
 * awareness, a client alone on a plan heard nothing and reconnected every 30 s (the "Gespeichert" badge
 * flickered). The server now answers the renewal of a client that has heard nothing for 10 s.
 */
const test = withServerOptions({ docAuthorizer: testDocAuthorizer });

describe('keepalive', () => {
  let server: TestServer;
  const clients: Client[] = [];
  test.beforeAll(({ server: s }) => {
    server = s;
  });
  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  test('a lone idle stock client (writer or reader) is never forced to reconnect in 75 s', { timeout: 120_000 }, async () => {
    const watched = ['w:alone', 'r:owner-alone'].map((token) => {
      const client = connect(server.wsUrl, freshDocId('lone'), token);
      clients.push(client);
      const events: string[] = [];
      client.provider.on('status', (e: { status: string }) => events.push(`status:${e.status}`));
      client.provider.on('connection-close', (e: CloseEvent | null) => events.push(`close:${e?.code ?? 'watchdog'}`));
      return { client, events };
    });
    await Promise.all(watched.map((w) => w.client.synced));
    for (const w of watched) {
      w.client.provider.awareness.setLocalStateField('user', { name: 'Allein' });
      w.events.length = 0;
    }
    await new Promise((r) => setTimeout(r, 75_000));
    for (const w of watched) {
      expect(w.events).toEqual([]);
      expect(w.client.provider.wsconnected).toBe(true);
    }
  });
});
