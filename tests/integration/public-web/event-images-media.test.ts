import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { addScheduleEntry } from '@planner/shared/plan/index';
import { eventSlug } from '@planner/shared';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, publish } from '../../helpers/decisions.ts';
import { smallPng, uploadFile, uploadTo } from '../../helpers/media.ts';
import { entry, openDoc, serverPlan, waitFor } from '../review/helpers.ts';

/**
 * Issue 17, wired end to end: an event page's og:image, twitter:image and JSON-LD image come from the
 * media capability (no stand-in): a public photo of the storefront, then a plan image marked "Im
 * Programm zeigen", which wins. The picture's absolute URL loads signed out.
 */
describe('event pages show the public pictures of the media capability', () => {
  let server: TestServer;
  let api: DemoApis;
  let demo: DemoSet;
  let planId: string;
  const docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ api, demo } = world);
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: 'Lichthof' });
    planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    addScheduleEntry(d.doc, entry('l', { title: 'Lichthof Eröffnung' }));
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 1 || undefined);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const page = async () => {
    const slug = eventSlug({ planId, entryId: 'l', title: 'Lichthof Eröffnung', start: entry('l').start });
    const res = await fetch(`${server.url}/programm/${slug}`);
    expect(res.status).toBe(200);
    const html = parse(await res.text());
    const og = html.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? null;
    const ld = JSON.parse(html.querySelector('script[type="application/ld+json"]')!.textContent);
    return { og, twitter: html.querySelector('meta[name="twitter:image"]')?.getAttribute('content') ?? null, ld };
  };
  /** The picture behind an absolute public URL, fetched signed out through this server. */
  const picture = async (absolute: string) => {
    const base = server.app.config.publicUrl;
    expect(absolute.startsWith(`${base}/media/public/`)).toBe(true);
    const res = await fetch(`${server.url}${absolute.slice(base.length)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    return sharp(Buffer.from(await res.arrayBuffer())).stats();
  };

  it('has no picture while nothing is public, then the storefront’s public photo, then the marked plan image', async () => {
    expect((await page()).og).toBeNull();

    const photos = `/api/storefronts/${demo.storefrontIds[0]}/photos`;
    const green = await smallPng(400, { r: 20, g: 200, b: 40 });
    const up = await uploadTo(server, api.owner1.token!, `${photos}?kind=interior`, green, 'innen.png', 'image/png');
    expect(up.status).toBe(201);
    await server.app.media.queue.idle();
    expect((await api.owner1.patch(`${photos}/${up.body.id}`, { public: true, caption: 'Innenraum' })).status).toBe(200);

    const withPhoto = await page();
    expect(withPhoto.og).not.toBeNull();
    expect(withPhoto.twitter).toBe(withPhoto.og);
    expect([withPhoto.ld.image].flat()).toContain(withPhoto.og);
    const photoStats = await picture(withPhoto.og!);
    expect(photoStats.dominant.g).toBeGreaterThan(150); // the green photo, served signed out

    const red = await smallPng(400, { r: 220, g: 20, b: 30 });
    const att = await uploadFile(server, api.designer1.token!, planId, red, 'plakat.png', 'image/png');
    expect(att.status).toBe(201);
    await server.app.media.queue.idle();
    const marked = await api.designer1.put(`/api/plans/${planId}/attachments/${att.body.id}/public`, { public: true });
    expect(marked.status).toBe(200);

    const withPlanImage = await page();
    expect(withPlanImage.og).not.toBe(withPhoto.og);
    expect((await picture(withPlanImage.og!)).dominant.r).toBeGreaterThan(150); // the red plan image wins
  });
});
