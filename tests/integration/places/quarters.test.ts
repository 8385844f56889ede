import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { submitApprovePublish } from '../../helpers/decisions.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { newStorefront, planWith } from './kit.ts';

/** Issue 14, "Quarters are only a filter": a quarter page, public to read, edited by staff. */
describe('quarter pages', () => {
  let demo: DemoSet;
  let api: DemoApis;
  let quarter: { id: string; slug: string; name: string };
  let storefrontId: string;
  let planId: string;

  test.beforeAll(async ({ server, world }) => {
    ({ demo, api } = world);
    const slug = `viertel-${randomUUID().slice(0, 8)}`;
    const created = await api.staff.post('/api/quarters', { name: `Testviertel ${slug}`, slug });
    expect(created.status).toBe(201);
    quarter = created.body;
    storefrontId = await newStorefront(api.staff, quarter.id, demo.users.owner2.id, 'Laden am Platz');
    planId = await planWith(server, api.designer1, storefrontId, 'Quartiersfest', [
      {
        kind: 'opening',
        title: 'Eröffnung im Viertel',
        public: true,
        start: '2027-03-05T18:00:00+01:00',
        end: '2027-03-05T20:00:00+01:00',
      },
      {
        kind: 'setup',
        title: 'Aufbau intern',
        public: false,
        start: '2027-03-04T09:00:00+01:00',
        end: '2027-03-04T17:00:00+01:00',
      },
    ]);
    await submitApprovePublish(api.designer1, api.staff, planId);
  });

  it('is public by slug and by id: storefronts and upcoming public entries, nothing private', async () => {
    for (const key of [quarter.slug, quarter.id]) {
      const res = await api.anonymous.get(`/api/quarters/${key}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: quarter.id,
        slug: quarter.slug,
        name: quarter.name,
        description: '',
        contact: { name: '', email: '', phone: '' },
        storefronts: [{ id: storefrontId, title: 'Laden am Platz', status: 'vacant' }],
      });
      expect(res.body.entries.map((e: { title: string; planId: string }) => [e.title, e.planId])).toEqual([
        ['Eröffnung im Viertel', planId],
      ]);
      expect(JSON.stringify(res.body)).not.toContain(demo.users.owner2.email);
      expect(JSON.stringify(res.body)).not.toContain('Aufbau intern');
    }
    expect((await api.anonymous.get('/api/quarters/gibt-es-nicht')).status).toBe(404);
  });

  it('staff edit description and contact person; everyone sees the change', async () => {
    const res = await api.staff.patch(`/api/quarters/${quarter.slug}`, {
      description: 'Kreative Läden rund um den Platz.',
      contactName: 'Quartiersbüro Nord',
      contactEmail: 'Buero@Example.org',
      contactPhone: '+49 231 50-12345',
    });
    expect(res.status).toBe(200);
    expect(res.body.contact).toEqual({ name: 'Quartiersbüro Nord', email: 'buero@example.org', phone: '+49 231 50-12345' });
    const seen = await api.designer3.get(`/api/quarters/${quarter.id}`);
    expect(seen.body).toMatchObject({
      description: 'Kreative Läden rund um den Platz.',
      contact: { name: 'Quartiersbüro Nord' },
    });
    // A field left out stays; an empty contact field clears it.
    const cleared = await api.staff.patch(`/api/quarters/${quarter.id}`, { contactPhone: '' });
    expect(cleared.body.contact).toEqual({ name: 'Quartiersbüro Nord', email: 'buero@example.org', phone: '' });
    expect(cleared.body.description).toBe('Kreative Läden rund um den Platz.');
  });

  it('refuses everyone but staff: 403 signed in, 401 signed out', async () => {
    for (const who of [api.owner1, api.owner2, api.designer1, api.designer3]) {
      expect((await who.patch(`/api/quarters/${quarter.slug}`, { description: 'gekapert' })).status).toBe(403);
    }
    expect((await api.anonymous.patch(`/api/quarters/${quarter.slug}`, { description: 'gekapert' })).status).toBe(401);
    expect((await api.anonymous.get(`/api/quarters/${quarter.slug}`)).body.description).not.toBe('gekapert');
  });

  it('validates: a 400 naming the bad field', async () => {
    for (const [body, field] of [
      [{ contactEmail: 'kein-mail' }, 'contactEmail'],
      [{ contactPhone: 'ruf mal an' }, 'contactPhone'],
      [{ name: '' }, 'name'],
      [{ description: 'x'.repeat(5001) }, 'description'],
      [{ slug: 'neu' }, 'slug'],
    ] as const) {
      const res = await api.staff.patch(`/api/quarters/${quarter.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error)).toContain(field);
    }
    expect((await api.staff.patch(`/api/quarters/${encodeURIComponent('a b')}`, {})).status).toBe(400);
    expect((await api.staff.patch('/api/quarters/gibt-es-nicht', { description: 'x' })).status).toBe(404);
  });
});
