import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse, type HTMLElement } from 'node-html-parser';
import { test } from '../../helpers/fixtures.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { Api } from '../../helpers/api.ts';
import { smallPng } from '../../helpers/media.ts';
import type { World } from '../accounts/fixtures.ts';
import { publishedStagingIn } from '../profiles/kit.ts';

const HOSTILE = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';

/**
 * Issue 17: the creative profiles' public pages fetched with plain HTTP — text in the HTML, head tags,
 * a schema.org Person, 404 for unknown and unpublished slugs (at once after unpublishing), and the
 * sitemap listing published profiles only.
 */
describe('creative profile pages (plain HTTP, no browser)', () => {
  let server: TestServer;
  let world: World;
  let publicUrl: string;

  test.beforeAll(async ({ server: s, world: w }) => {
    server = s;
    world = w;
    publicUrl = server.app.config.publicUrl;
  });

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
  const sitemapLocs = async () => {
    const text = await (await fetch(`${server.url}/sitemap.xml`)).text();
    expect(XMLValidator.validate(text)).toBe(true);
    return [new XMLParser().parse(text).urlset.url].flat().map((u: { loc: string }) => u.loc);
  };

  async function createProfile(api: Api, over: Record<string, unknown>) {
    const res = await api.post('/api/profiles', {
      disciplines: ['sound-design', 'scenography'],
      bio: 'Wir bauen Klangräume.',
      website: 'https://studio.example/',
      links: ['https://instagram.com/studio.example'],
      ...over,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; slug: string };
  }

  async function uploadPortrait(api: Api, profileId: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await smallPng(1200))]), 'portrait.png');
    const res = await fetch(`${server.url}/api/profiles/${profileId}/portrait`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}` },
      body: form,
    });
    expect(res.status).toBe(200);
  }

  it('renders /kreative/<slug> with its text, escaped bio, head tags, portrait and a schema.org Person', async () => {
    const me = world.api.designer1;
    const staging = await publishedStagingIn(world, world.demo.users.designer1.id, me);
    const p = await createProfile(me, { displayName: 'Studio Nachtklang', bio: `Klang und Licht. ${HOSTILE} Ende.` });
    await uploadPortrait(me, p.id);
    expect((await me.post(`/api/profiles/${p.id}/publish`)).status).toBe(200);

    const { res, text, doc } = await page(`/kreative/${p.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    // The hostile bio is text: no script element of its own, no injected image, the text readable.
    expect(text).not.toContain('<script>alert(1)');
    expect(text).not.toContain('<img src=x');
    expect(doc.querySelectorAll('img[onerror]')).toHaveLength(0);
    for (const s of doc.querySelectorAll('script')) expect(s.textContent).not.toContain('alert(1)</script>');
    const ssr = doc.querySelector('#ssr-page')!;
    expect(ssr.querySelector('h1')!.textContent).toBe('Studio Nachtklang');
    expect(ssr.querySelector('[data-testid="ssr-profile-bio"]')!.textContent).toBe(`Klang und Licht. ${HOSTILE} Ende.`);
    expect(ssr.textContent).toContain(staging.title);
    expect(ssr.textContent).toContain(staging.quarterName);
    const links = ssr.querySelectorAll('a[href^="https://"]');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://studio.example/', 'https://instagram.com/studio.example']);
    for (const a of links) expect(a.getAttribute('rel')).toBe('noopener nofollow ugc');

    const url = `${publicUrl}/kreative/${p.slug}`;
    expect(doc.querySelector('title')!.textContent).toContain('Studio Nachtklang');
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(url);
    expect(meta(doc, 'og:type')).toBe('profile');
    expect(meta(doc, 'og:title')).toBe('Studio Nachtklang');
    expect(meta(doc, 'og:url')).toBe(url);
    expect(meta(doc, 'description')).toContain('Klang und Licht.');
    expect(meta(doc, 'twitter:card')).toBe('summary_large_image');
    const image = meta(doc, 'og:image')!;
    expect(image.startsWith(`${publicUrl}/api/public/profiles/${p.slug}/portrait/`)).toBe(true);
    expect(meta(doc, 'twitter:image')).toBe(image);
    // The page's own picture is at its path on this server (the CSP allows 'self' only), the same file.
    expect(ssr.querySelector('img')!.getAttribute('src')).toBe(new URL(image).pathname);
    // The image's URL serves the portrait, signed out.
    const img = await fetch(server.url + new URL(image).pathname);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toMatch(/^image\//);

    const ld = jsonLd(doc);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Person',
      name: 'Studio Nachtklang',
      url,
      image,
      sameAs: ['https://studio.example/', 'https://instagram.com/studio.example'],
    });
    expect(ld.description).toBe(`Klang und Licht. ${HOSTILE} Ende.`);
    expect(ld.knowsAbout).toHaveLength(2);
    // The app starts from the embedded data: the public profile, nothing of the account.
    const data = JSON.parse(doc.querySelector('#ssr-profile-data')!.textContent);
    expect(data).toMatchObject({ slug: p.slug, displayName: 'Studio Nachtklang' });
    expect(text).not.toContain(world.demo.users.designer1.email);

    // The directory lists it, with a discipline filter and without; an invalid filter value is ignored.
    const dir = await page('/kreative');
    expect(dir.res.status).toBe(200);
    expect(meta(dir.doc, 'og:title')).toContain('Kreative');
    const hrefs = (d: HTMLElement) => d.querySelectorAll('[data-testid="ssr-profile-item"] a').map((a) => a.getAttribute('href'));
    expect(hrefs(dir.doc)).toContain(`/kreative/${p.slug}`);
    const byQuarter = await page(`/kreative?quartier=${staging.quarterSlug}`);
    expect(hrefs(byQuarter.doc)).toEqual([`/kreative/${p.slug}`]);
    expect(byQuarter.doc.querySelector('#ssr-page')!.textContent).toContain(`Quartier ${staging.quarterName}`);
    const otherDiscipline = await page(`/kreative?quartier=${staging.quarterSlug}&disziplin=photography`);
    expect(hrefs(otherDiscipline.doc)).toEqual([]);
    const invalid = await page(`/kreative?disziplin=%3Cscript%3E&quartier=${encodeURIComponent('<b>')}`);
    expect(invalid.res.status).toBe(200);
    expect(hrefs(invalid.doc)).toContain(`/kreative/${p.slug}`);
    expect(invalid.text).not.toContain('<b>');

    // In the sitemap while published.
    expect(await sitemapLocs()).toContain(url);
  });

  it('answers 404 for unknown and unpublished slugs, at once after unpublishing, and leaves them out of the sitemap', async () => {
    const me = world.api.designer2;
    const p = await createProfile(me, { displayName: 'Atelier Unsichtbar' });
    const url = `${publicUrl}/kreative/${p.slug}`;

    const hidden = await page(`/kreative/${p.slug}`);
    expect(hidden.res.status).toBe(404);
    expect(hidden.text).not.toContain('Atelier Unsichtbar');
    expect(meta(hidden.doc, 'robots')).toBe('noindex');
    expect(await sitemapLocs()).not.toContain(url);
    expect((await page('/kreative')).text).not.toContain('Atelier Unsichtbar');

    expect((await me.post(`/api/profiles/${p.id}/publish`)).status).toBe(200);
    expect((await page(`/kreative/${p.slug}`)).res.status).toBe(200);
    expect(await sitemapLocs()).toContain(url);

    expect((await me.post(`/api/profiles/${p.id}/unpublish`)).status).toBe(200);
    const gone = await page(`/kreative/${p.slug}`);
    expect(gone.res.status).toBe(404);
    expect(gone.text).not.toContain('Atelier Unsichtbar');
    expect(await sitemapLocs()).not.toContain(url);

    expect((await page('/kreative/niemand-hier-xyz')).res.status).toBe(404);
    expect((await page('/kreative/NICHT-GUELTIG%3Cx%3E')).res.status).toBe(404);

    const locs = await sitemapLocs();
    expect(locs).toContain(`${publicUrl}/kreative`);
    expect(locs.every((l) => l.startsWith(`${publicUrl}/`))).toBe(true);
  });
});
