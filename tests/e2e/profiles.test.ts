import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { test } from '../helpers/fixtures.ts';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { World } from '../helpers/fixtures.ts';
import { jpegWithGps } from '../helpers/media.ts';
import { signedInContext } from './editor-kit.ts';
import { publishedStagingIn } from '../integration/profiles/kit.ts';

/**
 * Creative profiles (issue 17) in Chromium: a designer fills in the "Öffentliches Profil" on /account,
 * uploads a portrait and publishes; signed out on a phone, the /kreative directory lists the profile,
 * its filters narrow it down, the profile page shows it (hostile text as text, links with
 * rel="noopener nofollow ugc", the published staging with its programme link); axe is clean on both
 * pages; unpublishing takes the page down at once; deleting removes it.
 */
/** Elements that reach past the viewport's right edge (a page that scrolls sideways on a phone). */
const wider = (page: Page, scope = 'body') =>
  page.evaluate(
    (scope) =>
      [...document.querySelectorAll(`${scope} *`)]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    scope,
  );

describe.runIf(browserSuites())('creative profiles in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let world: World;
  test.beforeAll(async ({ server: s, browser: b, world: w }) => {
    [server, browser, world] = [s, b, w];
  });

  it('fill in, upload a portrait, publish; the directory shows and filters it; axe is clean', async () => {
    const staging = await publishedStagingIn(world, world.demo.users.designer1.id, world.api.designer1);
    const name = `Studio Klangfarbe ${randomUUID().slice(0, 6)}`;
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

    // ── the designer, on /account ──
    const ctx = await signedInContext(browser, server, world.demo.users.designer1.email, world.password);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('[pageerror]', e.message));
    await page.goto(`${server.url}/account`);
    const section = page.getByTestId('profile-section');
    await section.getByLabel('Name oder Studio').fill(name);
    await section.getByLabel('Szenografie').check();
    await section.getByLabel('Sounddesign').check();
    await section.getByLabel('Kurzbeschreibung').fill(hostile);
    // A javascript: link is refused in the form, naming the field, before anything is sent.
    await section.getByLabel('Website').fill('javascript:alert(1)');
    await section.getByRole('button', { name: 'Profil anlegen' }).click();
    await expect.poll(() => section.getByRole('alert').first().textContent()).toContain('„Website“');
    await section.getByLabel('Website').fill('https://klangfarbe.example/');
    await section.getByLabel(/Weitere Links/).fill('https://www.instagram.com/klangfarbe.example');
    await section.getByRole('button', { name: 'Profil anlegen' }).click();
    await expect.poll(() => section.getByText('Profil gespeichert.').count()).toBe(1);
    await expect.poll(() => section.getByTestId('profile-status').textContent()).toContain('Privat');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The portrait: through the file input (as the "Bild wählen" button opens it).
    await section
      .getByTestId('portrait-input')
      .setInputFiles({ name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps(900, 700) });
    const previewImg = section.getByTestId('profile-preview').locator('img');
    await expect.poll(() => previewImg.count()).toBe(1);
    await expect.poll(() => previewImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The preview shows the bio as text.
    expect(await section.getByTestId('profile-preview').getByTestId('profile-bio').textContent()).toBe(hostile);

    // Publish, after confirming.
    await section.getByRole('button', { name: 'Veröffentlichen' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('für alle sichtbar');
    await dialog.getByRole('button', { name: 'Veröffentlichen' }).click();
    const publicLink = section.getByTestId('profile-public-link');
    await expect.poll(() => publicLink.count()).toBe(1);
    // The section works on a phone too: nothing of it reaches past the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'profiles-account-phone');
    expect(await wider(page, '[data-testid="profile-section"]')).toEqual([]);
    const profilePath = new URL((await publicLink.getAttribute('href'))!, server.url).pathname;
    expect(profilePath).toMatch(/^\/kreative\/studio-klangfarbe-[a-z0-9-]+$/);

    // ── anyone, signed out, on a phone ──
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const p = await phone.newPage();
      p.on('pageerror', (e) => console.error('[pageerror]', e.message));
      await p.goto(`${server.url}/kreative`);
      await p.getByTestId('directory-filters').waitFor();
      // The quarter is this test's own: choose it in the filter, then by keyboard to "Anzeigen" and Enter.
      await expect.poll(() => p.getByLabel('Quartier').locator('option').allTextContents()).toContain(staging.quarterName);
      await p.getByLabel('Quartier').selectOption(staging.quarterSlug);
      await p.getByLabel('Quartier').press('Tab');
      expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Anzeigen');
      await p.keyboard.press('Enter');
      await expect.poll(() => p.url()).toContain(`quartier=${staging.quarterSlug}`);
      const entries = p.getByTestId('directory').locator('li');
      await expect.poll(() => entries.allTextContents()).toEqual([expect.stringContaining(name)]);
      expect(await entries.first().textContent()).toContain(staging.quarterName);
      expect(await seriousA11yViolations(p)).toEqual([]);
      // Nothing scrolls sideways on the phone.
      expect(await wider(p)).toEqual([]);
      await screenshot(p, 'profiles-directory-phone');

      // A discipline the profile does not name: nothing in this quarter.
      await p.getByLabel('Disziplin').selectOption('illustration');
      await p.getByRole('button', { name: 'Anzeigen' }).click();
      await expect.poll(() => p.getByTestId('directory-empty').textContent()).toContain('Keine Profile passen');
      await p.getByLabel('Disziplin').selectOption('scenography');
      await p.getByRole('button', { name: 'Anzeigen' }).click();
      await expect.poll(() => entries.allTextContents()).toEqual([expect.stringContaining(name)]);

      // The profile page.
      await entries.first().getByRole('link', { name }).click();
      await expect.poll(() => p.url()).toBe(server.url + profilePath);
      const view = p.getByTestId('profile-view');
      await expect.poll(() => view.getByTestId('profile-name').textContent()).toBe(name);
      expect(await view.getByTestId('profile-bio').textContent()).toBe(hostile);
      expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await view.locator('script, img[src="x"]').count()).toBe(0);
      expect(await view.getByTestId('profile-disciplines').textContent()).toContain('Szenografie');
      const links = view.getByTestId('profile-links').locator('a');
      expect(await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]))).toEqual([
        ['https://klangfarbe.example/', 'noopener nofollow ugc'],
        ['https://www.instagram.com/klangfarbe.example', 'noopener nofollow ugc'],
      ]);
      const stagings = view.getByTestId('profile-stagings');
      expect(await stagings.textContent()).toContain(staging.title);
      expect(await stagings.getByRole('link').getAttribute('href')).toBe(`/programme?quarter=${staging.quarterSlug}`);
      const img = view.locator('img').first();
      await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
      expect(await img.evaluate((i: HTMLImageElement) => i.currentSrc)).toContain(
        `/api/public/profiles/${profilePath.split('/').pop()}/portrait/`,
      );
      expect(await img.getAttribute('alt')).toContain(name);
      expect(await seriousA11yViolations(p)).toEqual([]);
      await screenshot(p, 'profiles-page-phone');

      // Loaded directly: the server rendered it with its data; the app starts on it from the embedded
      // data (no second request for the profile), replaces the server's block, and no script of the bio runs.
      const direct = await phone.newPage();
      const errors: string[] = [];
      direct.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      direct.on('pageerror', (e) => errors.push(e.message));
      const asked: string[] = [];
      direct.on('request', (r) => {
        if (new URL(r.url()).pathname === `/api/public/profiles/${profilePath.split('/').pop()}`) asked.push(r.url());
      });
      const res = await direct.goto(server.url + profilePath);
      expect(res!.status()).toBe(200);
      const directView = direct.getByTestId('profile-view');
      await expect.poll(() => directView.getByTestId('profile-name').textContent()).toBe(name);
      expect(await direct.locator('#ssr-page').count()).toBe(0);
      expect(await direct.getByRole('heading', { level: 1 }).count()).toBe(1);
      expect(await directView.getByTestId('profile-bio').textContent()).toBe(hostile);
      expect(await direct.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(asked).toEqual([]);
      expect(errors).toEqual([]);
      await direct.close();

      // ── the designer unpublishes: the page is gone at once ──
      await section.getByRole('button', { name: 'Nicht mehr veröffentlichen' }).click();
      await dialog.getByRole('button', { name: 'Nicht mehr veröffentlichen' }).click();
      await expect.poll(() => section.getByTestId('profile-status').textContent()).toContain('Privat');
      await p.reload();
      await expect.poll(() => p.getByTestId('profile-not-found').count()).toBe(1);
      await p.goto(`${server.url}/kreative?quartier=${staging.quarterSlug}`);
      await expect.poll(() => p.getByTestId('directory-empty').count()).toBe(1);

      // ── and deletes it for good, after confirming ──
      await section.getByRole('button', { name: 'Profil löschen' }).click();
      await dialog.getByRole('button', { name: 'Profil löschen' }).click();
      await expect.poll(() => section.getByText('Profil gelöscht.').count()).toBe(1);
      expect(await section.getByRole('button', { name: 'Profil anlegen' }).count()).toBe(1);
      expect((await world.api.designer1.get('/api/profile')).body.profile).toBeNull();
    } finally {
      await phone.close();
      await ctx.close();
    }
  });
});
