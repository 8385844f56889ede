import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { addScheduleEntry } from '@planner/shared/plan/index';
import { eventSlug, type PublicImage } from '@planner/shared';
import type { PublicEventImages } from '@planner/server/modules/public-web/images';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, publish } from '../../helpers/decisions.ts';
import { entry, openDoc, serverPlan, waitFor } from '../review/helpers.ts';

/** An in-memory picture source: what the storefront photos capability will provide. */
const pictures = new Map<string, PublicImage>();
const asked: string[][] = [];
const images: PublicEventImages = {
  async forPlans(planIds) {
    asked.push(planIds);
    return new Map(planIds.filter((id) => pictures.has(id)).map((id) => [id, pictures.get(id)!]));
  },
};
const test = withServerOptions({ eventImages: images });

/** Issue 17: an event page shows its picture in og:image, twitter:image and the JSON-LD image, only when there is one. */
describe('event pictures on public pages', () => {
  let server: TestServer;
  let api: DemoApis;
  let demo: DemoSet;
  let planId: string;
  const docs: Awaited<ReturnType<typeof openDoc>>[] = [];

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ api, demo } = world);
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: 'Bildraum' });
    planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    addScheduleEntry(d.doc, entry('b', { title: 'Bildraum Eröffnung' }));
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 1 || undefined);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const fetchPage = async () => {
    const slug = eventSlug({ planId, entryId: 'b', title: 'Bildraum Eröffnung', start: entry('b').start });
    const res = await fetch(`${server.url}/programm/${slug}`);
    expect(res.status).toBe(200);
    return parse(await res.text());
  };

  it('leaves the picture tags out when the entry has no picture', async () => {
    const doc = await fetchPage();
    expect(asked.some((ids) => ids.includes(planId))).toBe(true);
    expect(doc.querySelector('meta[property="og:image"]')).toBeNull();
    expect(doc.querySelector('meta[name="twitter:image"]')).toBeNull();
    expect(doc.querySelector('meta[name="twitter:card"]')!.getAttribute('content')).toBe('summary');
    expect(JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent).image).toBeUndefined();
  });

  it('shows a picture with absolute URLs, its size and escaped alternative text', async () => {
    pictures.set(planId, {
      url: '/api/public/media/abc123/1200.webp',
      width: 1200,
      height: 800,
      alt: 'Schaufenster "bei Nacht" <b>',
    });
    const doc = await fetchPage();
    const base = server.app.config.publicUrl;
    const meta = (sel: string) => doc.querySelector(sel)!.getAttribute('content');
    expect(meta('meta[property="og:image"]')).toBe(`${base}/api/public/media/abc123/1200.webp`);
    expect(meta('meta[property="og:image:width"]')).toBe('1200');
    expect(meta('meta[property="og:image:height"]')).toBe('800');
    expect(meta('meta[property="og:image:alt"]')).toBe('Schaufenster "bei Nacht" <b>');
    expect(meta('meta[name="twitter:card"]')).toBe('summary_large_image');
    expect(meta('meta[name="twitter:image"]')).toBe(`${base}/api/public/media/abc123/1200.webp`);
    const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent);
    expect(ld.image).toEqual([`${base}/api/public/media/abc123/1200.webp`]);
    const img = doc.querySelector('#ssr-page img')!;
    expect(img.getAttribute('alt')).toBe('Schaufenster "bei Nacht" <b>');
    expect(doc.querySelectorAll('b')).toHaveLength(0);
  });
});
