import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MemoryPubSub } from '@planner/server';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { sharedDatabase } from '../../helpers/db.ts';
import { busKind, dbKind } from '../../helpers/backends.ts';
import { parsePrometheus, sampleValue, type Family } from '../../helpers/prometheus.ts';
import { connect, freshDocId, rawConnect, testDocAuthorizer, type Client, type RawClient } from '../sync/helpers.ts';

/**
 * `/metrics` (issue 20): Prometheus text from a registry of each app, readable with the bearer token
 * METRICS_TOKEN on the main port, or on the internal METRICS_PORT; off (404) without either.
 */
const TOKEN = 'metrics-token-0123456789abcdef';

const scrape = async (url: string, token: string | null = TOKEN) =>
  fetch(`${url}/metrics`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });

async function metricsOf(url: string, token: string | null = TOKEN): Promise<Map<string, Family>> {
  const res = await scrape(url, token);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

const updateFrame = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // sync
  encoding.writeVarUint(e, 2); // update
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

describe('the Prometheus text reader of these tests', () => {
  it('reads types, labels with escapes, and histograms', () => {
    const f = parsePrometheus(
      [
        '# HELP a_total Things',
        '# TYPE a_total counter',
        'a_total{x="q\\"uote",y="n\\nl"} 3',
        '# TYPE h histogram',
        'h_bucket{le="0.1"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 0.3',
        'h_count 2',
        '# TYPE g gauge',
        'g Nan',
        '',
      ].join('\n'),
    );
    expect(f.get('a_total')?.type).toBe('counter');
    expect(sampleValue(f, 'a_total', { x: 'q"uote', y: 'n\nl' })).toBe(3);
    expect(sampleValue(f, 'h_count')).toBe(2);
    expect(sampleValue(f, 'g')).toBeNaN();
  });

  it('refuses what is not Prometheus text', () => {
    for (const bad of [
      'a 1\n', // no # TYPE
      '# TYPE a counter\na{x=1} 1\n', // unquoted label value
      '# TYPE a counter\na one\n',
      '# TYPE a counter\n# TYPE a gauge\n',
      '# TYPE a wibble\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n', // not cumulative
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3\n',
      '{"status":"ok"}\n',
    ])
      expect(() => parsePrometheus(bad), bad).toThrow();
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let server: TestServer;
  let other: TestServer;
  const clients: Client[] = [];
  const raws: RawClient[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { METRICS_TOKEN: TOKEN }, docAuthorizer: testDocAuthorizer });
    other = await startServer({ env: { METRICS_TOKEN: TOKEN }, docAuthorizer: testDocAuthorizer });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const r of raws) r.ws.close();
    await server?.close();
    await other?.close();
  });

  it('refuses a scrape without the token, with a wrong one and with another scheme (401)', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: 'Bearer ' },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('times requests per route pattern, method and status, never per URL', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const planId = randomUUID();
    expect((await fetch(`${server.url}/api/plans/${planId}`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/nothing-${planId}`)).status).toBe(404);
    const text = await (await scrape(server.url)).text();
    expect(text).not.toContain(planId);
    const m = parsePrometheus(text);
    expect(m.get('planner_http_request_duration_seconds')?.type).toBe('histogram');
    const health = { method: 'GET', route: '/api/health', status_code: '200' };
    expect(sampleValue(m, 'planner_http_request_duration_seconds_count', health)).toBe(3);
    const sum = sampleValue(m, 'planner_http_request_duration_seconds_sum', health)!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(60);
    expect(
      sampleValue(m, 'planner_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/plans/:planId',
        status_code: '401',
      }),
    ).toBe(1);
    // A URL no route matches is one series, whatever the URL.
    expect(
      sampleValue(m, 'planner_http_request_duration_seconds_count', { method: 'GET', route: '(unmatched)', status_code: '404' }),
    ).toBe(1);
  });

  it('keeps a registry per app: another instance in the same process counts only its own requests', async () => {
    const m = await metricsOf(other.url);
    expect(
      sampleValue(m, 'planner_http_request_duration_seconds_count', { route: '/api/health', status_code: '200' }),
    ).toBeUndefined();
    expect(sampleValue(m, 'planner_sync_connections')).toBe(0);
  });

  it('reports database and bus health (1, by kind) and the process’s default metrics', async () => {
    const m = await metricsOf(server.url);
    expect(sampleValue(m, 'planner_database_up', { kind: dbKind })).toBe(1);
    expect(sampleValue(m, 'planner_bus_up', { kind: busKind })).toBe(1);
    expect(m.get('planner_database_up')?.type).toBe('gauge');
    expect(sampleValue(m, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(m, 'process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(m.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(m.get('nodejs_heap_size_used_bytes')).toBeDefined();
  });

  it('mirrors the sync core’s counters and the group commits after a stock y-websocket edit', async () => {
    const docId = freshDocId('metrics');
    const writer = connect(server.wsUrl, docId, 'w:anna');
    clients.push(writer);
    await writer.synced;
    writer.doc.getText('concept').insert(0, 'Messwerte');
    await expect.poll(async () => (await server.app.sync.getDocState(docId)).byteLength).toBeGreaterThan(10);
    await server.app.sync.flush();

    // A read-only connection's crafted update is dropped; a malformed frame closes its socket (4400).
    const reader = await rawConnect(server.wsUrl, docId, 'token=r:bernd');
    raws.push(reader);
    const evil = new Y.Doc();
    evil.getText('concept').insert(0, 'nein');
    reader.send(updateFrame(Y.encodeStateAsUpdate(evil)));
    await expect.poll(() => server.app.sync.metrics().droppedReadOnlyMessages).toBe(1);
    const broken = await rawConnect(server.wsUrl, docId, 'token=w:carla');
    raws.push(broken);
    broken.send(new Uint8Array([42, 0]));
    expect((await broken.closed).code).toBe(4400);

    const m = await metricsOf(server.url);
    const core = server.app.sync.metrics();
    const types: Record<string, Family['type']> = {
      planner_sync_connections: 'gauge',
      planner_sync_read_only_connections: 'gauge',
      planner_sync_open_documents: 'gauge',
      planner_sync_dropped_read_only_updates_total: 'counter',
      planner_sync_closes_total: 'counter',
      planner_sync_bus_gaps_total: 'counter',
      planner_sync_bus_messages_total: 'counter',
      planner_sync_anti_entropy_rounds_total: 'counter',
      planner_sync_repaired_updates_total: 'counter',
      planner_sync_group_commits_total: 'counter',
      planner_sync_group_commit_rows: 'histogram',
      planner_sync_group_commit_bytes: 'histogram',
      planner_sync_group_commit_seconds: 'histogram',
    };
    for (const [name, type] of Object.entries(types)) expect(m.get(name)?.type, name).toBe(type);

    expect(sampleValue(m, 'planner_sync_connections')).toBe(2); // the writer and the reader
    expect(sampleValue(m, 'planner_sync_read_only_connections')).toBe(1);
    expect(sampleValue(m, 'planner_sync_open_documents')).toBe(1);
    expect(sampleValue(m, 'planner_sync_dropped_read_only_updates_total')).toBe(1);
    expect(sampleValue(m, 'planner_sync_closes_total', { code: '4400', reason: 'malformed' })).toBe(1);
    expect(sampleValue(m, 'planner_sync_closes_total', { code: '4403', reason: 'access_revoked' })).toBe(0);
    expect(sampleValue(m, 'planner_sync_bus_gaps_total')).toBe(core.busGaps);
    expect(sampleValue(m, 'planner_sync_repaired_updates_total')).toBe(core.rescuedUpdates);
    expect(sampleValue(m, 'planner_sync_bus_messages_total', { direction: 'published' })).toBeGreaterThanOrEqual(1);

    const commits = sampleValue(m, 'planner_sync_group_commits_total', { result: 'ok' })!;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBe(core.persistBatches);
    expect(sampleValue(m, 'planner_sync_group_commit_rows_count')).toBe(commits);
    expect(sampleValue(m, 'planner_sync_group_commit_rows_sum')).toBe(core.persistedRows);
    expect(sampleValue(m, 'planner_sync_group_commit_bytes_sum')).toBeGreaterThan(0);
    expect(sampleValue(m, 'planner_sync_group_commit_seconds_count', { result: 'ok' })).toBe(commits);
    const seconds = sampleValue(m, 'planner_sync_group_commit_seconds_sum', { result: 'ok' })!;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(60);
  });
});

describe('/metrics health gauges', () => {
  it('turn 0 for a bus and a database that do not answer, and back to 1', async () => {
    const bus = new MemoryPubSub();
    const shared = await sharedDatabase();
    let dbDown = false;
    // The shared database with a ping that fails on demand (closing it would end it for every test).
    const db = new Proxy(shared, {
      get(target, prop) {
        if (prop === 'ping' && dbDown) return async () => Promise.reject(new Error('connection refused'));
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const server = await startServer({ env: { METRICS_TOKEN: TOKEN }, bus, db });
    try {
      const up = async () => {
        const m = await metricsOf(server.url);
        return [
          sampleValue(m, 'planner_database_up', { kind: shared.kind }),
          sampleValue(m, 'planner_bus_up', { kind: 'memory' }),
        ];
      };
      expect(await up()).toEqual([1, 1]);
      dbDown = true;
      expect(await up()).toEqual([0, 1]);
      dbDown = false;
      await bus.close();
      expect(await up()).toEqual([1, 0]);
    } finally {
      await server.close();
    }
  });
});

describe('/metrics switched off, and on the internal port', () => {
  it('is a 404 without METRICS_TOKEN and METRICS_PORT, token or not', async () => {
    const server = await startServer();
    try {
      for (const token of [null, TOKEN]) {
        const res = await scrape(server.url, token);
        expect(res.status).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
      }
    } finally {
      await server.close();
    }
  });

  it('with METRICS_PORT is served on METRICS_HOST only (the main port answers 404), with the token when set', async () => {
    const open = await startServer({ env: { METRICS_PORT: '0' } });
    const guarded = await startServer({ env: { METRICS_PORT: '0', METRICS_TOKEN: TOKEN } });
    try {
      const address = open.app.metrics.internalAddress()!;
      expect(address.address).toBe('127.0.0.1');
      expect(address.port).not.toBe(open.port);
      const internal = `http://127.0.0.1:${address.port}`;
      expect((await scrape(open.url, null)).status).toBe(404);
      const m = await metricsOf(internal, null);
      expect(sampleValue(m, 'planner_database_up', { kind: dbKind })).toBe(1);
      expect((await fetch(`${internal}/api/health`)).status).toBe(404);

      const guardedUrl = `http://127.0.0.1:${guarded.app.metrics.internalAddress()!.port}`;
      expect((await scrape(guarded.url)).status).toBe(404);
      expect((await scrape(guardedUrl, null)).status).toBe(401);
      expect((await scrape(guardedUrl, 'wrong-token-0123456789')).status).toBe(401);
      await metricsOf(guardedUrl);
    } finally {
      await open.close();
      await guarded.close();
    }
    expect(open.app.metrics.internalAddress()).toBeNull();
  });
});
