import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { storefrontBody } from './fixtures.ts';

describe('storefront registry API', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
  });

  it('lists the quarters of Dortmund', async () => {
    const res = await api.designer1.get('/api/quarters');
    expect(res.status).toBe(200);
    expect(res.body.map((q: { name: string }) => q.name)).toEqual(
      expect.arrayContaining(['Unionviertel', 'Nordstadt', 'Brückviertel', 'City', 'Hörde']),
    );
  });

  it('staff create a storefront with an outline; it can be read back and found by filters', async () => {
    const body = storefrontBody(demo.quarterId, { ownerId: demo.users.owner2.id, areaM2: 123.5 });
    const created = await api.staff.post('/api/storefronts', body);
    expect(created.status).toBe(201);
    expect(created.body.outline).toEqual(body.outline);
    expect(created.body.owner.email).toBe(demo.users.owner2.email);
    const list = await api.staff.get(`/api/storefronts?quarter=${demo.quarterId}&minArea=123&limit=200`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((s: { areaM2: number }) => s.areaM2 >= 123)).toBe(true);
    const free = await api.staff.get(
      `/api/storefronts?freeFrom=${encodeURIComponent('2027-03-10T00:00:00+01:00')}&freeTo=${encodeURIComponent('2027-03-20T00:00:00+01:00')}&limit=200`,
    );
    expect(free.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    const notFree = await api.staff.get(
      `/api/storefronts?freeFrom=${encodeURIComponent('2027-05-10T00:00:00+02:00')}&freeTo=${encodeURIComponent('2027-05-20T00:00:00+02:00')}&limit=200`,
    );
    expect(notFree.body.items.map((s: { id: string }) => s.id)).not.toContain(created.body.id);
  });

  it('hides owner contacts and key notes from people without a relation', async () => {
    const created = await api.staff.post(
      '/api/storefronts',
      storefrontBody(demo.quarterId, { ownerId: demo.users.owner2.id, keyHandoverNotes: 'Schlüssel beim Kiosk' }),
    );
    const asStranger = await api.designer3.get(`/api/storefronts/${created.body.id}`);
    expect(asStranger.status).toBe(200);
    expect(asStranger.body.owner).toBeNull();
    expect(asStranger.body.keyHandoverNotes).toBe('');
    expect(JSON.stringify(asStranger.body)).not.toContain(demo.users.owner2.email);
    const asOwner = await api.owner2.get(`/api/storefronts/${created.body.id}`);
    expect(asOwner.body.owner.email).toBe(demo.users.owner2.email);
    expect(asOwner.body.keyHandoverNotes).toBe('Schlüssel beim Kiosk');
    expect((await api.anonymous.get(`/api/storefronts/${created.body.id}`)).status).toBe(401);
  });

  it('a staff patch changes only the fields it names', async () => {
    const created = await api.staff.post(
      '/api/storefronts',
      storefrontBody(demo.quarterId, { ownerId: demo.users.owner2.id, water: true, maxOccupancy: 33 }),
    );
    const patched = await api.staff.patch(`/api/storefronts/${created.body.id}`, { status: 'reserved' });
    expect(patched.status).toBe(200);
    const { updatedAt: _a, status: _s, ...before } = created.body;
    const { updatedAt: _b, status, ...after } = patched.body;
    expect(status).toBe('reserved');
    expect(after).toEqual(before);
  });

  it('an owner edits availability and rules of their own storefront only, and nothing staff-only', async () => {
    const own = demo.storefrontIds[1]; // owner2's
    const ok = await api.owner2.patch(`/api/storefronts/${own}`, {
      availability: [{ start: '2027-06-01T00:00:00+02:00', end: '2027-06-30T00:00:00+02:00' }],
      houseRules: ['Nur Kreppband'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.houseRules).toEqual(['Nur Kreppband']);
    const staffField = await api.owner2.patch(`/api/storefronts/${own}`, { title: 'Umbenannt' });
    expect(staffField.status).toBe(400);
    expect(JSON.stringify(staffField.body.error.fields)).toContain('title');
    expect((await api.owner1.patch(`/api/storefronts/${own}`, { houseRules: ['x'] })).status).toBe(403);
    expect((await api.designer1.patch(`/api/storefronts/${own}`, { houseRules: ['x'] })).status).toBe(403);
    expect((await api.designer1.post('/api/storefronts', storefrontBody(demo.quarterId))).status).toBe(403);
  });

  it.each([
    ['a wrong type', { areaM2: 'big' }, 'areaM2'],
    ['a missing field', { address: undefined }, 'address'],
    ['a huge string', { title: 'x'.repeat(5000) }, 'title'],
    [
      'fewer than 3 points',
      {
        outline: [
          { x: 0, y: 0 },
          { x: 100, y: 0 },
        ],
      },
      'outline',
    ],
    [
      'a self-intersecting outline',
      {
        outline: [
          { x: 0, y: 0 },
          { x: 100, y: 100 },
          { x: 100, y: 0 },
          { x: 0, y: 100 },
        ],
      },
      'outline',
    ],
    ['an unknown field', { colour: 'red' }, ''],
    [
      'an availability window ending before it starts',
      { availability: [{ start: '2027-03-02T00:00:00+01:00', end: '2027-03-01T00:00:00+01:00' }] },
      'availability',
    ],
  ])('rejects %s with 400 naming the field, and stores nothing', async (_what, override, field) => {
    const title = `Ungültig ${Math.random().toString(36).slice(2)}`;
    const body = { ...storefrontBody(demo.quarterId, { title }), ...override };
    const res = await api.staff.post('/api/storefronts', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    if (field) expect(res.body.error.fields.map((f: { path: string }) => f.path).join(' ')).toContain(field);
    const { rows } = await server.app.db.query('select 1 from storefronts where title = $1', [title]);
    expect(rows).toHaveLength(0);
  });
});
