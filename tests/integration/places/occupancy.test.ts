import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures.ts';
import type { DemoApis } from '../../helpers/api.ts';
import { submitApprovePublish } from '../../helpers/decisions.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { newStorefront, planWith, waitForPeriods } from './kit.ts';

/**
 * Issue 14, "Designers cannot see when a shop is taken": a storefront's booked periods, from submitted,
 * approved and published plans, for every signed-in role; the plan's title only for those who may read
 * the plan or when it is published, else just "belegt". The registry's free-from/to filter agrees.
 */
describe('storefront occupancy', () => {
  let demo: DemoSet;
  let api: DemoApis;
  let published: { storefrontId: string; planId: string };
  let submitted: { storefrontId: string; planId: string };
  let drafted: { storefrontId: string; planId: string };

  const at = (day: string, from: string, to: string) => ({
    kind: 'event' as const,
    title: 'Ausstellung',
    public: true,
    start: `2027-03-${day}T${from}:00+01:00`,
    end: `2027-03-${day}T${to}:00+01:00`,
  });

  test.beforeAll(async ({ server, world }) => {
    ({ demo, api } = world);
    const owner = demo.users.owner2.id;
    const s1 = await newStorefront(api.staff, demo.quarterId, owner, 'Belegt veröffentlicht');
    const s2 = await newStorefront(api.staff, demo.quarterId, owner, 'Belegt eingereicht');
    const s3 = await newStorefront(api.staff, demo.quarterId, owner, 'Nur Entwurf');
    const p1 = await planWith(server, api.designer1, s1, 'Klangraum Rheinische', [at('05', '18:00', '20:00')]);
    await submitApprovePublish(api.designer1, api.staff, p1);
    const p2 = await planWith(server, api.designer2, s2, 'Geheimes Vorhaben', [at('10', '10:00', '18:00')]);
    const sub = await api.designer2.post(`/api/plans/${p2}/transitions/submit`);
    expect(sub.status).toBe(200);
    const p3 = await planWith(server, api.designer2, s3, 'Entwurf', [at('12', '10:00', '18:00')]);
    await waitForPeriods(api.staff, s1, 1);
    await waitForPeriods(api.staff, s2, 1);
    published = { storefrontId: s1, planId: p1 };
    submitted = { storefrontId: s2, planId: p2 };
    drafted = { storefrontId: s3, planId: p3 };
  });

  it('shows a designer a published plan’s period on another storefront, with its title', async () => {
    const res = await api.designer3.get(`/api/storefronts/${published.storefrontId}/occupancy`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      storefrontId: published.storefrontId,
      periods: [
        {
          start: '2027-03-05T17:00:00.000Z',
          end: '2027-03-05T19:00:00.000Z',
          status: 'published',
          planId: published.planId,
          title: 'Klangraum Rheinische',
        },
      ],
    });
  });

  it('shows a submitted plan she cannot read as taken ("belegt"), without title or id', async () => {
    const res = await api.designer3.get(`/api/storefronts/${submitted.storefrontId}/occupancy`);
    expect(res.status).toBe(200);
    expect(res.body.periods).toEqual([
      { start: '2027-03-10T09:00:00.000Z', end: '2027-03-10T17:00:00.000Z', status: 'submitted' },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('Geheimes Vorhaben');
    expect(text).not.toContain(submitted.planId);
    // The same period to someone who may read the plan: its designer, the storefront's owner, staff.
    for (const who of [api.designer2, api.owner2, api.staff]) {
      const seen = await who.get(`/api/storefronts/${submitted.storefrontId}/occupancy`);
      expect(seen.body.periods).toEqual([expect.objectContaining({ planId: submitted.planId, title: 'Geheimes Vorhaben' })]);
    }
    // An owner of another storefront is just signed in: taken, no title.
    const other = await api.owner1.get(`/api/storefronts/${submitted.storefrontId}/occupancy`);
    expect(other.status).toBe(200);
    expect(other.body.periods[0].title).toBeUndefined();
  });

  it('leaves drafts out, refuses the signed-out, and 404s an unknown storefront', async () => {
    expect((await api.designer3.get(`/api/storefronts/${drafted.storefrontId}/occupancy`)).body.periods).toEqual([]);
    expect((await api.anonymous.get(`/api/storefronts/${published.storefrontId}/occupancy`)).status).toBe(401);
    expect((await api.designer3.get('/api/storefronts/00000000-0000-4000-8000-000000000000/occupancy')).status).toBe(404);
    const bad = await api.designer3.get('/api/storefronts/nope/occupancy');
    expect(bad.status).toBe(400);
  });

  it('agrees with the registry’s free-from/to filter (Berlin days)', async () => {
    const ids = [published.storefrontId, submitted.storefrontId, drafted.storefrontId];
    const occupancy = new Map<string, { start: string; end: string }[]>();
    for (const id of ids) occupancy.set(id, (await api.designer3.get(`/api/storefronts/${id}/occupancy`)).body.periods);
    // Whole Berlin days, as the list's "frei von/bis" sends them: [from 00:00, day after to 00:00).
    for (const [from, to] of [
      ['2027-03-05T00:00:00+01:00', '2027-03-06T00:00:00+01:00'],
      ['2027-03-10T00:00:00+01:00', '2027-03-11T00:00:00+01:00'],
      ['2027-03-12T00:00:00+01:00', '2027-03-13T00:00:00+01:00'],
      ['2027-03-01T00:00:00+01:00', '2027-03-20T00:00:00+01:00'],
      ['2027-03-06T00:00:00+01:00', '2027-03-09T00:00:00+01:00'],
    ]) {
      const list = await api.designer3.get(
        `/api/storefronts?quarter=${demo.quarterId}&freeFrom=${encodeURIComponent(from)}&freeTo=${encodeURIComponent(to)}&limit=200`,
      );
      expect(list.status).toBe(200);
      const free = new Set(list.body.items.map((s: { id: string }) => s.id));
      for (const id of ids) {
        const taken = occupancy
          .get(id)!
          .some((p) => Date.parse(p.start) < Date.parse(to) && Date.parse(p.end) > Date.parse(from));
        expect({ id, from, free: free.has(id) }).toEqual({ id, from, free: !taken });
      }
    }
  });
});
