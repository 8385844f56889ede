import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { connectDoc, type DocClient } from '../../helpers/yjs.ts';
import { freshDocId, testDocAuthorizer } from '../sync/helpers.ts';

/** Request ids (issue 20): in every log line of a request, echoed as X-Request-Id; a proxy's safe id is kept. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let server: TestServer;
  const lines: Record<string, unknown>[] = [];
  const clients: DocClient[] = [];

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    server = await startServer({ docAuthorizer: testDocAuthorizer, logger: { level: 'debug', stream } });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
  });

  const logOf = (reqId: string) => lines.filter((l) => l.reqId === reqId);

  it('keeps a safe incoming X-Request-Id, answers with it, and logs every line of the request with it', async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'proxy-7f3a.42' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('proxy-7f3a.42');
    await expect.poll(() => logOf('proxy-7f3a.42').map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('replaces an unsafe or over-long id with a fresh UUID, and gives one to a request without', async () => {
    const ids: string[] = [];
    for (const sent of ['a b', 'x'.repeat(65), '{"level":60}', 'ü', undefined]) {
      const res = await fetch(
        `${server.url}/api/does-not-exist`,
        sent === undefined ? {} : { headers: { 'x-request-id': sent } },
      );
      expect(res.status).toBe(404);
      const id = res.headers.get('x-request-id') ?? '';
      expect(id, String(sent)).toMatch(UUID);
      ids.push(id);
      await expect.poll(() => logOf(id).length).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // An error answer's log lines carry the id too.
    const failed = await fetch(`${server.url}/api/plans/not-a-uuid/members`, { method: 'POST', body: '{' });
    const id = failed.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    await expect.poll(() => logOf(id).length).toBeGreaterThanOrEqual(2);
  });

  it('gives a /yjs upgrade its id: in the 101 answer and in the log line that names the connection', async () => {
    const docId = freshDocId('reqid');
    let answered: string | undefined;
    const client = connectDoc(server.wsUrl, docId, { token: 'w:dora', headers: { 'x-request-id': 'upgrade-1234' } });
    clients.push(client);
    // The provider opened its `ws` socket synchronously; its 'upgrade' event carries the 101 answer.
    const ws = client.provider.ws as unknown as { on(e: 'upgrade', f: (res: { headers: Record<string, string> }) => void): void };
    ws.on('upgrade', (res) => (answered = res.headers['x-request-id']));
    await client.synced;
    await expect
      .poll(() => logOf('upgrade-1234').find((l) => l.msg === 'sync: websocket upgraded'))
      .toMatchObject({ docId, userId: 'dora', connection: expect.any(Number) });
    expect(answered).toBe('upgrade-1234');
  });
});
