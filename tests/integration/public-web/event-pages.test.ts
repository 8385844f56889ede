import { afterAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse, type HTMLElement } from 'node-html-parser';
import { addScheduleEntry, setMeta } from '@planner/shared/plan/index';
import { eventSlug } from '@planner/shared';
import { withServerOptions } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { DemoApis } from '../../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { approve, publish } from '../../helpers/decisions.ts';
import { entry, fetchCalendar, openDoc, serverPlan, waitFor } from '../review/helpers.ts';

const EMBED = 'https://quartier-partner.example';
const test = withServerOptions({ env: { EMBED_ORIGINS: `${EMBED},http://localhost:8099` } });

const HOSTILE = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';

/**
 * Issue 17, the public web: event pages fetched with plain HTTP carry their text, Open Graph tags and a
 * schema.org Event; cancelled entries say EventCancelled; sitemap, Atom feed, 404s and the widget's framing.
 */
describe('public event pages (plain HTTP, no browser)', () => {
  let server: TestServer;
  let demo: DemoSet;
  let api: DemoApis;
  let planId: string;
  const docs: Awaited<ReturnType<typeof openDoc>>[] = [];
  let storefront: { title: string; address: string; stepFree: boolean; toilet: boolean };

  test.beforeAll(async ({ server: s, world }) => {
    server = s;
    ({ demo, api } = world);
    const sf = await api.staff.get(`/api/storefronts/${demo.storefrontIds[0]}`);
    expect(sf.status).toBe(200);
    storefront = sf.body;
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: 'Klangraum' });
    expect(created.status).toBe(201);
    planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    docs.push(d);
    setMeta(d.doc, { title: `Klangraum ${HOSTILE}`, publicDescription: `Eine Klanginstallation. ${HOSTILE} Ende.` });
    addScheduleEntry(
      d.doc,
      entry('vernissage', {
        title: 'Vernissage Klangraum',
        start: '2027-03-05T18:00:00+01:00',
        end: '2027-03-05T21:00:00+01:00',
      }),
    );
    addScheduleEntry(
      d.doc,
      entry('ausstellung', {
        kind: 'open-hours',
        title: 'Ausstellung',
        start: '2027-03-26T11:00:00+01:00',
        end: '2027-03-30T18:00:00+02:00',
      }),
    );
    addScheduleEntry(
      d.doc,
      entry('lesung', { title: `Lesung ${HOSTILE}`, start: '2027-03-07T15:00:00+01:00', end: '2027-03-07T16:00:00+01:00' }),
    );
    addScheduleEntry(d.doc, entry('intern', { kind: 'setup', title: 'Aufbau intern', public: false }));
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 4 || undefined);
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    const pub = await publish(api.staff, planId);
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  });
  afterAll(() => {
    for (const d of docs) d.close();
  });

  const slugOf = (entryId: string, title: string, start: string) => eventSlug({ planId, entryId, title, start });
  const page = async (path: string) => {
    const res = await fetch(server.url + path, { redirect: 'manual' });
    const text = await res.text();
    return { res, text, doc: parse(text) };
  };
  const meta = (doc: HTMLElement, key: string) =>
    doc.querySelector(`meta[property="${key}"]`)?.getAttribute('content') ??
    doc.querySelector(`meta[name="${key}"]`)?.getAttribute('content');
  const jsonLd = (doc: HTMLElement) => {
    const blocks = doc.querySelectorAll('script[type="application/ld+json"]');
    expect(blocks).toHaveLength(1);
    return JSON.parse(blocks[0].textContent);
  };

  it('renders /programm/<slug> with its text, title, meta tags and a schema.org Event that matches the entry', async () => {
    const slug = slugOf('vernissage', 'Vernissage Klangraum', '2027-03-05T18:00:00+01:00');
    expect(slug).toMatch(/^vernissage-klangraum-2027-03-05-[a-z2-9]{10}$/);
    const { res, doc } = await page(`/programm/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const title = doc.querySelector('title')!.textContent;
    expect(title).toContain('Vernissage Klangraum');
    expect(doc.querySelector('h1')!.textContent).toContain('Vernissage Klangraum');
    const main = doc.querySelector('#ssr-page')!.textContent;
    expect(main).toContain(storefront.address);
    expect(main).toContain('Eine Klanginstallation.');
    expect(main).toContain('Fr., 5. März 2027, 18:00–21:00 Uhr');
    expect(main).toContain(storefront.stepFree ? 'Stufenloser Zugang' : 'Kein stufenloser Zugang');
    expect(main).toContain(storefront.toilet ? 'Toilette vorhanden' : 'Keine Toilette');
    expect(doc.querySelector('[data-testid="event-map"]')).not.toBeNull();
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute('href')).toMatch(new RegExp(`/programm/${slug}$`));
    expect(meta(doc, 'og:title')).toContain('Vernissage Klangraum');
    expect(meta(doc, 'og:url')).toMatch(new RegExp(`/programm/${slug}$`));
    expect(meta(doc, 'og:description')).toContain(storefront.address);
    expect(meta(doc, 'twitter:card')).toBe('summary');
    expect(meta(doc, 'description')).toBeTruthy();
    // No picture yet (no images wired): no image tags.
    expect(meta(doc, 'og:image')).toBeUndefined();

    const ld = jsonLd(doc);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      startDate: '2027-03-05T18:00:00+01:00',
      endDate: '2027-03-05T21:00:00+01:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: { '@type': 'Place', name: storefront.title, address: { '@type': 'PostalAddress', addressCountry: 'DE' } },
      organizer: { '@type': 'Organization' },
    });
    expect(ld.name).toContain('Vernissage Klangraum');
    expect(ld.description).toContain('Eine Klanginstallation.');
    expect(`${ld.location.address.streetAddress}, ${ld.location.address.postalCode} ${ld.location.address.addressLocality}`).toBe(
      storefront.address,
    );
    expect(ld.image).toBeUndefined();
    // Private entries have no page; the API answers the same entry as JSON.
    const json = await fetch(`${server.url}/api/public/events/${slug}`);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ slug, planId, entryId: 'vernissage', status: 'scheduled' });
  });

  it('lists every day of a multi-day entry and keeps the offset across the clock change', async () => {
    const slug = slugOf('ausstellung', 'Ausstellung', '2027-03-26T11:00:00+01:00');
    const { res, doc } = await page(`/programm/${slug}`);
    expect(res.status).toBe(200);
    const days = doc.querySelectorAll('#ssr-page li time').map((t) => t.textContent);
    expect(days).toEqual([
      'Fr., 26. März 2027, ab 11:00 Uhr',
      'Sa., 27. März 2027, ganztägig',
      'So., 28. März 2027, ganztägig',
      'Mo., 29. März 2027, ganztägig',
      'Di., 30. März 2027, bis 18:00 Uhr',
    ]);
    expect(jsonLd(doc)).toMatchObject({ startDate: '2027-03-26T11:00:00+01:00', endDate: '2027-03-30T18:00:00+02:00' });
  });

  it('escapes hostile text everywhere: no injected tag, and the JSON-LD still parses', async () => {
    const slug = slugOf('lesung', `Lesung ${HOSTILE}`, '2027-03-07T15:00:00+01:00');
    const { res, text, doc } = await page(`/programm/${slug}`);
    expect(res.status).toBe(200);
    expect(text).not.toContain('<script>alert(1)');
    expect(text).not.toContain('<img src=x');
    // Only the shell's own script and the two data blocks.
    const scripts = doc.querySelectorAll('script');
    expect(
      scripts.filter((s) => !['application/ld+json', 'application/json'].includes(s.getAttribute('type') ?? '')),
    ).toHaveLength(1);
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    expect(doc.querySelector('h1')!.textContent).toContain(HOSTILE);
    expect(jsonLd(doc).name).toContain(HOSTILE);
    expect(meta(doc, 'og:title')).toContain(HOSTILE);
  });

  it('redirects an outdated slug of an entry to its current one, and answers 404 for unknown ones', async () => {
    const slug = slugOf('vernissage', 'Vernissage Klangraum', '2027-03-05T18:00:00+01:00');
    const shortId = slug.split('-').at(-1);
    const old = await page(`/programm/alter-titel-2027-01-01-${shortId}`);
    expect(old.res.status).toBe(301);
    expect(old.res.headers.get('location')).toBe(`/programm/${slug}`);
    for (const p of ['/programm/gibt-es-nicht-2027-03-05-abcdefghij', '/programm/x', '/quartiere/gibt-es-nicht']) {
      const r = await page(p);
      expect(r.res.status, p).toBe(404);
      expect(r.res.headers.get('content-type')).toContain('text/html');
      expect(r.text).toContain('Seite nicht gefunden');
    }
    expect((await fetch(`${server.url}/api/public/events/x`)).status).toBe(404);
    const bare = await page('/programm');
    expect(bare.res.status).toBe(301);
    expect(bare.res.headers.get('location')).toBe('/programme');
  });

  it('says EventCancelled for a cancelled entry, on its page and in its calendar file', async () => {
    const cancel = await api.staff.post(`/api/plans/${planId}/public-entries/lesung/cancel`, { reason: 'Krank' });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    const slug = slugOf('lesung', `Lesung ${HOSTILE}`, '2027-03-07T15:00:00+01:00');
    const { res, doc } = await page(`/programm/${slug}`);
    expect(res.status).toBe(200);
    expect(jsonLd(doc).eventStatus).toBe('https://schema.org/EventCancelled');
    expect(doc.querySelector('[data-testid="event-cancelled"]')).not.toBeNull();
    const cal = await fetchCalendar(`${server.url}/api/public/events/${slug}/calendar.ics`);
    expect(cal.status).toBe(200);
    expect(cal.events.get(`${planId}-lesung@kreativquartiere-planner`).status).toBe('CANCELLED');
  });

  it('gives one event as an iCalendar file („In den Kalender“)', async () => {
    const slug = slugOf('vernissage', 'Vernissage Klangraum', '2027-03-05T18:00:00+01:00');
    const cal = await fetchCalendar(`${server.url}/api/public/events/${slug}/calendar.ics`);
    expect(cal.status).toBe(200);
    expect([...cal.events.keys()]).toEqual([`${planId}-vernissage@kreativquartiere-planner`]);
    const ev = cal.events.get(`${planId}-vernissage@kreativquartiere-planner`);
    expect(new Date(ev.start).toISOString()).toBe('2027-03-05T17:00:00.000Z');
    expect(ev.location).toBe(storefront.address);
    expect(ev.status).toBe('CONFIRMED');
  });

  it('lists the event in sitemap.xml with absolute URLs, and robots.txt points there', async () => {
    const res = await fetch(`${server.url}/sitemap.xml`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const xml = new XMLParser().parse(text);
    const locs: string[] = [xml.urlset.url].flat().map((u: { loc: string }) => u.loc);
    const slug = slugOf('vernissage', 'Vernissage Klangraum', '2027-03-05T18:00:00+01:00');
    const publicUrl = server.app.config.publicUrl;
    expect(locs).toContain(`${publicUrl}/programm/${slug}`);
    expect(locs).toContain(`${publicUrl}/programme`);
    expect(locs).toContain(`${publicUrl}/quartiere/unionviertel`);
    expect(locs.every((l) => l.startsWith(`${publicUrl}/`))).toBe(true);
    // A cancelled entry is not advertised.
    expect(locs).not.toContain(`${publicUrl}/programm/${slugOf('lesung', `Lesung ${HOSTILE}`, '2027-03-07T15:00:00+01:00')}`);
    const robots = await (await fetch(`${server.url}/robots.txt`)).text();
    expect(robots).toContain(`Sitemap: ${publicUrl}/sitemap.xml`);
  });

  it('publishes an Atom feed of the programme that parses and lists the event, linked from the programme page', async () => {
    const res = await fetch(`${server.url}/programm.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const text = await res.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(text).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBeTruthy();
    expect(Date.parse(feed.updated)).not.toBeNaN();
    const entries = [feed.entry].flat();
    const slug = slugOf('vernissage', 'Vernissage Klangraum', '2027-03-05T18:00:00+01:00');
    const mine = entries.find((e: { link: { '@_href': string } }) => e.link['@_href'].endsWith(`/programm/${slug}`));
    expect(mine, 'the entry is in the feed').toBeTruthy();
    expect(mine.title).toContain('Vernissage Klangraum');
    expect(mine.id).toMatch(new RegExp(`^tag:.+,2026:programm/${planId}/vernissage$`));
    expect(Date.parse(mine.updated)).not.toBeNaN();
    expect(new Set(entries.map((e: { id: string }) => e.id)).size).toBe(entries.length);

    const programme = await page('/programme');
    expect(programme.res.status).toBe(200);
    expect(programme.doc.querySelector('link[rel="alternate"][type="application/atom+xml"]')!.getAttribute('href')).toMatch(
      /\/programm\.atom$/,
    );
    expect(programme.doc.querySelector('#ssr-page')!.textContent).toContain('Vernissage Klangraum');
    const quarter = await page('/quartiere/unionviertel');
    expect(quarter.res.status).toBe(200);
    expect(quarter.doc.querySelector('h1')!.textContent).toBe('Unionviertel');
    expect(quarter.text).toContain('/einbetten/unionviertel');
    // By id (the programme's quarter filter links so): one address, the slug's.
    const byId = await page(`/quartiere/${demo.quarterId}`);
    expect(byId.res.status).toBe(301);
    expect(byId.res.headers.get('location')).toBe('/quartiere/unionviertel');
  });

  it('answers 404 for unknown public paths and 200 for every route of the app', async () => {
    for (const p of ['/gibt-es-nicht', '/plans', '/programme/x/y', '/storefronts/a/b/c']) {
      const r = await fetch(server.url + p);
      expect(r.status, p).toBe(404);
      expect(await r.text()).toContain('Seite nicht gefunden');
    }
    for (const p of [
      '/',
      '/login',
      '/dashboard',
      '/plans/abc',
      '/plans/abc/print',
      '/einladung/tok123',
      '/storefronts/new',
      '/programme',
    ]) {
      const r = await fetch(server.url + p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/html');
    }
  });

  it('lets only the configured origins frame the widget, and no one frame any other page', async () => {
    const widget = await fetch(`${server.url}/einbetten/unionviertel`);
    expect(widget.status).toBe(200);
    expect(await widget.text()).toContain('Vernissage Klangraum');
    const csp = widget.headers.get('content-security-policy')!;
    const ancestors = csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d.startsWith('frame-ancestors'));
    expect(ancestors).toEqual([`frame-ancestors ${EMBED} http://localhost:8099`]);
    expect(widget.headers.get('x-frame-options')).toBeNull();
    for (const p of ['/programme', '/', '/gibt-es-nicht', `/quartiere/unionviertel`, '/api/public/programme']) {
      const r = await fetch(server.url + p);
      expect(r.headers.get('content-security-policy'), p).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), p).toBe('DENY');
    }
    expect((await fetch(`${server.url}/einbetten/gibt-es-nicht`)).status).toBe(404);
  });
});
